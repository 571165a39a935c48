import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from './sandbox';

/** What another process (`npm run demo`, `npm run admin`) needs to reach a sandbox `npm start` runs. */
export interface RunningSandbox {
  readonly pid: number;
  readonly stack: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** Absent in the file of a sandbox started before they were announced. */
  readonly tableName?: string;
  readonly accountKeyParameter?: string;
  readonly timeScale: number;
  readonly endpoints: Sandbox['endpoints'];
}

const FILE = 'running.json';

/** Kept in the sandbox's data folder while it runs, so one folder names one sandbox. */
export function announceRunning(sandbox: Sandbox): () => void {
  const file = join(sandbox.dataDirectory, FILE);
  const running: RunningSandbox = {
    pid: process.pid,
    stack: sandbox.stack,
    region: sandbox.region,
    userPoolId: sandbox.userPoolId,
    clientId: sandbox.clientId,
    tableName: sandbox.tableName,
    accountKeyParameter: sandbox.accountKeyParameter,
    timeScale: sandbox.timeScale,
    endpoints: sandbox.endpoints,
  };
  writeFileSync(file, `${JSON.stringify(running, null, 2)}\n`);
  return () => rmSync(file, { force: true });
}

/** The sandbox running over this data folder, if its process is still alive. */
export function findRunning(dataDirectory: string): RunningSandbox | undefined {
  const file = join(dataDirectory, FILE);
  if (!existsSync(file)) return undefined;
  let running: RunningSandbox;
  try {
    running = JSON.parse(readFileSync(file, 'utf8')) as RunningSandbox;
  } catch {
    return undefined;
  }
  try {
    process.kill(running.pid, 0);
  } catch {
    return undefined; // left behind by a sandbox that was killed
  }
  return running;
}
