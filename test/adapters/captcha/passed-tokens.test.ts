import { expect } from 'chai';
import { PASSED_TOKEN_CAPACITY, PASSED_TOKEN_TTL_MS, PassedTokens } from '../../../adapters/captcha/passed-tokens';

describe('adapters/captcha/PassedTokens', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = 1_700_000_000_000));

  it('remembers a token for five minutes by default, then forgets it', () => {
    const passed = new PassedTokens(clock);
    passed.remember('a');
    now += PASSED_TOKEN_TTL_MS - 1;
    expect(passed.has('a')).to.equal(true);
    now += 1;
    expect(passed.has('a')).to.equal(false);
    expect(passed.size).to.equal(0);
  });

  it('knows nothing it was not told', () => {
    expect(new PassedTokens(clock).has('a')).to.equal(false);
  });

  it('keeps at most its capacity, forgetting the oldest first', () => {
    const passed = new PassedTokens(clock, 60_000, 3);
    for (const digest of ['a', 'b', 'c', 'd']) {
      passed.remember(digest);
      now += 1;
    }
    expect(passed.size).to.equal(3);
    expect(['a', 'b', 'c', 'd'].map((digest) => passed.has(digest))).to.deep.equal([false, true, true, true]);
  });

  it('starts the lifetime again when a token is remembered again, and moves it to the back of the line', () => {
    const passed = new PassedTokens(clock, 1_000, 2);
    passed.remember('a');
    passed.remember('b');
    now += 600;
    passed.remember('a');
    now += 600;
    expect(passed.has('b')).to.equal(false);
    expect(passed.has('a')).to.equal(true);
    passed.remember('c');
    passed.remember('d');
    expect(passed.has('a')).to.equal(false);
  });

  it('stays bounded under a flood of distinct passes', () => {
    const passed = new PassedTokens(clock);
    for (let index = 0; index < PASSED_TOKEN_CAPACITY * 3; index += 1) passed.remember(`digest-${index}`);
    expect(passed.size).to.equal(PASSED_TOKEN_CAPACITY);
    expect(passed.has(`digest-${PASSED_TOKEN_CAPACITY * 3 - 1}`)).to.equal(true);
    expect(passed.has('digest-0')).to.equal(false);
  });
});
