import { expect } from 'chai';
import { parseStackConfig } from '../../infra/config';
import { functionEnvironment } from '../../infra/function-environment';
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
    });
    expect(readHandlerConfig(functionEnvironment(config, { tableName: 'gatehouse-table', accountKeyParameter: KEY }))).to.deep.equal({
      tableName: 'gatehouse-table',
      accountKeyParameter: KEY,
      policy: { lockout: config.lockout, forcedReset: config.forcedReset, storeFailureMode: 'closed' },
      auditRetentionDays: 30,
      client: { timeoutMs: 700, maxAttempts: 3 },
    });
  });
});
