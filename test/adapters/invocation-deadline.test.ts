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

  it('keeps the deadlines of concurrent invocations apart', async () => {
    const seen = await Promise.all(
      [60_000, 1_000].map((budget) =>
        withDeadline(Date.now() + budget, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return remainingMs() ?? 0;
        }),
      ),
    );
    expect(seen[0]).to.be.above(50_000);
    expect(seen[1]).to.be.below(1_001);
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
