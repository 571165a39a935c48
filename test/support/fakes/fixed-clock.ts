import type { Clock } from '../../../domain';

/** A clock that only moves when the test moves it. */
export class FixedClock implements Clock {
  constructor(private current: number = Date.parse('2026-11-23T10:00:00Z')) {}

  now(): number {
    return this.current;
  }

  set(at: number): void {
    this.current = at;
  }

  advance(milliseconds: number): number {
    this.current += milliseconds;
    return this.current;
  }

  advanceSeconds(seconds: number): number {
    return this.advance(seconds * 1000);
  }
}
