import { expect } from 'chai';
import { parseStackConfig, StackConfigError } from '../../infra/config';
import {
  assertEnvironmentFits,
  environmentSize,
  functionEnvironment,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
} from '../../infra/function-environment';
import { readHandlerConfig } from '../../handlers/composition/handler-config';

const KEY = '/gatehouse-test/account-key';
const CONTRACT = [
  'TABLE_NAME',
  'ACCOUNT_KEY_PARAMETER',
  'LOCKOUT_MAX_FAILURES',
  'LOCKOUT_WINDOW_SECONDS',
  'LOCKOUT_SECONDS',
  'LOCKOUT_MAX_SECONDS',
  'LOCKOUT_BACKOFF_MEMORY_SECONDS',
  'FORCED_RESET_ENABLED',
  'FORCED_RESET_AFTER_LOCKOUTS',
  'FORCED_RESET_AFTER_FAILURES',
  'STORE_FAILURE_MODE',
  'AUDIT_RETENTION_DAYS',
  'CLIENT_TIMEOUT_MS',
  'CLIENT_MAX_ATTEMPTS',
  'SIGN_UP_ALLOWED_DOMAINS',
  'SIGN_UP_BLOCKED_DOMAINS',
  'SIGN_UP_REFUSE_DISPOSABLE',
  'SIGN_UP_EXTRA_DISPOSABLE_DOMAINS',
  'SIGN_UP_EXTERNAL_PROVIDERS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
];

describe('infra: functionEnvironment', () => {
  it('sets exactly the variables of the contract, and no pool id', () => {
    expect(Object.keys(functionEnvironment(parseStackConfig({}), { tableName: 'table', accountKeyParameter: KEY }))).to.have.members(CONTRACT);
    expect(Object.keys(functionEnvironment(parseStackConfig({}), { tableName: 'table', accountKeyParameter: KEY }))).to.have.length(CONTRACT.length);
  });

  it('renders the defaults', () => {
    expect(functionEnvironment(parseStackConfig({}), { tableName: 'gatehouse-table', accountKeyParameter: KEY })).to.deep.equal({
      TABLE_NAME: 'gatehouse-table',
      ACCOUNT_KEY_PARAMETER: KEY,
      LOCKOUT_MAX_FAILURES: '5',
      LOCKOUT_WINDOW_SECONDS: '900',
      LOCKOUT_SECONDS: '300',
      LOCKOUT_MAX_SECONDS: '3600',
      LOCKOUT_BACKOFF_MEMORY_SECONDS: '86400',
      FORCED_RESET_ENABLED: 'false',
      FORCED_RESET_AFTER_LOCKOUTS: '3',
      FORCED_RESET_AFTER_FAILURES: '0',
      STORE_FAILURE_MODE: 'open',
      AUDIT_RETENTION_DAYS: '90',
      CLIENT_TIMEOUT_MS: '1000',
      CLIENT_MAX_ATTEMPTS: '2',
      SIGN_UP_ALLOWED_DOMAINS: '',
      SIGN_UP_BLOCKED_DOMAINS: '',
      SIGN_UP_REFUSE_DISPOSABLE: 'false',
      SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: '',
      SIGN_UP_EXTERNAL_PROVIDERS: 'screen',
      POWERTOOLS_SERVICE_NAME: 'gatehouse',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('renders what a stack sets', () => {
    const config = parseStackConfig({
      lockout: { maxFailures: 3, windowSeconds: 600, lockoutSeconds: 60, maxLockoutSeconds: 7200, backoffMemorySeconds: 0 },
      forcedReset: { enabled: true, afterLockouts: 0, afterFailures: 20 },
      storeFailureMode: 'closed',
      audit: { retentionDays: 365 },
      functions: { logLevel: 'WARN', clientTimeoutMs: 800, clientMaxAttempts: 3 },
      signUp: {
        allowedDomains: [' Bücher.Example. ', '*.example.com', 'example.com'],
        blockedDomains: ['Contractors.Example.com'],
        refuseDisposable: true,
        extraDisposableDomains: ['Burner.Example.', 'throwaway.example'],
        externalProviders: 'trust',
      },
    });
    expect(functionEnvironment(config, { tableName: 'prod-table', accountKeyParameter: KEY })).to.deep.equal({
      TABLE_NAME: 'prod-table',
      ACCOUNT_KEY_PARAMETER: KEY,
      LOCKOUT_MAX_FAILURES: '3',
      LOCKOUT_WINDOW_SECONDS: '600',
      LOCKOUT_SECONDS: '60',
      LOCKOUT_MAX_SECONDS: '7200',
      LOCKOUT_BACKOFF_MEMORY_SECONDS: '0',
      FORCED_RESET_ENABLED: 'true',
      FORCED_RESET_AFTER_LOCKOUTS: '0',
      FORCED_RESET_AFTER_FAILURES: '20',
      STORE_FAILURE_MODE: 'closed',
      AUDIT_RETENTION_DAYS: '365',
      CLIENT_TIMEOUT_MS: '800',
      CLIENT_MAX_ATTEMPTS: '3',
      SIGN_UP_ALLOWED_DOMAINS: 'xn--bcher-kva.example,*.example.com,example.com',
      SIGN_UP_BLOCKED_DOMAINS: 'contractors.example.com',
      SIGN_UP_REFUSE_DISPOSABLE: 'true',
      SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'burner.example,throwaway.example',
      SIGN_UP_EXTERNAL_PROVIDERS: 'trust',
      POWERTOOLS_SERVICE_NAME: 'gatehouse',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    });
  });

  it('is read back by the handlers as the same policy and settings', () => {
    const config = parseStackConfig({
      lockout: { maxFailures: 4, lockoutSeconds: 120 },
      forcedReset: { enabled: true, afterFailures: 15 },
      storeFailureMode: 'closed',
      audit: { retentionDays: 30 },
      functions: { clientTimeoutMs: 700, clientMaxAttempts: 3 },
      signUp: {
        allowedDomains: ['Bücher.Example.', '*.Example.com'],
        blockedDomains: ['contractors.example.com'],
        refuseDisposable: true,
        extraDisposableDomains: ['Burner.Example'],
        externalProviders: 'trust',
      },
    });
    expect(readHandlerConfig(functionEnvironment(config, { tableName: 'gatehouse-table', accountKeyParameter: KEY }))).to.deep.equal({
      tableName: 'gatehouse-table',
      accountKeyParameter: KEY,
      policy: { lockout: config.lockout, forcedReset: config.forcedReset, storeFailureMode: 'closed' },
      auditRetentionDays: 30,
      client: { timeoutMs: 700, maxAttempts: 3 },
      signUp: {
        allowedDomains: [
          { kind: 'exact', domain: 'xn--bcher-kva.example' },
          { kind: 'subdomains', of: 'example.com' },
        ],
        blockedDomains: [{ kind: 'exact', domain: 'contractors.example.com' }],
        refuseDisposable: true,
        externalProviders: 'trust',
      },
      extraDisposableDomains: ['burner.example'],
    });
  });

  it('gives the handlers the default sign-up rules when the stack sets none: any domain, federated sign-ups screened', () => {
    const config = readHandlerConfig(functionEnvironment(parseStackConfig({}), { tableName: 'gatehouse-table', accountKeyParameter: KEY }));
    expect(config.signUp).to.deep.equal({ allowedDomains: [], blockedDomains: [], refuseDisposable: false, externalProviders: 'screen' });
    expect(config.extraDisposableDomains).to.deep.equal([]);
  });
});

/**
 * Domain names whose list, joined with ',', is exactly `total` characters long: `d<i>xxx…x.example`,
 * at most 70 characters each, none shorter than 12.
 */
function domainsJoinedTo(total: number): string[] {
  const domains: string[] = [];
  let remaining = total;
  while (remaining > 0) {
    const separator = domains.length > 0 ? 1 : 0;
    let length = Math.min(70, remaining - separator);
    const rest = remaining - separator - length;
    if (rest > 0 && rest < 13) length -= 13;
    domains.push(`${`d${domains.length}`.padEnd(length - '.example'.length, 'x')}.example`);
    remaining -= separator + length;
  }
  expect(domains.join(',')).to.have.length(total);
  return domains;
}

describe('infra: the 4 KB limit of a function environment', () => {
  const stores = { tableName: 'gatehouse-dev', accountKeyParameter: '/gatehouse-dev/account-key' };
  const baseSize = environmentSize(functionEnvironment(parseStackConfig({}), stores));
  /** A configuration whose environment (with `stores`) is exactly `size` bytes, the surplus in allowedDomains. */
  const configOfSize = (size: number) => parseStackConfig({ signUp: { allowedDomains: domainsJoinedTo(size - baseSize) } });

  it('measures an environment as the limit counts it: the UTF-8 bytes of every name and value', () => {
    expect(environmentSize({})).to.equal(0);
    expect(environmentSize({ A: 'bc', EMPTY: '' })).to.equal(1 + 2 + 5);
    expect(environmentSize({ B: 'ü' })).to.equal(1 + 2);
    expect(LAMBDA_ENVIRONMENT_LIMIT_BYTES).to.equal(4096);
  });

  it('leaves the default environment far below the limit', () => {
    expect(baseSize).to.be.below(1024);
    expect(() => assertEnvironmentFits(parseStackConfig({}), stores)).to.not.throw();
  });

  it('accepts an environment of exactly 4096 bytes', () => {
    const config = configOfSize(4096);
    expect(environmentSize(functionEnvironment(config, stores))).to.equal(4096);
    expect(() => assertEnvironmentFits(config, stores)).to.not.throw();
  });

  it('refuses one byte more, naming gatehouse:signUp, the size and what each list takes', () => {
    const config = configOfSize(4097);
    expect(environmentSize(functionEnvironment(config, stores))).to.equal(4097);
    let error: unknown;
    try {
      assertEnvironmentFits(config, stores);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(StackConfigError);
    expect((error as StackConfigError).problems).to.deep.equal([
      'gatehouse:signUp makes the environment of every function 4097 bytes (names and values of its variables), ' +
        "over Lambda's limit of 4096 bytes (4 KB) by 1: " +
        `allowedDomains take ${4097 - baseSize} bytes, blockedDomains 0, extraDisposableDomains 0; ` +
        'shorten them ("*.example.com" covers every subdomain)',
    ]);
  });

  it('counts every list and the names the stack gives its table and secret', () => {
    const blocked = parseStackConfig({ signUp: { blockedDomains: domainsJoinedTo(4097 - baseSize) } });
    expect(() => assertEnvironmentFits(blocked, stores)).to.throw(StackConfigError, `blockedDomains ${4097 - baseSize},`);
    const extra = parseStackConfig({ signUp: { extraDisposableDomains: domainsJoinedTo(4097 - baseSize) } });
    expect(() => assertEnvironmentFits(extra, stores)).to.throw(StackConfigError, `extraDisposableDomains ${4097 - baseSize};`);
    // What fits with gatehouse-dev does not with a prefix two characters longer (table name and parameter).
    const full = configOfSize(4096);
    expect(() => assertEnvironmentFits(full, { tableName: 'gatehouse-dev1', accountKeyParameter: '/gatehouse-dev1/account-key' })).to.throw(
      StackConfigError,
      'gatehouse:signUp makes the environment of every function 4098 bytes',
    );
  });
});
