// Gatehouse sandbox console: hash-routed pages over the sandbox's JSON API, refreshed every two seconds.
// Everything from the API reaches the page through createElement and text nodes, never as markup.
'use strict';

const REFRESH_MS = 2000;

const pageEl = document.getElementById('page');
const contentEl = document.getElementById('content');
const statusEl = document.getElementById('status');
const errorEl = document.getElementById('error');
const overviewEl = document.getElementById('overview');

// ---------------------------------------------------------------------------------------------------
// DOM and formatting helpers

/** createElement with attributes, `on<event>` listeners and children (strings become text nodes). */
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

// Record fields are not typed by the API: accept epoch milliseconds as well as ISO strings.
function toDate(value) {
  if (value === undefined || value === null || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function timeEl(value) {
  const date = toDate(value);
  if (!date) return '—';
  return h('time', { datetime: date.toISOString() }, dateTimeFormat.format(date));
}

function formatRelative(ms, now = Date.now()) {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relativeFormat.format(seconds, 'second');
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  return relativeFormat.format(Math.round(seconds / 86_400), 'day');
}

/** A relative time that refreshRelativeTimes() keeps current even when the JSON does not change. */
function relativeEl(ms) {
  const date = toDate(ms);
  if (!date) return '—';
  return h('time', { class: 'relative', datetime: date.toISOString(), title: dateTimeFormat.format(date), 'data-at': date.getTime() },
    formatRelative(date.getTime()));
}

function refreshRelativeTimes() {
  const now = Date.now();
  for (const el of contentEl.querySelectorAll('time[data-at]')) {
    const text = formatRelative(Number(el.dataset.at), now);
    if (el.textContent !== text) el.textContent = text;
  }
}

function badge(text, tone = 'neutral') {
  return h('span', { class: `badge badge-${tone}` }, text);
}

const STATUS_TONES = {
  UNCONFIRMED: 'warn', CONFIRMED: 'ok', RUNNING: 'info', SUCCEEDED: 'ok', FAILED: 'bad', ABORTED: 'neutral',
  FORCE_CHANGE_PASSWORD: 'warn', RESET_REQUIRED: 'warn',
};
const statusBadge = (status) => badge(status ?? '—', STATUS_TONES[status] ?? 'neutral');

// Only a rough colouring: an outcome this list does not know is shown plainly rather than guessed at.
const OUTCOME_TONES = {
  success: 'ok', passed: 'ok', recovery: 'ok', unlocked: 'ok',
  failed: 'warn', counted: 'warn', attempt: 'neutral',
  lockout: 'bad', rejected: 'bad', 'refused-locked': 'bad', 'forced-reset': 'bad', 'refused-unavailable': 'bad', 'refused-error': 'bad',
};
const outcomeBadge = (outcome) => badge(outcome, OUTCOME_TONES[outcome] ?? 'neutral');

const yesNo = (value) => (value ? 'yes' : 'no');
const dash = (value) => (value === undefined || value === null || value === '' ? '—' : value);
const accountHref = (username) => `#/users/${encodeURIComponent(username)}`;
const accountLink = (username) => h('a', { href: accountHref(username) }, username);

function shortKey(key) {
  return key && key.length > 12 ? `${key.slice(0, 12)}…` : dash(key);
}

// A link from a mail body becomes clickable only when it is plain http(s).
function safeHref(link) {
  try {
    const url = new URL(link, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function table(columns, rows) {
  return h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, columns.map((column) =>
      typeof column === 'string' ? h('th', {}, column) : h('th', { title: column.title, class: column.class }, column.label)))),
    h('tbody', {}, rows));
}

const td = (child, cls) => h('td', { class: cls }, child);
const emptyState = (sentence) => h('p', { class: 'empty' }, sentence);

function definitionList(rows) {
  return h('dl', { class: 'facts' }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

// ---------------------------------------------------------------------------------------------------
// API access and the banner for failed requests

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function api(path, init = {}) {
  let response;
  try {
    // The console's header makes an action a request no other origin can send without a preflight.
    response = await fetch(path, { ...init, headers: { accept: 'application/json', 'x-gatehouse-console': '1' }, cache: 'no-store' });
  } catch {
    throw new ApiError('the sandbox did not answer (is it still running?)', 0);
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(body?.message ?? `HTTP ${response.status}`, response.status);
  return body;
}

// Failures are kept per source, so that a success elsewhere does not hide one that still fails.
const failures = new Map();

function setFailure(source, message) {
  if (message === undefined) failures.delete(source);
  else failures.set(source, message);
  const text = [...failures.values()].join(' · ');
  errorEl.hidden = failures.size === 0;
  if (errorEl.textContent !== text) errorEl.textContent = text;
}

function setStatus(text, tone, outcome) {
  statusEl.textContent = text;
  statusEl.className = tone ? `status status-${tone}` : 'status';
  if (outcome) statusEl.dataset.outcome = outcome;
  else delete statusEl.dataset.outcome;
}

// ---------------------------------------------------------------------------------------------------
// Header

let overviewLoaded = false;
let overviewPending = false;

async function loadOverview() {
  if (overviewPending) return;
  overviewPending = true;
  try {
    const overview = await api('/api/overview');
    overviewLoaded = true;
    setFailure('overview');
    renderOverview(overview);
  } catch (error) {
    setFailure('overview', `Overview: ${error.message}`);
  } finally {
    overviewPending = false;
  }
}

function renderOverview(overview) {
  const item = (term, value, cls) => h('div', {}, h('dt', {}, term), h('dd', { class: cls }, value));
  const endpoints = Object.entries(overview.endpoints ?? {});
  overviewEl.replaceChildren(...[
    item('Stack', dash(overview.region ? `${overview.stack} (${overview.region})` : overview.stack)),
    item('Pool', dash(overview.userPoolId), 'mono'),
    item('Client', dash(overview.clientId), 'mono'),
    // How many times faster than real time the reminder workflow's waits pass.
    overview.timeScale && item('Workflow time', `×${overview.timeScale}`),
    endpoints.length > 0 && item('Endpoints', h('details', { class: 'endpoints' }, h('summary', {}, String(endpoints.length)),
      definitionList(endpoints.map(([name, url]) => [name, h('span', { class: 'mono' }, String(url))])))),
  ].filter(Boolean));
}

// ---------------------------------------------------------------------------------------------------
// Unlocking (users page and account page)

const UNLOCK_TEXT = { unlocked: 'unlocked', 'nothing-to-unlock': 'nothing to unlock' };

function unlockButton(user) {
  const p = user.protection ?? {};
  const unlockable = Boolean(p.locked || p.attemptsInWindow > 0 || p.streak > 0 || p.lockouts > 0 || p.resetRequired);
  return h('button', {
    type: 'button',
    class: 'unlock',
    disabled: !unlockable,
    title: unlockable ? `Clear ${user.username}'s lock and attempts` : 'Nothing to unlock',
    onclick: (event) => unlock(user.username, event.currentTarget),
  }, 'Unlock');
}

async function unlock(username, button) {
  button.disabled = true;
  const at = dateTimeFormat.format(new Date());
  try {
    const result = await api(`/api/users/${encodeURIComponent(username)}/unlock`, { method: 'POST' });
    setStatus(`${at} · ${username}: ${UNLOCK_TEXT[result.outcome] ?? result.outcome}`, 'ok', result.outcome);
  } catch (error) {
    setStatus(`${at} · could not unlock ${username}: ${error.message}`, 'error', 'error');
  }
  // When nothing changed the row is not re-rendered, so the button must come back by itself.
  button.disabled = false;
  await refresh();
}

// ---------------------------------------------------------------------------------------------------
// Pages: each loads its JSON and renders it into a fresh node

// A code the pool sent and a text with a code read alike; a message a custom sender gave up on stands out.
const MAILBOX_TONES = { code: 'info', text: 'info', undelivered: 'bad' };

function renderMailbox(mail) {
  if (mail.length === 0) return emptyState('No mail yet. Sign up a user to receive a code.');
  return h('div', { class: 'mailbox' }, mail.map((entry) => {
    const href = entry.link && safeHref(entry.link);
    return h('article', { class: 'mail-entry', 'data-kind': entry.kind },
      h('div', { class: 'mail-head' },
        timeEl(entry.at),
        badge(entry.kind, MAILBOX_TONES[entry.kind] ?? 'neutral'),
        h('span', { class: 'to' }, 'to ', h('strong', {}, dash(entry.to))),
        entry.subject && h('span', { class: 'subject' }, entry.subject)),
      entry.code !== undefined && entry.code !== null && h('div', { class: 'code-line' },
        h('span', { class: 'code' }, String(entry.code)), copyButton(String(entry.code))),
      entry.link && h('div', { class: 'link-line' },
        href ? h('a', { class: 'link', href, target: '_blank', rel: 'noopener noreferrer' }, entry.link) : h('span', { class: 'link' }, entry.link),
        copyButton(entry.link)),
      entry.text && h('details', { class: 'body', 'data-key': `${entry.at}|${entry.kind}|${entry.to}` },
        h('summary', {}, 'Message text'), h('pre', {}, entry.text)));
  }));
}

// The clipboard API exists only in secure contexts (localhost and 127.0.0.1 count); elsewhere the
// code stays selectable with one click instead.
function copyButton(text) {
  if (!navigator.clipboard?.writeText) return undefined;
  return h('button', {
    type: 'button',
    class: 'copy',
    onclick: async (event) => {
      const button = event.currentTarget;
      let label = 'Copied';
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        label = 'Copy failed';
      }
      button.textContent = label;
      setTimeout(() => { button.textContent = 'Copy'; }, 1500);
    },
  }, 'Copy');
}

function lockedUntil(protection) {
  if (!protection.locked) return '—';
  return protection.lockedUntil !== undefined ? relativeEl(protection.lockedUntil) : 'until unlocked';
}

function renderUsers(users) {
  if (users.length === 0) return emptyState('No users yet. Sign up a user through the pool\'s app client to see it here.');
  return table(
    ['Username', 'Email', 'Status', 'Enabled', 'Created',
      { label: 'Attempts', title: 'Failed attempts in the current window', class: 'num' },
      { label: 'Lockouts', title: 'Backoff level: each lockout lasts longer than the one before', class: 'num' },
      'Locked until', 'Reset required', ''],
    users.map((user) => {
      const p = user.protection ?? {};
      return h('tr', { class: p.locked ? 'user-row locked' : 'user-row', 'data-username': user.username, 'data-locked': String(Boolean(p.locked)) },
        td(accountLink(user.username)),
        td(dash(user.email)),
        td([statusBadge(user.status), p.locked && badge('locked', 'locked')]),
        td(yesNo(user.enabled)),
        td(timeEl(user.createdAt)),
        td(dash(p.attemptsInWindow), 'num'),
        td(dash(p.lockouts), 'num'),
        td(lockedUntil(p)),
        td(p.resetRequired ? badge('required', 'warn') : '—'),
        td(unlockButton(user), 'actions'));
    }));
}

async function loadAccount(username) {
  try {
    return await api(`/api/users/${encodeURIComponent(username)}`);
  } catch (error) {
    // An unknown account is an answer worth rendering, not a failure of the console.
    if (error.status === 404) return { missing: error.message };
    throw error;
  }
}

const RECORD_FIELDS = [
  ['sub', 'Sub'], ['email', 'Email'], ['status', 'Status'], ['createdAt', 'Created'],
  ['confirmedAt', 'Confirmed'], ['lastSignInAt', 'Last sign-in'], ['signInCount', 'Sign-ins'],
];

function recordValue(name, value) {
  if (name.endsWith('At')) return timeEl(value);
  if (value !== null && typeof value === 'object') return h('code', {}, JSON.stringify(value));
  return dash(value);
}

function renderAccount(account, route) {
  const back = h('a', { class: 'back', href: '#/users' }, '← Users');
  if (account.missing) {
    return h('div', {}, back, h('p', { class: 'empty', title: account.missing }, `No account named “${route.username}”.`));
  }

  const { user, record, audit = [] } = account;
  const p = user.protection ?? {};
  const known = new Set(RECORD_FIELDS.map(([name]) => name));
  const recordRows = record ? [
    ...RECORD_FIELDS.filter(([name]) => name in record).map(([name, label]) => [label, recordValue(name, record[name])]),
    ...Object.keys(record).filter((name) => !known.has(name)).map((name) => [name, recordValue(name, record[name])]),
  ] : [];

  return h('section', { class: 'account', 'data-username': user.username, 'data-locked': String(Boolean(p.locked)) },
    back,
    h('div', { class: 'account-head' },
      h('h1', {}, user.username), statusBadge(user.status), p.locked && badge('locked', 'locked'), unlockButton(user)),
    h('div', { class: 'panels' },
      h('div', { class: 'panel' }, h('h2', {}, 'User'), definitionList([
        ['Email', dash(user.email)], ['Status', statusBadge(user.status)], ['Enabled', yesNo(user.enabled)], ['Created', timeEl(user.createdAt)],
      ])),
      h('div', { class: 'panel' }, h('h2', {}, 'Record'),
        recordRows.length ? definitionList(recordRows) : emptyState('No record kept for this account.')),
      h('div', { class: p.locked ? 'panel locked' : 'panel' }, h('h2', {}, 'Protection'), definitionList([
        ['Locked', p.locked ? badge('locked', 'locked') : 'no'], ['Locked until', lockedUntil(p)],
        ['Attempts in window', dash(p.attemptsInWindow)], ['Streak', dash(p.streak)],
        ['Lockouts (backoff level)', dash(p.lockouts)], ['Reset required', yesNo(p.resetRequired)],
      ]))),
    h('h2', {}, 'Audit trail'),
    audit.length === 0
      ? emptyState('Nothing in this account\'s audit trail yet.')
      : table(['Time', 'Outcome', 'Operator'], audit.map((entry) =>
          h('tr', { class: 'audit-row', 'data-outcome': entry.outcome },
            td(timeEl(entry.at)), td(outcomeBadge(entry.outcome)), td(dash(entry.operator)))))
  );
}

function renderAudit(entries) {
  if (entries.length === 0) return emptyState('No audit entries yet. Sign-in attempts and unlocks show up here.');
  return table(['Time', 'Who', 'Outcome', 'Account exists', 'Operator'], entries.map((entry) =>
    h('tr', { class: 'audit-row', 'data-outcome': entry.outcome },
      td(timeEl(entry.at)),
      // No username means the key belongs to no known user (an attempt on an unknown name, say).
      td(entry.username ? accountLink(entry.username) : h('code', { class: 'key', title: entry.key }, shortKey(entry.key))),
      td(outcomeBadge(entry.outcome)),
      td(yesNo(entry.accountExists)),
      td(dash(entry.operator)))));
}

function renderWorkflows(executions) {
  if (executions.length === 0) {
    return emptyState('No reminder workflow runs yet. Each self sign-up starts one, when the stack has reminders.');
  }
  return table(['Name', 'User', 'Status', 'Started', 'Error', 'Output'], executions.map((run) => {
    const output = run.output === undefined ? undefined : JSON.stringify(run.output);
    return h('tr', { class: 'workflow-row', 'data-status': run.status },
      td(h('span', { class: 'mono', title: run.executionArn }, run.name)),
      td(run.username ? accountLink(run.username) : '—'),
      td(statusBadge(run.status)),
      td(timeEl(run.startedAt)),
      td(run.error ? h('span', { class: 'error-text' }, run.error) : '—'),
      td(output ? h('code', { class: 'output', title: output }, output) : '—'));
  }));
}

// What CloudWatch would hold: each metric under each dimension set it was published with, summed since
// the sandbox started; and the stack's alarms, those on Gatehouse's own counts evaluated here.
const ALARM_TONES = { OK: 'ok', ALARM: 'bad', 'AWS only': 'neutral' };

function renderMetrics(metrics) {
  const alarms = metrics.alarms.length === 0
    ? emptyState('This stack has no alarms (gatehouse:operations.alarms.enabled is false).')
    : table(['Alarm', 'State', 'Last 5 minutes', 'Threshold', 'Watches'], metrics.alarms.map((alarm) =>
      h('tr', { class: 'alarm-row', 'data-state': alarm.state },
        td(h('span', { class: 'mono' }, alarm.name)),
        td(badge(alarm.state, ALARM_TONES[alarm.state] ?? 'neutral')),
        td(alarm.value === undefined ? '—' : String(alarm.value)),
        td(String(alarm.threshold)),
        td(alarm.description))));
  const counts = metrics.totals.length === 0
    ? emptyState('Nothing counted yet: every invocation of a trigger is counted once it ends.')
    : table(['Metric', 'Dimensions', 'Since start'], metrics.totals.map((metric) =>
      h('tr', { class: 'metric-row' },
        td(h('span', { class: 'mono' }, `${metric.namespace}/${metric.metricName}`)),
        td(h('span', { class: 'mono' }, Object.entries(metric.dimensions).map(([key, value]) => `${key}=${value}`).join(' '))),
        td(String(metric.value)))));
  return h('div', {}, h('h2', {}, 'Alarms'), alarms, h('h2', {}, 'Metrics'), counts);
}

const PAGES = {
  mailbox: { load: () => api('/api/mailbox'), render: renderMailbox },
  users: { load: () => api('/api/users'), render: renderUsers },
  account: { load: (route) => loadAccount(route.username), render: renderAccount },
  audit: { load: () => api('/api/audit'), render: renderAudit },
  workflows: { load: () => api('/api/workflows'), render: renderWorkflows },
  metrics: { load: () => api('/api/metrics'), render: renderMetrics },
};

// ---------------------------------------------------------------------------------------------------
// Routing and refreshing

function parseRoute(hash) {
  const [name, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (name === 'users' && rest.join('/') !== '') {
    const raw = rest.join('/');
    let username = raw;
    try {
      username = decodeURIComponent(raw);
    } catch {
      // A hand-typed, malformed escape: look the name up as written.
    }
    return { page: 'account', username };
  }
  return { page: name in PAGES && name !== 'account' ? name : 'mailbox' };
}

let route;
let renderedJson;
let requested = 0; // sequence of the latest refresh started
let applied = 0; // sequence of the latest refresh rendered: an older answer arriving late is dropped
let outstanding = 0;

function navigate() {
  route = parseRoute(location.hash);
  renderedJson = undefined;
  pageEl.dataset.page = route.page;
  pageEl.dataset.ready = 'false';
  // An unlock's outcome belongs to the page it was made on; refreshes keep it, navigation clears it.
  setStatus('');
  const section = route.page === 'account' ? 'users' : route.page;
  for (const link of document.querySelectorAll('a[data-nav]')) {
    const current = link.dataset.nav === section;
    link.classList.toggle('current', current);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = route.page === 'account' ? `${route.username} · Gatehouse sandbox` : 'Gatehouse sandbox';
  contentEl.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  refresh();
}

async function refresh() {
  const sequence = ++requested;
  const forRoute = route;
  outstanding++;
  try {
    const data = await PAGES[forRoute.page].load(forRoute);
    if (forRoute !== route || sequence < applied) return;
    applied = sequence;
    setFailure('page');
    const json = JSON.stringify(data);
    if (json !== renderedJson) {
      renderedJson = json;
      replaceContent(PAGES[forRoute.page].render(data, forRoute));
    }
    pageEl.dataset.ready = 'true';
  } catch (error) {
    if (forRoute === route) setFailure('page', `Could not load this page: ${error.message}`);
  } finally {
    outstanding--;
  }
  refreshRelativeTimes();
}

// Keeps open <details> open across a re-render, so a new message does not fold up the one being read.
function replaceContent(node) {
  const open = new Set([...contentEl.querySelectorAll('details[open][data-key]')].map((el) => el.dataset.key));
  for (const details of node.querySelectorAll?.('details[data-key]') ?? []) {
    if (open.has(details.dataset.key)) details.open = true;
  }
  contentEl.replaceChildren(node);
}

function tick() {
  if (!overviewLoaded) loadOverview();
  // A slow sandbox should not pile up requests: the next tick tries again.
  if (outstanding === 0) refresh();
  else refreshRelativeTimes();
}

window.addEventListener('hashchange', navigate);
loadOverview();
navigate();
setInterval(tick, REFRESH_MS);
