# Puts Node.js 22 first on PATH for this shell when the machine's own Node is older.
# Source it (`. scripts/use-node.sh`): it installs nothing system-wide. The pinned release comes from the
# npm registry (package node-linux-<arch>), is checked against its registry integrity, and is unpacked
# once under ${GATEHOUSE_NODE_CACHE:-$HOME/.cache/gatehouse}.
GATEHOUSE_NODE_VERSION=22.23.3

_gatehouse_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_gatehouse_node_major)" -lt 22 ]; then
  case "$(uname -m)" in
    x86_64) _gatehouse_arch=x64 ;;
    aarch64 | arm64) _gatehouse_arch=arm64 ;;
    *) echo "use-node.sh: no Node.js package for $(uname -m); install Node.js 22 yourself" >&2; return 1 ;;
  esac
  _gatehouse_dir="${GATEHOUSE_NODE_CACHE:-$HOME/.cache/gatehouse}/node-v${GATEHOUSE_NODE_VERSION}-linux-${_gatehouse_arch}"
  if [ ! -x "$_gatehouse_dir/bin/node" ]; then
    _gatehouse_tmp="$(mktemp -d)"
    # npm pack verifies the tarball against the integrity the registry publishes for this version.
    (cd "$_gatehouse_tmp" && npm pack --silent "node-linux-${_gatehouse_arch}@${GATEHOUSE_NODE_VERSION}" >/dev/null) || {
      echo "use-node.sh: could not fetch node-linux-${_gatehouse_arch}@${GATEHOUSE_NODE_VERSION} from the npm registry" >&2
      rm -rf "$_gatehouse_tmp"; return 1
    }
    mkdir -p "$_gatehouse_dir"
    tar -xzf "$_gatehouse_tmp"/node-linux-*.tgz -C "$_gatehouse_dir" --strip-components=1
    rm -rf "$_gatehouse_tmp"
  fi
  PATH="$_gatehouse_dir/bin:$PATH"
  export PATH
  hash -r 2>/dev/null || true
  unset _gatehouse_arch _gatehouse_dir _gatehouse_tmp
fi

if [ "$(_gatehouse_node_major)" -lt 22 ]; then
  echo "use-node.sh: Node.js 22 or later is required (found $(node --version 2>/dev/null || echo none))" >&2
  return 1
fi
unset -f _gatehouse_node_major
