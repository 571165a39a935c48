import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs a sandbox script as its npm command does (`node --import tsx <script>`), collecting what it prints. */
export function runScript(script: string, args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

export type RunningScript = ReturnType<typeof runScript>;

/** Resolves once the sandbox printed its ready banner; rejects if it exits first. */
export function untilReady(sandbox: RunningScript): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (sandbox.out().includes('Ctrl-C stops it')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    void sandbox.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the sandbox exited ${String(code)} before it was ready: ${sandbox.err()}`));
    });
  });
}
