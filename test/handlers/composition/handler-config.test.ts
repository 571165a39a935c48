import { expect } from 'chai';
import { DEFAULT_SIGN_IN_PROTECTION, OPEN_SIGN_UP } from '../../../domain';
import { ConfigurationError, readHandlerConfig } from '../../../handlers/composition/handler-config';

const KEY = '/gatehouse/dev/account-key';

describe('handlers/composition/handler-config', () => {
  it('applies the documented defaults to a minimal environment', () => {
    const config = readHandlerConfig({ TABLE_NAME: 'gatehouse-dev', ACCOUNT_KEY_PARAMETER: KEY });
    expect(config).to.deep.equal({
      tableName: 'gatehouse-dev',
      accountKeyParameter: KEY,
      policy: DEFAULT_SIGN_IN_PROTECTION,
      auditRetentionDays: 90,
      signUp: OPEN_SIGN_UP,
      extraDisposableDomains: [],
      client: { timeoutMs: 1000, maxAttempts: 2 },
    });
  });

  it('reads every variable', () => {
    const config = readHandlerConfig({
      TABLE_NAME: 't-prod',
      ACCOUNT_KEY_PARAMETER: KEY,
      LOCKOUT_MAX_FAILURES: '10',
      LOCKOUT_WINDOW_SECONDS: '600',
      LOCKOUT_SECONDS: '60',
      LOCKOUT_MAX_SECONDS: '900',
      LOCKOUT_BACKOFF_MEMORY_SECONDS: '0',
      FORCED_RESET_ENABLED: 'true',
      FORCED_RESET_AFTER_LOCKOUTS: '0',
      FORCED_RESET_AFTER_FAILURES: '20',
      STORE_FAILURE_MODE: 'closed',
      AUDIT_RETENTION_DAYS: '30',
      CLIENT_TIMEOUT_MS: '500',
      CLIENT_MAX_ATTEMPTS: '1',
    });
    expect(config.policy).to.deep.equal({
      lockout: { maxFailures: 10, windowSeconds: 600, lockoutSeconds: 60, maxLockoutSeconds: 900, backoffMemorySeconds: 0 },
      forcedReset: { enabled: true, afterLockouts: 0, afterFailures: 20 },
      storeFailureMode: 'closed',
    });
    expect(config.client).to.deep.equal({ timeoutMs: 500, maxAttempts: 1 });
    expect(config.auditRetentionDays).to.equal(30);
  });

  it('reads the sign-up rules, normalised', () => {
    const config = readHandlerConfig({
      TABLE_NAME: 't-1',
      ACCOUNT_KEY_PARAMETER: KEY,
      SIGN_UP_ALLOWED_DOMAINS: 'example.com, *.Example.COM,,bücher.example',
      SIGN_UP_BLOCKED_DOMAINS: 'contractors.example.com',
      SIGN_UP_REFUSE_DISPOSABLE: 'true',
      SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'Throwaway.example.',
      SIGN_UP_EXTERNAL_PROVIDERS: 'trust',
    });
    expect(config.signUp).to.deep.equal({
      allowedDomains: [
        { kind: 'exact', domain: 'example.com' },
        { kind: 'subdomains', of: 'example.com' },
        { kind: 'exact', domain: 'xn--bcher-kva.example' },
      ],
      blockedDomains: [{ kind: 'exact', domain: 'contractors.example.com' }],
      refuseDisposable: true,
      externalProviders: 'trust',
    });
    expect(config.extraDisposableDomains).to.deep.equal(['throwaway.example']);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, SIGN_UP_ALLOWED_DOMAINS: 'example.com,*.com' }, /SIGN_UP_ALLOWED_DOMAINS has invalid entries "\*\.com"/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'localhost' }, /SIGN_UP_EXTRA_DISPOSABLE_DOMAINS/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, SIGN_UP_EXTERNAL_PROVIDERS: 'maybe' }, /SIGN_UP_EXTERNAL_PROVIDERS must be screen or trust/],
    [{}, /TABLE_NAME/],
    [{ TABLE_NAME: 't-1' }, /ACCOUNT_KEY_PARAMETER is required/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: 'account-key' }, /ACCOUNT_KEY_PARAMETER must be an SSM parameter name/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_MAX_FAILURES: '0' }, /LOCKOUT_MAX_FAILURES/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_MAX_FAILURES: 'five' }, /LOCKOUT_MAX_FAILURES must be a whole number/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_SECONDS: '-3' }, /LOCKOUT_SECONDS/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, FORCED_RESET_ENABLED: 'yes' }, /FORCED_RESET_ENABLED/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, STORE_FAILURE_MODE: 'sometimes' }, /STORE_FAILURE_MODE/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, CLIENT_TIMEOUT_MS: '9000' }, /CLIENT_TIMEOUT_MS/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_SECONDS: '600', LOCKOUT_MAX_SECONDS: '300' }, /maxLockoutSeconds must be >= lockout.lockoutSeconds/],
    [
      { TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, FORCED_RESET_ENABLED: 'true', FORCED_RESET_AFTER_LOCKOUTS: '0', FORCED_RESET_AFTER_FAILURES: '0' },
      /forcedReset is enabled but neither/,
    ],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)}`, () => {
      expect(() => readHandlerConfig(env)).to.throw(ConfigurationError, message);
    });
  }
});
