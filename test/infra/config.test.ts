import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { loadStackConfig, parseStackConfig, StackConfigError } from '../../infra/config';

const DEFAULTS = {
  lockout: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 300, maxLockoutSeconds: 3600, backoffMemorySeconds: 86_400 },
  forcedReset: { enabled: false, afterLockouts: 3, afterFailures: 0 },
  storeFailureMode: 'open',
  audit: { retentionDays: 90 },
  pool: {
    deletionProtection: false,
    deviceTracking: 'user-opt-in',
    mfa: 'optional',
    password: {
      minimumLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
    },
    tokens: { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 },
  },
  table: { deletionProtection: false },
  functions: { memoryMb: 256, timeoutSeconds: 5, logRetentionDays: 30, logLevel: 'INFO', clientTimeoutMs: 1000, clientMaxAttempts: 2 },
};

/** The problems reported for a configuration, or a failure if it was accepted. */
function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parseStackConfig(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(StackConfigError);
    return (error as StackConfigError).problems;
  }
  expect.fail(`accepted ${JSON.stringify(raw)}`);
}

/** The `gatehouse:` values of a stack file, keyed without the namespace. */
function gatehouseValuesOf(stackFile: string): Record<string, unknown> {
  const { config } = parse(readFileSync(join(__dirname, '..', '..', stackFile), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith('gatehouse:'))
      .map(([key, value]) => [key.slice('gatehouse:'.length), value]),
  );
}

describe('infra: stack configuration', () => {
  describe('parseStackConfig', () => {
    it('fills in every default when nothing is set', () => {
      expect(parseStackConfig({})).to.deep.equal(DEFAULTS);
    });

    it('keeps the defaults next to what a stack sets, at any depth', () => {
      const config = parseStackConfig({
        lockout: { maxFailures: 3 },
        storeFailureMode: 'closed',
        pool: { password: { minimumLength: 20 } },
      });
      expect(config.lockout).to.deep.equal({ ...DEFAULTS.lockout, maxFailures: 3 });
      expect(config.storeFailureMode).to.equal('closed');
      expect(config.pool.password).to.deep.equal({ ...DEFAULTS.pool.password, minimumLength: 20 });
      expect(config.pool.tokens).to.deep.equal(DEFAULTS.pool.tokens);
    });

    it('accepts forced reset with either threshold', () => {
      expect(parseStackConfig({ forcedReset: { enabled: true } }).forcedReset.enabled).to.equal(true);
      expect(parseStackConfig({ forcedReset: { enabled: true, afterLockouts: 0, afterFailures: 12 } }).forcedReset)
        .to.deep.equal({ enabled: true, afterLockouts: 0, afterFailures: 12 });
    });

    const bad: [string, Record<string, unknown>, string][] = [
      ['a zero failure limit', { lockout: { maxFailures: 0 } }, 'gatehouse:lockout.maxFailures must be an integer >= 1 (got 0)'],
      ['a fractional window', { lockout: { windowSeconds: 1.5 } }, 'gatehouse:lockout.windowSeconds must be an integer >= 1'],
      ['a number given as text', { lockout: { lockoutSeconds: '300' } }, 'gatehouse:lockout.lockoutSeconds must be an integer >= 1 (got "300")'],
      [
        'a cap below the first lockout',
        { lockout: { lockoutSeconds: 600, maxLockoutSeconds: 300 } },
        'gatehouse:lockout.maxLockoutSeconds must be >= gatehouse:lockout.lockoutSeconds',
      ],
      [
        'forced reset without a threshold',
        { forcedReset: { enabled: true, afterLockouts: 0, afterFailures: 0 } },
        'gatehouse:forcedReset.enabled needs gatehouse:forcedReset.afterLockouts or gatehouse:forcedReset.afterFailures above 0',
      ],
      ['a non-boolean switch', { forcedReset: { enabled: 'yes' } }, 'gatehouse:forcedReset.enabled must be true or false'],
      ['an unknown failure mode', { storeFailureMode: 'maybe' }, 'gatehouse:storeFailureMode must be one of open, closed'],
      ['an audit retention of zero', { audit: { retentionDays: 0 } }, 'gatehouse:audit.retentionDays must be an integer from 1 to 3650'],
      ['an unknown MFA mode', { pool: { mfa: 'sms' } }, 'gatehouse:pool.mfa must be one of off, optional, required'],
      ['an unknown device mode', { pool: { deviceTracking: 'never' } }, 'gatehouse:pool.deviceTracking must be one of off, always, user-opt-in'],
      ['a short password', { pool: { password: { minimumLength: 4 } } }, 'gatehouse:pool.password.minimumLength must be an integer from 6 to 99'],
      ['a two-minute access token', { pool: { tokens: { accessTokenMinutes: 2 } } }, 'gatehouse:pool.tokens.accessTokenMinutes must be an integer from 5 to 1440'],
      ['a timeout beyond Cognito’s budget', { functions: { timeoutSeconds: 6 } }, 'gatehouse:functions.timeoutSeconds must be an integer from 1 to 5 (got 6)'],
      ['a retention CloudWatch refuses', { functions: { logRetentionDays: 31 } }, 'gatehouse:functions.logRetentionDays must be one of 1, 3, 5, 7, 14, 30'],
      ['an unknown log level', { functions: { logLevel: 'LOUD' } }, 'gatehouse:functions.logLevel must be one of DEBUG, INFO, WARN, ERROR'],
      [
        'AWS requests that could outlast the function',
        { functions: { timeoutSeconds: 2, clientTimeoutMs: 1000, clientMaxAttempts: 2 } },
        'gatehouse:functions.clientTimeoutMs × gatehouse:functions.clientMaxAttempts (2) must stay below gatehouse:functions.timeoutSeconds (2000 ms)',
      ],
      ['a section that is not an object', { table: true }, 'gatehouse:table must be an object (got true)'],
      ['a misspelt setting', { lockout: { maxFailure: 3 } }, 'gatehouse:lockout.maxFailure is not a known setting'],
      ['a misspelt nested setting', { pool: { password: { minLength: 8 } } }, 'gatehouse:pool.password.minLength is not a known setting'],
      ['a misspelt top-level key', { lockuot: { maxFailures: 3 } }, 'gatehouse:lockuot is not a known setting'],
    ];
    for (const [what, raw, message] of bad) {
      it(`refuses ${what}, naming the key`, () => {
        const problems = problemsOf(raw);
        expect(problems).to.have.length(1);
        expect(problems[0]).to.contain(message);
      });
    }

    it('reports every problem at once, in the error message too', () => {
      let error: unknown;
      try {
        parseStackConfig({ lockout: { maxFailures: -1 }, functions: { timeoutSeconds: 10 }, pool: { mfa: 'sms' } });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(StackConfigError);
      const { message, problems } = error as StackConfigError;
      expect(problems).to.have.length(3);
      for (const key of ['gatehouse:lockout.maxFailures', 'gatehouse:functions.timeoutSeconds', 'gatehouse:pool.mfa']) {
        expect(message).to.contain(key);
      }
    });
  });

  describe('Pulumi.dev.yaml', () => {
    it('lists every setting, with its default value', () => {
      const values = gatehouseValuesOf('Pulumi.dev.yaml');
      expect(values).to.deep.equal(DEFAULTS);
      expect(parseStackConfig(values)).to.deep.equal(DEFAULTS);
    });
  });

  describe('loadStackConfig', () => {
    let saved: Record<string, string>;
    beforeEach(() => {
      saved = pulumi.runtime.allConfig();
    });
    afterEach(() => pulumi.runtime.setAllConfig(saved));

    it('reads the gatehouse: namespace of the stack, as the Pulumi CLI hands it over', () => {
      pulumi.runtime.setAllConfig({
        'aws:region': 'eu-west-1',
        'gatehouse:lockout': JSON.stringify({ maxFailures: 7 }),
        'gatehouse:storeFailureMode': 'closed',
        'gatehouse:pool': JSON.stringify({ mfa: 'required', tokens: { refreshTokenDays: 1 } }),
      });
      const config = loadStackConfig();
      expect(config.lockout.maxFailures).to.equal(7);
      expect(config.storeFailureMode).to.equal('closed');
      expect(config.pool.mfa).to.equal('required');
      expect(config.pool.tokens).to.deep.equal({ ...DEFAULTS.pool.tokens, refreshTokenDays: 1 });
      expect(config.functions).to.deep.equal(DEFAULTS.functions);
    });

    it('refuses a misspelt top-level key instead of ignoring it', () => {
      pulumi.runtime.setAllConfig({ 'gatehouse:lockouts': JSON.stringify({ maxFailures: 7 }) });
      expect(() => loadStackConfig()).to.throw(StackConfigError, 'gatehouse:lockouts is not a known setting');
    });

    it('names the key of a bad value', () => {
      pulumi.runtime.setAllConfig({ 'gatehouse:functions': JSON.stringify({ timeoutSeconds: 30 }) });
      expect(() => loadStackConfig()).to.throw(StackConfigError, 'gatehouse:functions.timeoutSeconds');
    });
  });
});
