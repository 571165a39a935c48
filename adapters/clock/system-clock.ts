import type { Clock } from '../../domain';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
