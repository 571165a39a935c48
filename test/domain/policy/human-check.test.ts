import { expect } from 'chai';
import { decideHumanCheck } from '../../../domain';

describe('decideHumanCheck', () => {
  it('refuses a sign-up without a token, whatever the failure mode', () => {
    for (const mode of ['refuse', 'allow'] as const) {
      expect(decideHumanCheck('no-token', mode)).to.deep.equal({ kind: 'refuse', reason: 'captcha-missing' });
    }
  });

  it('passes a token the provider vouches for, and refuses one it refused, whatever the failure mode', () => {
    for (const mode of ['refuse', 'allow'] as const) {
      expect(decideHumanCheck({ outcome: 'passed' }, mode)).to.deep.equal({ kind: 'pass', degraded: false });
      expect(decideHumanCheck({ outcome: 'failed', reasons: ['timeout-or-duplicate'] }, mode)).to.deep.equal({
        kind: 'refuse',
        reason: 'captcha-failed',
      });
    }
  });

  it('leaves an unreachable provider to the stack: refused by default, let through (degraded) when it allows', () => {
    const unavailable = { outcome: 'unavailable', reason: 'timeout', misconfigured: false } as const;
    expect(decideHumanCheck(unavailable, 'refuse')).to.deep.equal({ kind: 'refuse', reason: 'captcha-unavailable' });
    expect(decideHumanCheck(unavailable, 'allow')).to.deep.equal({ kind: 'pass', degraded: true });
  });

  it('refuses when the provider refuses Gatehouse\'s own secret, whatever the failure mode (a defect, not an outage)', () => {
    const misconfigured = { outcome: 'unavailable', reason: 'invalid-input-secret', misconfigured: true } as const;
    for (const mode of ['refuse', 'allow'] as const) {
      expect(decideHumanCheck(misconfigured, mode)).to.deep.equal({ kind: 'refuse', reason: 'captcha-unavailable' });
    }
  });
});
