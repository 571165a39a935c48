import { expect } from 'chai';
import {
  boundByDeadline,
  DeadlineExceededError,
  deadlineSendOptions,
  MIN_REQUEST_MS,
  remainingMs,
  withDeadline,
} from '../../adapters/invocation-deadline';

describe('adapters/invocation-deadline', () => {
  it('adds nothing outside an invocation', () => {
    expect(remainingMs()).to.equal(undefined);
    expect(deadlineSendOptions()).to.deep.equal({});
  });

  it('gives each call an abort signal for what is left of the invocation', async () => {
    await withDeadline(Date.now() + 10_000, async () => {
      const { abortSignal } = deadlineSendOptions();
      expect(abortSignal).to.be.instanceOf(AbortSignal);
      expect(abortSignal?.aborted).to.equal(false);
      expect(remainingMs()).to.be.within(9_000, 10_000);
    });
  });

  it('refuses to send what cannot complete before the deadline', async () => {
    await withDeadline(Date.now() + MIN_REQUEST_MS - 1, async () => {
      expect(() => deadlineSendOptions()).to.throw(DeadlineExceededError);
    });
  });

  it('aborts the signal of an invocation whose deadline passes, and forgets the invocation when it ends', async () => {
    let signal: AbortSignal | undefined;
    await withDeadline(Date.now() + 30, async () => {
      signal = deadlineSendOptions().abortSignal;
      await new Promise((resolve) => setTimeout(resolve, 60));
    });
    expect(signal?.aborted).to.equal(true);
    expect(signal?.reason).to.be.instanceOf(DeadlineExceededError);
    expect(remainingMs()).to.equal(undefined);
  });

  it('never cuts a call short of its own invocation when one process serves several at once', async () => {
    // Lambda serves one invocation at a time; in one process serving several, the latest deadline applies.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const reads = [60_000, 1_000].map((budget) =>
      withDeadline(Date.now() + budget, async () => {
        await gate;
        return remainingMs() ?? 0;
      }),
    );
    open();
    const seen = await Promise.all(reads);
    expect(seen.every((remaining) => remaining > 50_000)).to.equal(true);
  });

  describe('boundByDeadline', () => {
    const recordingClient = () => {
      const calls: unknown[][] = [];
      const client = boundByDeadline({
        async send(...args: unknown[]) {
          calls.push(args);
          return 'sent';
        },
      });
      return { client, calls };
    };

    it('hands every send the abort signal, keeping the caller options', async () => {
      const { client, calls } = recordingClient();
      await withDeadline(Date.now() + 5_000, () => client.send('command', { requestTimeout: 10 }));
      const options = calls[0]?.[1] as { abortSignal?: AbortSignal; requestTimeout?: number };
      expect(options.abortSignal).to.be.instanceOf(AbortSignal);
      expect(options.requestTimeout).to.equal(10);
    });

    it('does not send at all once the deadline has passed', async () => {
      const { client, calls } = recordingClient();
      const error = await withDeadline(Date.now() - 1, () => client.send('command')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DeadlineExceededError);
      expect(calls).to.deep.equal([]);
    });

    it('sends as before outside an invocation', async () => {
      const { client, calls } = recordingClient();
      expect(await client.send('command')).to.equal('sent');
      expect(calls).to.deep.equal([['command', {}]]);
    });
  });
});
