import type { OnceOnly } from '../../../domain';

/** `OnceOnly` as its contract says, in memory: done keys stay done, a failed run releases its key. */
export class InMemoryOnceOnly implements OnceOnly {
  private readonly done = new Set<string>();
  private readonly running = new Set<string>();
  readonly runs: string[] = [];

  async run(key: string, work: () => Promise<void>): Promise<'done' | 'already-done' | 'in-progress'> {
    if (this.done.has(key)) return 'already-done';
    if (this.running.has(key)) return 'in-progress';
    this.running.add(key);
    try {
      this.runs.push(key);
      await work();
      this.done.add(key);
      return 'done';
    } finally {
      this.running.delete(key);
    }
  }
}
