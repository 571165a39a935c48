import { setTimeout as sleep } from 'node:timers/promises';
import type { Pause } from '../../domain';

export class TimerPause implements Pause {
  async until(epochMs: number): Promise<void> {
    const wait = epochMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
}
