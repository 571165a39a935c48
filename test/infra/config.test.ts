import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import {
  checkSecrets,
  loadStackConfig,
  loadStackSecrets,
  parseStackConfig,
  requiredSecrets,
  StackConfigError,
} from '../../infra/config';
import { parseEmailAddress } from '../../infra/config-schema';
import { reminderTiming } from '../../infra/reminder-workflow';

const DEFAULTS = {
  protect: true,
  tags: {},
  lockout: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 300, maxLockoutSeconds: 3600, backoffMemorySeconds: 86_400 },
  forcedReset: { enabled: false, afterLockouts: 3, afterFailures: 0 },
  storeFailureMode: 'open',
  audit: { retentionDays: 90 },
  pool: {
    deletionProtection: true,
    featurePlan: 'essentials',
    deviceTracking: 'user-opt-in',
    mfa: 'optional',
    password: {
      minimumLength: 15,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
      passwordHistorySize: 0,
    },
    tokens: { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 },
  },
  table: { deletionProtection: true },
  functions: { memoryMb: 256, timeoutSeconds: 5, logRetentionDays: 30, logLevel: 'INFO', clientTimeoutMs: 1000, clientMaxAttempts: 2 },
  signUp: {
    allowedDomains: [],
    blockedDomains: [],
    refuseDisposable: false,
    extraDisposableDomains: [],
    externalProviders: 'screen',
    captcha: { provider: 'none', whenUnavailable: 'refuse', minScore: 0.5, hostnames: [] },
    reminders: { enabled: true, remindAfterHours: 24, deleteAfterDays: 7 },
  },
  email: { identity: 'domain', provider: 'ses' },
  welcome: { enabled: false },
  alerts: { accountLocked: false, newDevice: false },
  messages: {
    appName: 'Gatehouse',
    defaultLocale: 'en',
    email: 'cognito',
    sms: 'cognito',
    delivery: { retryAttempts: 2, maxEventAgeSeconds: 3600 },
  },
  sms: { provider: 'sns' },
  claims: { enabled: false, eventVersion: 'V1_0', scopes: [], suppress: ['email'] },
  migration: {
    enabled: false,
    finalUserStatus: 'CONFIRMED',
    attributes: { name: 'name', given_name: 'given_name', family_name: 'family_name', locale: 'locale' },
  },
  operations: {
    alarms: { enabled: true, email: [], failuresPer5Minutes: 1, lockoutsPer5Minutes: 20, refusalsPer5Minutes: 100 },
    dashboard: true,
    reservedConcurrency: {},
    waf: { enabled: false, requestsPer5Minutes: 500, action: 'block' },
  },
  passwordless: { enabled: false, linkValidityMinutes: 5, redirectUrls: [], maxAnswers: 3, maxLinksPerWindow: 3, windowMinutes: 15 },
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

    it('accepts tags within AWS’s rules, Unicode included, up to the room Gatehouse leaves', () => {
      const tags = {
        'cost-center': '4711',
        'Team Name': 'Identity and Access',
        'app/owner': 'jane.doe@example.com',
        'Équipe': 'sécurité',
        [`${'k'.repeat(128)}`]: 'v'.repeat(256),
        empty: '',
      };
      expect(parseStackConfig({ tags }).tags).to.deep.equal(tags);
      const most = Object.fromEntries(Array.from({ length: 46 }, (_, index) => [`tag${index}`, 'x']));
      expect(Object.keys(parseStackConfig({ tags: most }).tags)).to.have.length(46);
    });

    it('accepts a name prefix, a feature plan and password history where the plan keeps it', () => {
      const config = parseStackConfig({
        namePrefix: 'gatehouse-old_name',
        protect: false,
        pool: { featurePlan: 'plus', password: { passwordHistorySize: 24 } },
      });
      expect(config.namePrefix).to.equal('gatehouse-old_name');
      expect(config.protect).to.equal(false);
      expect(config.pool.featurePlan).to.equal('plus');
      expect(config.pool.password.passwordHistorySize).to.equal(24);
      expect(parseStackConfig({ pool: { featurePlan: 'lite' } }).pool.password.passwordHistorySize).to.equal(0);
    });

    it('leaves the name prefix unset by default (the stack name decides it)', () => {
      expect(parseStackConfig({})).to.not.have.property('namePrefix');
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
      ['a password shorter than ASVS 6.2.1 allows', { pool: { password: { minimumLength: 7 } } }, 'gatehouse:pool.password.minimumLength must be an integer from 8 to 99 (got 7)'],
      [
        'a temporary password validity Cognito would read as its default',
        { pool: { password: { temporaryPasswordValidityDays: 0 } } },
        'gatehouse:pool.password.temporaryPasswordValidityDays must be an integer from 1 to 365 (got 0)',
      ],
      ['a password history beyond Cognito’s', { pool: { password: { passwordHistorySize: 25 } } }, 'gatehouse:pool.password.passwordHistorySize must be an integer from 0 to 24 (got 25)'],
      [
        'a password history on the Lite plan',
        { pool: { featurePlan: 'lite', password: { passwordHistorySize: 5 } } },
        'gatehouse:pool.password.passwordHistorySize needs gatehouse:pool.featurePlan essentials or plus',
      ],
      ['an unknown feature plan', { pool: { featurePlan: 'premium' } }, 'gatehouse:pool.featurePlan must be one of lite, essentials, plus (got "premium")'],
      ['a deletion protection given as text', { pool: { deletionProtection: 'yes' } }, 'gatehouse:pool.deletionProtection must be true or false (got "yes")'],
      ['a protect given as text', { protect: 'no' }, 'gatehouse:protect must be true or false (got "no")'],
      ['a name prefix with a dot', { namePrefix: 'gatehouse.prod' }, 'gatehouse:namePrefix must start with a letter or digit and contain only letters, digits, "-" and "_" (got "gatehouse.prod")'],
      ['a name prefix starting with a hyphen', { namePrefix: '-prod' }, 'gatehouse:namePrefix must start with a letter or digit'],
      ['a name prefix SSM would refuse', { namePrefix: 'SSM-prod' }, 'gatehouse:namePrefix must not start with "aws" or "ssm" (reserved by AWS)'],
      ['a name prefix that is not text', { namePrefix: 42 }, 'gatehouse:namePrefix must be a string (got 42)'],
      ['tags that are a list', { tags: ['team'] }, 'gatehouse:tags must be a map of tag keys to string values'],
      ['a tag value that is a number', { tags: { CostCenter: 42 } }, 'gatehouse:tags.CostCenter must be a string (got 42)'],
      ['a tag key under aws:', { tags: { 'AWS:owner': 'me' } }, 'gatehouse:tags.AWS:owner must not start with "aws:"'],
      ['a tag value under aws:', { tags: { owner: 'aws:me' } }, 'gatehouse:tags.owner must not start with "aws:" (reserved by AWS), nor its value'],
      ['a tag key under gatehouse:', { tags: { 'gatehouse:stack': 'prod' } }, 'gatehouse:tags.gatehouse:stack must not start with "gatehouse:"'],
      ['an empty tag key', { tags: { '': 'x' } }, 'gatehouse:tags. is not a valid tag key: 1 to 128 characters'],
      ['a tag key of 129 characters', { tags: { ['k'.repeat(129)]: 'x' } }, 'is not a valid tag key: 1 to 128 characters'],
      ['a tag value of 257 characters', { tags: { owner: 'v'.repeat(257) } }, 'gatehouse:tags.owner has a value longer than 256 characters'],
      ['a tag with a character AWS refuses', { tags: { owner: 'a&b' } }, 'gatehouse:tags.owner may contain only letters, digits, spaces and _ . : / = + - @'],
      [
        'more tags than leave room for Gatehouse’s own',
        { tags: Object.fromEntries(Array.from({ length: 47 }, (_, index) => [`tag${index}`, 'x'])) },
        'gatehouse:tags has 47 tags: at most 46 (AWS allows 50 per resource and Gatehouse sets up to 4 of its own)',
      ],
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

  describe('gatehouse:signUp', () => {
    const signUp = (settings: Record<string, unknown>) => parseStackConfig({ signUp: settings }).signUp;

    it('lets anyone sign up by default: any domain, throw-away addresses allowed, federated sign-ups screened, no captcha, reminders on', () => {
      expect(parseStackConfig({}).signUp).to.deep.equal({
        allowedDomains: [],
        blockedDomains: [],
        refuseDisposable: false,
        extraDisposableDomains: [],
        externalProviders: 'screen',
        captcha: { provider: 'none', whenUnavailable: 'refuse', minScore: 0.5, hostnames: [] },
        reminders: { enabled: true, remindAfterHours: 24, deleteAfterDays: 7 },
      });
      expect(signUp({ refuseDisposable: true })).to.deep.equal({ ...DEFAULTS.signUp, refuseDisposable: true });
    });

    it('takes every setting a stack gives', () => {
      expect(
        signUp({
          allowedDomains: ['example.com'],
          blockedDomains: ['contractors.example.com'],
          refuseDisposable: true,
          extraDisposableDomains: ['burner.example'],
          externalProviders: 'trust',
          captcha: { provider: 'recaptcha', whenUnavailable: 'allow', minScore: 0.7, hostnames: ['app.example.com'], action: 'signup' },
          reminders: { enabled: false, remindAfterHours: 12, deleteAfterDays: 3 },
        }),
      ).to.deep.equal({
        allowedDomains: ['example.com'],
        blockedDomains: ['contractors.example.com'],
        refuseDisposable: true,
        extraDisposableDomains: ['burner.example'],
        externalProviders: 'trust',
        captcha: { provider: 'recaptcha', whenUnavailable: 'allow', minScore: 0.7, hostnames: ['app.example.com'], action: 'signup' },
        reminders: { enabled: false, remindAfterHours: 12, deleteAfterDays: 3 },
      });
    });

    it('normalises every entry: trimmed, lowercase, one trailing dot dropped, internationalised names in punycode', () => {
      const config = signUp({
        allowedDomains: [' Example.COM. ', 'bücher.example', '*.BÜCHER.Example.', '例え.テスト'],
        blockedDomains: ['\tEU.Example.com\n', '*.Contractors.EXAMPLE.com.'],
        extraDisposableDomains: ['Burner.Example.', 'Wegwerf-Post.Bücher.Example'],
      });
      expect(config.allowedDomains).to.deep.equal(['example.com', 'xn--bcher-kva.example', '*.xn--bcher-kva.example', 'xn--r8jz45g.xn--zckzah']);
      expect(config.blockedDomains).to.deep.equal(['eu.example.com', '*.contractors.example.com']);
      expect(config.extraDisposableDomains).to.deep.equal(['burner.example', 'wegwerf-post.xn--bcher-kva.example']);
    });

    it('keeps a domain and its "*." pattern apart, in the order given: listing both allows both', () => {
      expect(signUp({ allowedDomains: ['*.example.com', 'example.com'] }).allowedDomains).to.deep.equal(['*.example.com', 'example.com']);
    });

    it('lets a stack block a subdomain of an allowed domain, or allow one of a blocked pattern (they are not the same pattern)', () => {
      expect(signUp({ allowedDomains: ['*.example.com'], blockedDomains: ['contractors.example.com', 'example.com'] })).to.deep.include({
        allowedDomains: ['*.example.com'],
        blockedDomains: ['contractors.example.com', 'example.com'],
      });
    });

    it('accepts labels of 63 characters, names of 253, hyphens inside labels and digits outside the top level', () => {
      const label63 = 'a'.repeat(63);
      const name253 = `${label63}.${label63}.${label63}.${'b'.repeat(61)}`;
      expect(name253).to.have.length(253);
      expect(signUp({ allowedDomains: [`${label63}.example`, name253, `*.${name253}`, 'my-company.co.uk', '123.example', 'xn--bcher-kva.example'] }).allowedDomains)
        .to.deep.equal([`${label63}.example`, name253, `*.${name253}`, 'my-company.co.uk', '123.example', 'xn--bcher-kva.example']);
      expect(signUp({ extraDisposableDomains: [name253] }).extraDisposableDomains).to.deep.equal([name253]);
    });

    const patternRule = 'is not a valid domain pattern ("example.com" or "*.example.com"): at least two labels of 1-63 letters, digits or "-"';
    const nameRule = 'is not a valid domain name: at least two labels of 1-63 letters, digits or "-"';
    const refused: [string, Record<string, unknown>, string][] = [
      ['a single label', { allowedDomains: ['localhost'] }, `gatehouse:signUp.allowedDomains[0] ${patternRule}`],
      ['a space inside a name', { allowedDomains: ['example.com', 'exa mple.com'] }, `gatehouse:signUp.allowedDomains[1] ${patternRule}`],
      ['an empty entry', { blockedDomains: [' '] }, `gatehouse:signUp.blockedDomains[0] ${patternRule}`],
      ['an IP address', { blockedDomains: ['192.168.0.1'] }, 'gatehouse:signUp.blockedDomains[0] is not a valid domain pattern'],
      ['an all-digit top-level label', { allowedDomains: ['example.123'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['a label starting with a hyphen', { allowedDomains: ['-example.com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['a label ending with a hyphen', { allowedDomains: ['example-.com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['an underscore', { allowedDomains: ['ex_ample.com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['an empty label', { allowedDomains: ['example..com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['two trailing dots (only one is dropped)', { allowedDomains: ['example.com..'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['a label of 64 characters', { allowedDomains: [`${'a'.repeat(64)}.example`] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      [
        'a name of 254 characters',
        { allowedDomains: [`*.${'a'.repeat(63)}.${'a'.repeat(63)}.${'a'.repeat(63)}.${'b'.repeat(62)}`] },
        'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern',
      ],
      ['an email address instead of a domain', { blockedDomains: ['jane@example.com'] }, 'gatehouse:signUp.blockedDomains[0] is not a valid domain pattern'],
      ['a URL instead of a domain', { blockedDomains: ['https://example.com'] }, 'gatehouse:signUp.blockedDomains[0] is not a valid domain pattern'],
      ['a path after the domain', { blockedDomains: ['example.com/signup'] }, 'gatehouse:signUp.blockedDomains[0] is not a valid domain pattern'],
      ['a wildcard that is not the leading "*."', { allowedDomains: ['eu.*.example.com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['a wildcard without its dot', { allowedDomains: ['*example.com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['two wildcards', { allowedDomains: ['*.*.example.com'] }, 'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern'],
      ['a wildcard over a top-level domain', { blockedDomains: ['*.ru'] }, 'gatehouse:signUp.blockedDomains[0] is not a valid domain pattern'],
      ['a wildcard alone', { blockedDomains: ['*'] }, 'gatehouse:signUp.blockedDomains[0] is not a valid domain pattern'],
      ['a pattern among the throw-away domains', { extraDisposableDomains: ['*.burner.example'] }, 'gatehouse:signUp.extraDisposableDomains[0] must be a domain name without "*.": the subdomains of a listed domain count too (got "*.burner.example")'],
      ['a bad throw-away domain', { extraDisposableDomains: ['burner'] }, `gatehouse:signUp.extraDisposableDomains[0] ${nameRule}`],
      [
        'an allowed domain listed twice once normalised',
        { allowedDomains: ['example.com', 'example.org', ' EXAMPLE.com. '] },
        'gatehouse:signUp.allowedDomains[2] repeats gatehouse:signUp.allowedDomains[0] (both are "example.com" once normalised) (got " EXAMPLE.com. ")',
      ],
      [
        'a blocked pattern listed twice once normalised',
        { blockedDomains: ['*.bücher.example', '*.XN--BCHER-KVA.example'] },
        'gatehouse:signUp.blockedDomains[1] repeats gatehouse:signUp.blockedDomains[0] (both are "*.xn--bcher-kva.example" once normalised)',
      ],
      [
        'a throw-away domain listed twice once normalised',
        { extraDisposableDomains: ['burner.example', 'Burner.Example.'] },
        'gatehouse:signUp.extraDisposableDomains[1] repeats gatehouse:signUp.extraDisposableDomains[0] (both are "burner.example" once normalised) (got "Burner.Example.")',
      ],
      [
        'a pattern both allowed and blocked',
        { allowedDomains: ['*.example.com', 'example.org'], blockedDomains: ['eu.example.com', '*.Example.COM'] },
        'gatehouse:signUp.blockedDomains[1] is also in gatehouse:signUp.allowedDomains (as "*.example.com" once normalised): a blocked domain is refused even when allowed, so list it in one of them only (got "*.Example.COM")',
      ],
      ['an entry that is not text', { allowedDomains: ['example.com', 42] }, 'gatehouse:signUp.allowedDomains[1] must be a string (got 42)'],
      ['a list given as one domain', { allowedDomains: 'example.com' }, 'gatehouse:signUp.allowedDomains must be a list of domain patterns ("example.com", "*.example.com") (got "example.com")'],
      ['throw-away domains given as one domain', { extraDisposableDomains: 'burner.example' }, 'gatehouse:signUp.extraDisposableDomains must be a list of domain names (got "burner.example")'],
      ['a switch given as text', { refuseDisposable: 'yes' }, 'gatehouse:signUp.refuseDisposable must be true or false (got "yes")'],
      ['an unknown treatment of federated sign-ups', { externalProviders: 'skip' }, 'gatehouse:signUp.externalProviders must be one of screen, trust (got "skip")'],
      ['a misspelt setting', { allowedDomain: ['example.com'] }, 'gatehouse:signUp.allowedDomain is not a known setting'],
    ];
    for (const [what, settings, message] of refused) {
      it(`refuses ${what}, naming the key and the value`, () => {
        const problems = problemsOf({ signUp: settings });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.contain(message);
      });
    }

    it('names the offending value of an invalid entry as the stack file has it', () => {
      expect(problemsOf({ signUp: { allowedDomains: ['exa mple.com'] } })).to.deep.equal([
        'gatehouse:signUp.allowedDomains[0] is not a valid domain pattern ("example.com" or "*.example.com"): at least two labels ' +
          'of 1-63 letters, digits or "-" (not first or last), a top-level label not all digits, at most 253 characters (got "exa mple.com")',
      ]);
    });

    it('reports every bad entry at once, each repetition once', () => {
      const problems = problemsOf({
        signUp: {
          allowedDomains: ['example.com', 'localhost', 'Example.com'],
          blockedDomains: ['example.com', 'EXAMPLE.COM'],
          extraDisposableDomains: ['*.burner.example'],
        },
      });
      expect(problems).to.have.members([
        'gatehouse:signUp.allowedDomains[1] is not a valid domain pattern ("example.com" or "*.example.com"): at least two labels of 1-63 letters, digits or "-" (not first or last), a top-level label not all digits, at most 253 characters (got "localhost")',
        'gatehouse:signUp.allowedDomains[2] repeats gatehouse:signUp.allowedDomains[0] (both are "example.com" once normalised) (got "Example.com")',
        'gatehouse:signUp.blockedDomains[1] repeats gatehouse:signUp.blockedDomains[0] (both are "example.com" once normalised) (got "EXAMPLE.COM")',
        'gatehouse:signUp.extraDisposableDomains[0] must be a domain name without "*.": the subdomains of a listed domain count too (got "*.burner.example")',
        'gatehouse:signUp.blockedDomains[0] is also in gatehouse:signUp.allowedDomains (as "example.com" once normalised): a blocked domain is refused even when allowed, so list it in one of them only (got "example.com")',
      ]);
      expect(problems).to.have.length(5);
    });
  });

  describe('gatehouse:email', () => {
    it('keeps Cognito\'s default sender unless the stack names one (no from, identity domain, own mail through SES)', () => {
      expect(parseStackConfig({}).email).to.deep.equal({ identity: 'domain', provider: 'ses' });
    });

    it('accepts a sender with or without a display name, an identity kind and a reply-to address', () => {
      expect(parseStackConfig({ email: { from: 'Example <no-reply@example.com>' } }).email).to.deep.equal({
        from: 'Example <no-reply@example.com>',
        identity: 'domain',
        provider: 'ses',
      });
      expect(
        parseStackConfig({ email: { from: ' no-reply@mail.example.com ', identity: 'address', replyTo: 'support@example.com' } }).email,
      ).to.deep.equal({ from: 'no-reply@mail.example.com', identity: 'address', replyTo: 'support@example.com', provider: 'ses' });
    });

    const badEmail: [string, Record<string, unknown>, string][] = [
      ['a sender without a domain', { from: 'no-reply' }, 'gatehouse:email.from is not an email address'],
      ['a display name around a bad address', { from: 'Example <no-reply@example>' }, 'gatehouse:email.from is not an email address'],
      ['two addresses', { from: 'a@example.com, b@example.com' }, 'gatehouse:email.from is not an email address'],
      ['a sender that is not text', { from: 42 }, 'gatehouse:email.from must be a string (got 42)'],
      ['an unknown identity kind', { from: 'a@example.com', identity: 'dkim' }, 'gatehouse:email.identity must be one of address, domain'],
      ['a bad reply-to address', { from: 'a@example.com', replyTo: 'support' }, 'gatehouse:email.replyTo is not an email address'],
      ['a reply-to address without a sender', { replyTo: 'support@example.com' }, 'gatehouse:email.replyTo needs gatehouse:email.from'],
      ['an unknown key', { from: 'a@example.com', sender: 'b@example.com' }, 'gatehouse:email.sender is not a known setting'],
    ];
    for (const [what, email, problem] of badEmail) {
      it(`refuses ${what}, naming the key`, () => {
        expect(problemsOf({ email }).join('\n')).to.contain(problem);
      });
    }

    it('reads the address and its domain out of a sender, normalising the domain', () => {
      expect(parseEmailAddress('Example <No-Reply@Example.COM.>')).to.deep.equal({ address: 'No-Reply@example.com', domain: 'example.com' });
      expect(parseEmailAddress('a.b+c@bücher.example')).to.deep.equal({ address: 'a.b+c@xn--bcher-kva.example', domain: 'xn--bcher-kva.example' });
      for (const bad of ['', '@example.com', 'a..b@example.com', '.a@example.com', 'a@b@example.com', 'a @example.com', '<a@example.com', 'a@localhost']) {
        expect(parseEmailAddress(bad), bad).to.equal(undefined);
      }
    });
  });

  /** One case per bad value: what it is, the settings, and the one problem it must cause. */
  const refusesEach = (cases: readonly [string, Record<string, unknown>, string][]) => {
    for (const [what, raw, message] of cases) {
      it(`refuses ${what}, naming the key`, () => {
        const problems = problemsOf(raw);
        expect(problems, problems.join('\n')).to.have.length(1);
        expect(problems[0]).to.contain(message);
      });
    }
  };

  describe('gatehouse:signUp.captcha', () => {
    const captcha = (settings: Record<string, unknown>) => parseStackConfig({ signUp: { captcha: settings } }).signUp.captcha;

    it('takes every provider, keeping the defaults next to what is set', () => {
      for (const provider of ['none', 'turnstile', 'recaptcha', 'hcaptcha']) {
        expect(captcha({ provider })).to.deep.equal({ ...DEFAULTS.signUp.captcha, provider });
      }
    });

    it('normalises host names (trimmed, lowercase) and accepts an action where the provider reports one', () => {
      expect(captcha({ provider: 'turnstile', hostnames: [' App.Example.COM ', 'localhost'], action: 'sign-up_1' })).to.deep.equal({
        provider: 'turnstile',
        whenUnavailable: 'refuse',
        minScore: 0.5,
        hostnames: ['app.example.com', 'localhost'],
        action: 'sign-up_1',
      });
      expect(captcha({ provider: 'recaptcha', action: 'a'.repeat(32), minScore: 0 }).action).to.equal('a'.repeat(32));
      expect(captcha({ provider: 'recaptcha', minScore: 1 }).minScore).to.equal(1);
    });

    const key = 'gatehouse:signUp.captcha';
    refusesEach([
      ['an unknown provider', { signUp: { captcha: { provider: 'friendlycaptcha' } } }, `${key}.provider must be one of none, turnstile, recaptcha, hcaptcha (got "friendlycaptcha")`],
      ['an unknown failure mode', { signUp: { captcha: { whenUnavailable: 'retry' } } }, `${key}.whenUnavailable must be one of refuse, allow (got "retry")`],
      ['a score above 1', { signUp: { captcha: { minScore: 1.5 } } }, `${key}.minScore must be a number from 0 to 1 (got 1.5)`],
      ['a negative score', { signUp: { captcha: { minScore: -0.1 } } }, `${key}.minScore must be a number from 0 to 1 (got -0.1)`],
      ['a score given as text', { signUp: { captcha: { minScore: '0.5' } } }, `${key}.minScore must be a number from 0 to 1 (got "0.5")`],
      ['host names given as one host', { signUp: { captcha: { hostnames: 'app.example.com' } } }, `${key}.hostnames must be a list of host names (got "app.example.com")`],
      [
        'a host name with a scheme',
        { signUp: { captcha: { hostnames: ['app.example.com', 'https://app.example.com'] } } },
        `${key}.hostnames[1] must be a host name such as "app.example.com" (no scheme, no port) (got "https://app.example.com")`,
      ],
      ['a host name with a port', { signUp: { captcha: { hostnames: ['app.example.com:443'] } } }, `${key}.hostnames[0] must be a host name such as "app.example.com"`],
      ['an empty host name', { signUp: { captcha: { hostnames: [' '] } } }, `${key}.hostnames[0] must be a host name such as "app.example.com"`],
      ['a host name that is not text', { signUp: { captcha: { hostnames: [42] } } }, `${key}.hostnames[0] must be a string (got 42)`],
      [
        'an action with hCaptcha, which reports none',
        { signUp: { captcha: { provider: 'hcaptcha', action: 'signup' } } },
        `${key}.action is not reported by hCaptcha (only Turnstile and reCAPTCHA v3) (got "signup")`,
      ],
      [
        'an action without a captcha',
        { signUp: { captcha: { action: 'signup' } } },
        `${key}.action is not reported by a stack without captcha (only Turnstile and reCAPTCHA v3)`,
      ],
      ['an action with a space', { signUp: { captcha: { provider: 'turnstile', action: 'sign up' } } }, `${key}.action must be 1-32 letters, digits, "_" or "-" (got "sign up")`],
      ['an action of 33 characters', { signUp: { captcha: { provider: 'turnstile', action: 'a'.repeat(33) } } }, `${key}.action must be 1-32 letters, digits, "_" or "-"`],
      // The provider's secret is a Pulumi secret (gatehouse:captchaSecret), never a setting in the stack file.
      ['the secret among the settings', { signUp: { captcha: { provider: 'turnstile', secret: '0x4AAA' } } }, `${key}.secret is not a known setting`],
      ['a misspelt setting', { signUp: { captcha: { hostname: ['app.example.com'] } } }, `${key}.hostname is not a known setting`],
      ['a captcha given as its provider', { signUp: { captcha: 'turnstile' } }, `${key} must be an object (got "turnstile")`],
    ]);
  });

  describe('gatehouse:operations', () => {
    const operationsOf = (raw: Record<string, unknown>) => parseStackConfig({ operations: raw }).operations;

    it('turns alarms and the dashboard on, reserves nothing and leaves WAF off by default', () => {
      expect(operationsOf({})).to.deep.equal(DEFAULTS.operations);
    });

    it('takes subscribers, thresholds, reservations and a rate limit, keeping the defaults next to them', () => {
      const operations = operationsOf({
        alarms: { email: [' ops@example.com ', 'oncall@example.com'], lockoutsPer5Minutes: 5 },
        dashboard: false,
        reservedConcurrency: { preAuthentication: 50 },
        waf: { enabled: true, requestsPer5Minutes: 10, action: 'count' },
      });
      expect(operations.alarms).to.deep.equal({ ...DEFAULTS.operations.alarms, email: ['ops@example.com', 'oncall@example.com'], lockoutsPer5Minutes: 5 });
      expect(operations.dashboard).to.equal(false);
      expect(operations.reservedConcurrency).to.deep.equal({ preAuthentication: 50 });
      expect(operations.waf).to.deep.equal({ enabled: true, requestsPer5Minutes: 10, action: 'count' });
    });

    const bad: [string, Record<string, unknown>, string][] = [
      ['a subscriber that is not an address', { operations: { alarms: { email: ['ops'] } } }, 'gatehouse:operations.alarms.email[0] is not an email address'],
      ['a subscriber with a display name', { operations: { alarms: { email: ['Ops <ops@example.com>'] } } }, 'gatehouse:operations.alarms.email[0] must be a bare address, without a display name'],
      ['a subscriber listed twice', { operations: { alarms: { email: ['ops@example.com', 'OPS@example.com'] } } }, 'gatehouse:operations.alarms.email lists OPS@example.com twice'],
      ['subscribers that are not a list', { operations: { alarms: { email: 'ops@example.com' } } }, 'gatehouse:operations.alarms.email must be a list of email addresses'],
      ['no failure allowed at all', { operations: { alarms: { failuresPer5Minutes: 0 } } }, 'gatehouse:operations.alarms.failuresPer5Minutes must be an integer >= 1'],
      ['a duration beyond Cognito’s budget', { functions: { timeoutSeconds: 5 }, operations: { alarms: { durationMs: 5001 } } }, 'gatehouse:operations.alarms.durationMs must be an integer from 100 to 5000'],
      [
        'a duration no invocation can reach',
        { functions: { timeoutSeconds: 3 }, operations: { alarms: { durationMs: 4000 } } },
        'gatehouse:operations.alarms.durationMs must be <= gatehouse:functions.timeoutSeconds (3000 ms)',
      ],
      [
        'more lockouts than refusals',
        { operations: { alarms: { lockoutsPer5Minutes: 200 } } },
        'gatehouse:operations.alarms.lockoutsPer5Minutes must be <= gatehouse:operations.alarms.refusalsPer5Minutes',
      ],
      ['a reservation of no execution', { operations: { reservedConcurrency: { preAuthentication: 0 } } }, 'gatehouse:operations.reservedConcurrency.preAuthentication must be an integer from 1 to 1000'],
      ['a reservation for another trigger', { operations: { reservedConcurrency: { preSignUp: 10 } } }, 'gatehouse:operations.reservedConcurrency.preSignUp is not a known setting'],
      ['a rate limit under WAF’s minimum', { operations: { waf: { enabled: true, requestsPer5Minutes: 5 } } }, 'gatehouse:operations.waf.requestsPer5Minutes must be an integer from 10 to 2000000000'],
      ['an unknown WAF action', { operations: { waf: { action: 'captcha' } } }, 'gatehouse:operations.waf.action must be one of block, count'],
      ['a dashboard that is not a flag', { operations: { dashboard: 'yes' } }, 'gatehouse:operations.dashboard must be true or false'],
    ];
    for (const [what, raw, message] of bad) {
      it(`refuses ${what}, naming the key`, () => {
        const problems = problemsOf(raw);
        expect(problems).to.have.length(1);
        expect(problems[0]).to.contain(message);
      });
    }
  });

  describe('gatehouse:signUp.reminders', () => {
    const reminders = (settings: Record<string, unknown>) => parseStackConfig({ signUp: { reminders: settings } }).signUp.reminders;

    it('reminds after a day and deletes a week later by default, and takes the bounds', () => {
      expect(reminders({})).to.deep.equal({ enabled: true, remindAfterHours: 24, deleteAfterDays: 7 });
      expect(reminders({ enabled: false })).to.deep.equal({ enabled: false, remindAfterHours: 24, deleteAfterDays: 7 });
      expect(reminders({ remindAfterHours: 1, deleteAfterDays: 1 })).to.include({ remindAfterHours: 1, deleteAfterDays: 1 });
      expect(reminders({ remindAfterHours: 720, deleteAfterDays: 90 })).to.include({ remindAfterHours: 720, deleteAfterDays: 90 });
    });

    it('accepts no waits the workflow could not run: the longest both fit one STANDARD execution', () => {
      expect(reminderTiming({ remindAfterSeconds: 720 * 3600, deleteAfterSeconds: 90 * 86_400 })).to.deep.equal({
        remindAfterSeconds: 720 * 3600,
        deleteAfterSeconds: 90 * 86_400,
      });
    });

    const key = 'gatehouse:signUp.reminders';
    refusesEach([
      ['a reminder at once', { signUp: { reminders: { remindAfterHours: 0 } } }, `${key}.remindAfterHours must be an integer from 1 to 720 (got 0)`],
      ['a reminder after more than 30 days', { signUp: { reminders: { remindAfterHours: 721 } } }, `${key}.remindAfterHours must be an integer from 1 to 720 (got 721)`],
      ['a reminder after a fraction of an hour', { signUp: { reminders: { remindAfterHours: 1.5 } } }, `${key}.remindAfterHours must be an integer from 1 to 720 (got 1.5)`],
      ['a deletion with the reminder', { signUp: { reminders: { deleteAfterDays: 0 } } }, `${key}.deleteAfterDays must be an integer from 1 to 90 (got 0)`],
      ['a deletion after more than 90 days', { signUp: { reminders: { deleteAfterDays: 91 } } }, `${key}.deleteAfterDays must be an integer from 1 to 90 (got 91)`],
      ['a switch given as text', { signUp: { reminders: { enabled: 'no' } } }, `${key}.enabled must be true or false (got "no")`],
      ['a misspelt setting', { signUp: { reminders: { remindAfterDays: 1 } } }, `${key}.remindAfterDays is not a known setting`],
      ['reminders given as a switch', { signUp: { reminders: false } }, `${key} must be an object (got false)`],
    ]);
  });

  describe('gatehouse:email.provider and gatehouse:email.smtp', () => {
    const email = (settings: Record<string, unknown>) => parseStackConfig({ email: settings }).email;

    it('sends Gatehouse\'s own mail through SES by default, or through the stack\'s SMTP server (port 587, STARTTLS)', () => {
      expect(email({ provider: 'smtp', smtp: { host: ' smtp.example.com ' } })).to.deep.equal({
        identity: 'domain',
        provider: 'smtp',
        smtp: { host: 'smtp.example.com', port: 587, security: 'starttls' },
      });
      expect(email({ provider: 'smtp', smtp: { host: 'smtp.example.com', port: 465, security: 'tls', username: 'gatehouse' } }).smtp).to.deep.equal({
        host: 'smtp.example.com',
        port: 465,
        security: 'tls',
        username: 'gatehouse',
      });
    });

    it('sends it through SendGrid, with no server to name (its key is a secret)', () => {
      expect(email({ provider: 'sendgrid' })).to.deep.equal({ identity: 'domain', provider: 'sendgrid' });
      expect(email({ provider: 'sendgrid', from: 'Example <no-reply@example.com>' })).to.deep.equal({
        from: 'Example <no-reply@example.com>',
        identity: 'domain',
        provider: 'sendgrid',
      });
    });

    it('accepts a server without TLS only on the same host', () => {
      for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) {
        expect(email({ provider: 'smtp', smtp: { host, port: 25, security: 'none' } }).smtp, host).to.include({ security: 'none' });
      }
    });

    const key = 'gatehouse:email';
    refusesEach([
      ['an unknown provider', { email: { provider: 'mailgun' } }, `${key}.provider must be one of ses, smtp, sendgrid (got "mailgun")`],
      ['provider smtp without its server', { email: { provider: 'smtp' } }, `${key}.smtp is required with gatehouse:email.provider smtp ({"host": …})`],
      ['a server with provider ses', { email: { smtp: { host: 'smtp.example.com' } } }, `${key}.smtp is used only with gatehouse:email.provider smtp`],
      ['a server with provider sendgrid', { email: { provider: 'sendgrid', smtp: { host: 'smtp.example.com' } } }, `${key}.smtp is used only with gatehouse:email.provider smtp`],
      // SendGrid's key is a Pulumi secret (gatehouse:sendgridApiKey), never a setting in the stack file.
      ['the SendGrid key among the settings', { email: { provider: 'sendgrid', apiKey: 'SG.x' } }, `${key}.apiKey is not a known setting`],
      [
        'a server without TLS on another host',
        { email: { provider: 'smtp', smtp: { host: 'smtp.example.com', security: 'none' } } },
        `${key}.smtp.security none sends the password and the mail in clear: only for a relay on the same host (localhost)`,
      ],
      ['a server in the 10/8 network without TLS', { email: { provider: 'smtp', smtp: { host: '10.0.0.1', security: 'none' } } }, `${key}.smtp.security none sends the password`],
      ['a host name with a space', { email: { provider: 'smtp', smtp: { host: 'smtp example.com' } } }, `${key}.smtp.host must be a host name or IP address (got "smtp example.com")`],
      ['a host name with a scheme', { email: { provider: 'smtp', smtp: { host: 'smtp://smtp.example.com' } } }, `${key}.smtp.host must be a host name or IP address`],
      ['a server without a host', { email: { provider: 'smtp', smtp: { port: 587 } } }, `${key}.smtp.host must be a string`],
      ['port 0', { email: { provider: 'smtp', smtp: { host: 'smtp.example.com', port: 0 } } }, `${key}.smtp.port must be an integer from 1 to 65535 (got 0)`],
      ['a port beyond 65535', { email: { provider: 'smtp', smtp: { host: 'smtp.example.com', port: 65_536 } } }, `${key}.smtp.port must be an integer from 1 to 65535 (got 65536)`],
      ['an unknown security', { email: { provider: 'smtp', smtp: { host: 'smtp.example.com', security: 'ssl' } } }, `${key}.smtp.security must be one of starttls, tls, none (got "ssl")`],
      ['an empty username', { email: { provider: 'smtp', smtp: { host: 'smtp.example.com', username: '' } } }, `${key}.smtp.username must not be empty (got "")`],
      // The password is a Pulumi secret (gatehouse:smtpPassword), never a setting in the stack file.
      ['the password among the settings', { email: { provider: 'smtp', smtp: { host: 'smtp.example.com', password: 'hunter2' } } }, `${key}.smtp.password is not a known setting`],
      ['a server given as a URL', { email: { provider: 'smtp', smtp: 'smtp.example.com' } }, `${key}.smtp must be an object (got "smtp.example.com")`],
    ]);
  });

  describe('gatehouse:welcome', () => {
    it('sends no welcome mail by default', () => {
      expect(parseStackConfig({}).welcome).to.deep.equal({ enabled: false });
    });

    it('sends it with a sender, through SES or SMTP', () => {
      expect(parseStackConfig({ email: { from: 'no-reply@example.com' }, welcome: { enabled: true } }).welcome).to.deep.equal({ enabled: true });
      const overSmtp = parseStackConfig({ email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com' } }, welcome: { enabled: true } });
      expect(overSmtp.welcome).to.deep.equal({ enabled: true });
    });

    const key = 'gatehouse:welcome';
    refusesEach([
      ['a welcome mail without a sender', { welcome: { enabled: true } }, `${key}.enabled needs gatehouse:email.from (the sender of the welcome mail)`],
      [
        'a welcome mail over SMTP without a sender',
        { email: { provider: 'smtp', smtp: { host: 'smtp.example.com' } }, welcome: { enabled: true } },
        `${key}.enabled needs gatehouse:email.from`,
      ],
      ['the name where it used to be', { welcome: { appName: 'Example' } }, `${key}.appName moved to gatehouse:messages.appName`],
      ['the locale where it used to be', { welcome: { defaultLocale: 'fr' } }, `${key}.defaultLocale moved to gatehouse:messages.defaultLocale`],
      ['a switch given as text', { welcome: { enabled: 'yes' } }, `${key}.enabled must be true or false (got "yes")`],
      ['a misspelt setting', { welcome: { locale: 'fr' } }, `${key}.locale is not a known setting`],
    ]);
  });

  describe('gatehouse:alerts', () => {
    const FROM = { from: 'no-reply@example.com' };

    it('sends no alert by default', () => {
      expect(parseStackConfig({}).alerts).to.deep.equal({ accountLocked: false, newDevice: false });
    });

    it('turns each alert on with a sender, through any provider; new-device alerts with device tracking on', () => {
      expect(parseStackConfig({ email: FROM, alerts: { accountLocked: true } }).alerts).to.deep.equal({ accountLocked: true, newDevice: false });
      const overSmtp = parseStackConfig({ email: { ...FROM, provider: 'smtp', smtp: { host: 'smtp.example.com' } }, alerts: { accountLocked: true, newDevice: true } });
      expect(overSmtp.alerts).to.deep.equal({ accountLocked: true, newDevice: true });
      for (const deviceTracking of ['always', 'user-opt-in']) {
        expect(parseStackConfig({ email: FROM, pool: { deviceTracking }, alerts: { newDevice: true } }).alerts.newDevice, deviceTracking).to.equal(true);
      }
      // Lock alerts need no device tracking.
      expect(parseStackConfig({ email: FROM, pool: { deviceTracking: 'off' }, alerts: { accountLocked: true } }).alerts.accountLocked).to.equal(true);
    });

    const key = 'gatehouse:alerts';
    refusesEach([
      ['a lock alert without a sender', { alerts: { accountLocked: true } }, `${key}.accountLocked needs gatehouse:email.from (the sender of the alerts)`],
      ['a new-device alert without a sender', { alerts: { newDevice: true } }, `${key}.newDevice needs gatehouse:email.from (the sender of the alerts)`],
      [
        'a new-device alert without device tracking',
        { email: FROM, pool: { deviceTracking: 'off' }, alerts: { newDevice: true } },
        `${key}.newDevice needs gatehouse:pool.deviceTracking always or user-opt-in: without device tracking Cognito never reports a new device`,
      ],
      ['a switch given as text', { email: FROM, alerts: { accountLocked: 'on' } }, `${key}.accountLocked must be true or false (got "on")`],
      ['a misspelt setting', { email: FROM, alerts: { lockout: true } }, `${key}.lockout is not a known setting`],
      ['a list instead of the section', { alerts: ['accountLocked'] }, `${key} must be an object (got ["accountLocked"])`],
    ]);
  });

  describe('gatehouse:messages', () => {
    const DELIVERY = { retryAttempts: 2, maxEventAgeSeconds: 3600 };

    it("keeps Cognito's own messages by default, as Gatehouse, in English", () => {
      expect(parseStackConfig({}).messages).to.deep.equal({ appName: 'Gatehouse', defaultLocale: 'en', email: 'cognito', sms: 'cognito', delivery: DELIVERY });
    });

    it('personalises each channel, the name trimmed; email content only with a sender (SES)', () => {
      const both = parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { appName: ' Example ', defaultLocale: 'fr', email: 'custom-message', sms: 'custom-message' } });
      expect(both.messages).to.deep.equal({ appName: 'Example', defaultLocale: 'fr', email: 'custom-message', sms: 'custom-message', delivery: DELIVERY });
      expect(parseStackConfig({ messages: { sms: 'custom-message' } }).messages.sms).to.equal('custom-message');
    });

    it('sends a channel itself (custom-sender): email with a sender, through any provider; SMS needs nothing more', () => {
      for (const provider of ['ses', 'sendgrid'] as const) {
        const config = parseStackConfig({ email: { from: 'no-reply@example.com', provider }, messages: { email: 'custom-sender' } });
        expect(config.messages.email, provider).to.equal('custom-sender');
        expect(config.email.provider, provider).to.equal(provider);
      }
      const overSmtp = parseStackConfig({
        email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com' } },
        messages: { email: 'custom-sender' },
      });
      expect(overSmtp.messages.email).to.equal('custom-sender');
      const sms = parseStackConfig({ messages: { sms: 'custom-sender' } });
      expect(sms.messages).to.deep.include({ email: 'cognito', sms: 'custom-sender' });
      expect(sms.sms).to.deep.equal({ provider: 'sns' });
      // One channel may be personalised and the other sent by Gatehouse.
      expect(parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-message', sms: 'custom-sender' } }).messages).to.deep.include({
        email: 'custom-message',
        sms: 'custom-sender',
      });
    });

    it("retries a custom sender's failed delivery twice and drops it after an hour by default, and takes Lambda's bounds", () => {
      const delivery = (settings: Record<string, unknown>) => parseStackConfig({ messages: { delivery: settings } }).messages.delivery;
      expect(delivery({})).to.deep.equal(DELIVERY);
      expect(delivery({ retryAttempts: 0 })).to.deep.equal({ ...DELIVERY, retryAttempts: 0 });
      expect(delivery({ retryAttempts: 0, maxEventAgeSeconds: 60 })).to.deep.equal({ retryAttempts: 0, maxEventAgeSeconds: 60 });
      expect(delivery({ retryAttempts: 2, maxEventAgeSeconds: 21_600 })).to.deep.equal({ retryAttempts: 2, maxEventAgeSeconds: 21_600 });
      // The delivery settings do not depend on a custom sender being there: they take effect once one is.
      expect(parseStackConfig({ messages: { sms: 'custom-sender', delivery: { maxEventAgeSeconds: 600 } } }).messages.delivery).to.deep.equal({
        retryAttempts: 2,
        maxEventAgeSeconds: 600,
      });
    });

    const key = 'gatehouse:messages';
    refusesEach([
      [
        'personalised email on Cognito\'s default sender',
        { messages: { email: 'custom-message' } },
        `${key}.email custom-message needs gatehouse:email.from: Cognito uses a trigger's email content only when the pool sends through SES`,
      ],
      [
        'a custom email sender without a sender',
        { messages: { email: 'custom-sender' } },
        `${key}.email custom-sender needs gatehouse:email.from (the sender of the pool's messages through gatehouse:email.provider ses) (got "custom-sender")`,
      ],
      [
        'a custom email sender over SendGrid without a sender',
        { email: { provider: 'sendgrid' }, messages: { email: 'custom-sender' } },
        `${key}.email custom-sender needs gatehouse:email.from (the sender of the pool's messages through gatehouse:email.provider sendgrid)`,
      ],
      ['an unknown mode', { messages: { sms: 'twilio' } }, `${key}.sms must be one of cognito, custom-message, custom-sender (got "twilio")`],
      ['an unknown email mode', { messages: { email: 'sendgrid' } }, `${key}.email must be one of cognito, custom-message, custom-sender (got "sendgrid")`],
      ['an empty name', { messages: { appName: '  ' } }, `${key}.appName must not be empty (got "  ")`],
      ['a name of 65 characters', { messages: { appName: 'n'.repeat(65) } }, `${key}.appName must be at most 64 characters`],
      ['a locale without templates', { messages: { defaultLocale: 'es' } }, `${key}.defaultLocale must be one of en, fr, de (got "es")`],
      ['three retries (Lambda allows two)', { messages: { delivery: { retryAttempts: 3 } } }, `${key}.delivery.retryAttempts must be an integer from 0 to 2 (got 3)`],
      ['a negative retry count', { messages: { delivery: { retryAttempts: -1 } } }, `${key}.delivery.retryAttempts must be an integer from 0 to 2 (got -1)`],
      ['a fractional retry count', { messages: { delivery: { retryAttempts: 1.5 } } }, `${key}.delivery.retryAttempts must be an integer from 0 to 2 (got 1.5)`],
      ['a retry count given as text', { messages: { delivery: { retryAttempts: '2' } } }, `${key}.delivery.retryAttempts must be an integer from 0 to 2 (got "2")`],
      ['an event age below a minute', { messages: { delivery: { maxEventAgeSeconds: 59 } } }, `${key}.delivery.maxEventAgeSeconds must be an integer from 60 to 21600 (got 59)`],
      ['an event age beyond six hours', { messages: { delivery: { maxEventAgeSeconds: 21_601 } } }, `${key}.delivery.maxEventAgeSeconds must be an integer from 60 to 21600 (got 21601)`],
      ['a misspelt delivery setting', { messages: { delivery: { retries: 1 } } }, `${key}.delivery.retries is not a known setting`],
      ['delivery given as a number', { messages: { delivery: 2 } }, `${key}.delivery must be an object (got 2)`],
    ]);
  });

  describe('gatehouse:sms', () => {
    const sms = (settings: Record<string, unknown>) => parseStackConfig({ sms: settings }).sms;
    const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
    const SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;

    it('sends texts through SNS by default, with no sender ID or origination number', () => {
      expect(parseStackConfig({}).sms).to.deep.equal({ provider: 'sns' });
      expect(sms({})).to.deep.equal({ provider: 'sns' });
    });

    it('takes a sender ID and an origination number with SNS, the number trimmed', () => {
      expect(sms({ senderId: 'Example', originationNumber: ' +447700900123 ' })).to.deep.equal({
        provider: 'sns',
        senderId: 'Example',
        originationNumber: '+447700900123',
      });
      for (const senderId of ['A', 'Example1234', 'a1']) expect(sms({ senderId }).senderId, senderId).to.equal(senderId);
    });

    it('sends through Twilio from a number or a Messaging Service, the values trimmed', () => {
      expect(sms({ provider: 'twilio', twilio: { accountSid: ` ${ACCOUNT_SID} `, from: ' +15005550006 ' } })).to.deep.equal({
        provider: 'twilio',
        twilio: { accountSid: ACCOUNT_SID, from: '+15005550006' },
      });
      expect(sms({ provider: 'twilio', twilio: { accountSid: ACCOUNT_SID, messagingServiceSid: SERVICE_SID } })).to.deep.equal({
        provider: 'twilio',
        twilio: { accountSid: ACCOUNT_SID, messagingServiceSid: SERVICE_SID },
      });
    });

    const key = 'gatehouse:sms';
    const twilio = (settings: Record<string, unknown>) => ({ sms: { provider: 'twilio', twilio: { accountSid: ACCOUNT_SID, ...settings } } });
    refusesEach([
      ['an unknown provider', { sms: { provider: 'vonage' } }, `${key}.provider must be one of sns, twilio (got "vonage")`],
      ['Twilio without its account', { sms: { provider: 'twilio' } }, `${key}.twilio is required with gatehouse:sms.provider twilio ({"accountSid": …, "from": …})`],
      ['a Twilio account with SNS', { sms: { twilio: { accountSid: ACCOUNT_SID, from: '+15005550006' } } }, `${key}.twilio is used only with gatehouse:sms.provider twilio`],
      ['a sender ID with Twilio', { sms: { ...twilio({ from: '+15005550006' }).sms, senderId: 'Example' } }, `${key}.senderId is used only with gatehouse:sms.provider sns (got "Example")`],
      [
        'an origination number with Twilio',
        { sms: { ...twilio({ from: '+15005550006' }).sms, originationNumber: '+15005550006' } },
        `${key}.originationNumber is used only with gatehouse:sms.provider sns (got "+15005550006")`,
      ],
      ['a sender ID of digits only', { sms: { senderId: '12345' } }, `${key}.senderId must be 1 to 11 letters and digits, at least one letter (got "12345")`],
      ['a sender ID of 12 characters', { sms: { senderId: 'ExampleInc12' } }, `${key}.senderId must be 1 to 11 letters and digits, at least one letter`],
      ['a sender ID with a space', { sms: { senderId: 'My App' } }, `${key}.senderId must be 1 to 11 letters and digits, at least one letter`],
      ['a national origination number', { sms: { originationNumber: '07700900123' } }, `${key}.originationNumber must be a phone number in E.164 form, such as "+447700900123" (got "07700900123")`],
      ['a Twilio account SID in capitals', twilio({ accountSid: `AC${'A'.repeat(32)}`, from: '+15005550006' }), `${key}.twilio.accountSid must be a Twilio account SID ("AC" and 32 hexadecimal digits)`],
      ['a Twilio auth token in place of the account SID', twilio({ accountSid: 'f'.repeat(32), from: '+15005550006' }), `${key}.twilio.accountSid must be a Twilio account SID`],
      ['a Twilio number that is not E.164', twilio({ from: '15005550006' }), `${key}.twilio.from must be a phone number in E.164 form, such as "+447700900123" (got "15005550006")`],
      ['a bad Messaging Service SID', twilio({ messagingServiceSid: 'MG123' }), `${key}.twilio.messagingServiceSid must be a Twilio messaging service SID ("MG" and 32 hexadecimal digits) (got "MG123")`],
      ['neither a number nor a Messaging Service', twilio({}), `${key}.twilio.from or gatehouse:sms.twilio.messagingServiceSid is required, not both`],
      ['both a number and a Messaging Service', twilio({ from: '+15005550006', messagingServiceSid: SERVICE_SID }), `${key}.twilio.from or gatehouse:sms.twilio.messagingServiceSid is required, not both`],
      // The auth token is a Pulumi secret (gatehouse:twilioAuthToken), never a setting in the stack file.
      ['the auth token among the settings', twilio({ from: '+15005550006', authToken: 'x' }), `${key}.twilio.authToken is not a known setting`],
      ['a misspelt setting', { sms: { sender: 'Example' } }, `${key}.sender is not a known setting`],
      ['the section given as its provider', { sms: 'twilio' }, `${key} must be an object (got "twilio")`],
    ]);
  });

  describe('stack secrets', () => {
    const CAPTCHA = parseStackConfig({ signUp: { captcha: { provider: 'turnstile' } } });
    const SMTP_LOGIN = parseStackConfig({ email: { provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } } });
    const SENDGRID = parseStackConfig({ email: { provider: 'sendgrid' } });
    const TWILIO = parseStackConfig({ sms: { provider: 'twilio', twilio: { accountSid: `AC${'0'.repeat(32)}`, from: '+15005550006' } } });
    /** Both custom senders, sending through SendGrid and Twilio. */
    const SENDERS = parseStackConfig({
      email: { from: 'no-reply@example.com', provider: 'sendgrid' },
      messages: { email: 'custom-sender', sms: 'custom-sender' },
      sms: { provider: 'twilio', twilio: { accountSid: `AC${'0'.repeat(32)}`, messagingServiceSid: `MG${'0'.repeat(32)}` } },
    });
    const SECRET = { secret: true };
    const PLAIN = { secret: false };

    /** The problems `checkSecrets` reports, none when it accepts. */
    const secretProblems = (config: ReturnType<typeof parseStackConfig>, present: Parameters<typeof checkSecrets>[1]): readonly string[] => {
      try {
        checkSecrets(config, present);
      } catch (error) {
        expect(error).to.be.instanceOf(StackConfigError);
        return (error as StackConfigError).problems;
      }
      return [];
    };

    it('needs a secret only for what the stack uses, saying which setting needs it', () => {
      expect(requiredSecrets(parseStackConfig({}))).to.deep.equal({});
      expect(requiredSecrets(CAPTCHA)).to.deep.equal({ captchaSecret: 'gatehouse:signUp.captcha.provider is turnstile' });
      expect(requiredSecrets(parseStackConfig({ signUp: { captcha: { provider: 'hcaptcha' } } }))).to.deep.equal({
        captchaSecret: 'gatehouse:signUp.captcha.provider is hcaptcha',
      });
      expect(requiredSecrets(SMTP_LOGIN)).to.deep.equal({ smtpPassword: 'gatehouse:email.smtp.username is set' });
      // A server that takes mail without logging in needs no password.
      expect(requiredSecrets(parseStackConfig({ email: { provider: 'smtp', smtp: { host: 'localhost', security: 'none' } } }))).to.deep.equal({});
    });

    it('needs the SendGrid key with provider sendgrid and the Twilio token with provider twilio, with a custom sender or without', () => {
      expect(requiredSecrets(SENDGRID)).to.deep.equal({ sendgridApiKey: 'gatehouse:email.provider is sendgrid' });
      expect(requiredSecrets(TWILIO)).to.deep.equal({ twilioAuthToken: 'gatehouse:sms.provider is twilio' });
      expect(requiredSecrets(SENDERS)).to.deep.equal({
        sendgridApiKey: 'gatehouse:email.provider is sendgrid',
        twilioAuthToken: 'gatehouse:sms.provider is twilio',
      });
      // Custom senders over SES and SNS send with the functions' roles: no secret.
      expect(
        requiredSecrets(parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender', sms: 'custom-sender' } })),
      ).to.deep.equal({});
    });

    it('refuses a missing secret, naming it and the command that sets it', () => {
      expect(secretProblems(CAPTCHA, {})).to.deep.equal([
        'gatehouse:captchaSecret is required because gatehouse:signUp.captcha.provider is turnstile: ' +
          'pulumi config set --secret gatehouse:captchaSecret <value>',
      ]);
      expect(secretProblems(SMTP_LOGIN, {})).to.deep.equal([
        'gatehouse:smtpPassword is required because gatehouse:email.smtp.username is set: pulumi config set --secret gatehouse:smtpPassword <value>',
      ]);
      expect(secretProblems(SENDGRID, {})).to.deep.equal([
        'gatehouse:sendgridApiKey is required because gatehouse:email.provider is sendgrid: pulumi config set --secret gatehouse:sendgridApiKey <value>',
      ]);
      expect(secretProblems(TWILIO, {})).to.deep.equal([
        'gatehouse:twilioAuthToken is required because gatehouse:sms.provider is twilio: pulumi config set --secret gatehouse:twilioAuthToken <value>',
      ]);
      expect(secretProblems(SENDERS, { sendgridApiKey: SECRET })).to.deep.equal([
        'gatehouse:twilioAuthToken is required because gatehouse:sms.provider is twilio: pulumi config set --secret gatehouse:twilioAuthToken <value>',
      ]);
    });

    it('refuses a secret stored in plain text, whether the stack uses it or not', () => {
      const plainText = 'is stored in plain text: set it again with pulumi config set --secret';
      expect(secretProblems(CAPTCHA, { captchaSecret: PLAIN })).to.deep.equal([
        `gatehouse:captchaSecret ${plainText} gatehouse:captchaSecret <value>`,
      ]);
      expect(secretProblems(parseStackConfig({}), { smtpPassword: PLAIN })).to.deep.equal([
        `gatehouse:smtpPassword ${plainText} gatehouse:smtpPassword <value>`,
      ]);
      expect(secretProblems(SENDERS, { sendgridApiKey: PLAIN, twilioAuthToken: PLAIN })).to.deep.equal([
        `gatehouse:sendgridApiKey ${plainText} gatehouse:sendgridApiKey <value>`,
        `gatehouse:twilioAuthToken ${plainText} gatehouse:twilioAuthToken <value>`,
      ]);
      expect(secretProblems(parseStackConfig({}), { sendgridApiKey: PLAIN, twilioAuthToken: SECRET })).to.deep.equal([
        `gatehouse:sendgridApiKey ${plainText} gatehouse:sendgridApiKey <value>`,
      ]);
    });

    it('accepts the secrets a stack needs, and ignores those it does not use', () => {
      expect(secretProblems(CAPTCHA, { captchaSecret: SECRET })).to.deep.equal([]);
      expect(secretProblems(SMTP_LOGIN, { smtpPassword: SECRET })).to.deep.equal([]);
      expect(secretProblems(parseStackConfig({}), { captchaSecret: SECRET, smtpPassword: SECRET })).to.deep.equal([]);
      expect(secretProblems(SENDERS, { sendgridApiKey: SECRET, twilioAuthToken: SECRET })).to.deep.equal([]);
      expect(secretProblems(parseStackConfig({}), { sendgridApiKey: SECRET, twilioAuthToken: SECRET })).to.deep.equal([]);
    });

    it('reports every problem at once', () => {
      const both = parseStackConfig({
        signUp: { captcha: { provider: 'recaptcha' } },
        email: { provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
      });
      const problems = secretProblems(both, { smtpPassword: PLAIN });
      expect(problems).to.have.length(2);
      expect(problems[0]).to.match(/^gatehouse:captchaSecret is required because gatehouse:signUp\.captcha\.provider is recaptcha: /);
      expect(problems[1]).to.match(/^gatehouse:smtpPassword is stored in plain text: /);
    });

    it('is never a setting of the stack configuration', () => {
      expect(problemsOf({ captchaSecret: 'x' })).to.deep.equal(['gatehouse:captchaSecret is not a known setting']);
      expect(problemsOf({ sendgridApiKey: 'SG.x', twilioAuthToken: 'x' })).to.deep.equal([
        'gatehouse:sendgridApiKey is not a known setting',
        'gatehouse:twilioAuthToken is not a known setting',
      ]);
    });

    describe('loadStackSecrets', () => {
      let saved: Record<string, string>;
      beforeEach(() => {
        saved = pulumi.runtime.allConfig();
      });
      afterEach(() => pulumi.runtime.setAllConfig(saved));

      const valueOf = (output: pulumi.Output<string>) => new Promise<string>((resolve) => output.apply(resolve));

      it('reads a secret set with --secret as a Pulumi secret, next to a configuration that does not count it as a setting', async () => {
        pulumi.runtime.setAllConfig(
          { 'gatehouse:signUp': JSON.stringify({ captcha: { provider: 'turnstile' } }), 'gatehouse:captchaSecret': '0x4AAAAAAA-secret' },
          ['gatehouse:captchaSecret'],
        );
        const config = loadStackConfig();
        const secrets = loadStackSecrets(config);
        expect(Object.keys(secrets)).to.deep.equal(['captchaSecret']);
        expect(await pulumi.isSecret(secrets.captchaSecret!)).to.equal(true);
        expect(await valueOf(secrets.captchaSecret!)).to.equal('0x4AAAAAAA-secret');
      });

      it('refuses a needed secret that is not set', () => {
        pulumi.runtime.setAllConfig({ 'gatehouse:signUp': JSON.stringify({ captcha: { provider: 'turnstile' } }) });
        expect(() => loadStackSecrets(loadStackConfig())).to.throw(
          StackConfigError,
          'pulumi config set --secret gatehouse:captchaSecret <value>',
        );
      });

      it('refuses a secret set without --secret', () => {
        pulumi.runtime.setAllConfig({ 'gatehouse:smtpPassword': 'hunter2' }, []);
        expect(() => loadStackSecrets(loadStackConfig())).to.throw(StackConfigError, 'gatehouse:smtpPassword is stored in plain text');
      });

      it('reads the SendGrid key and the Twilio token of a stack that sends through them, each as a Pulumi secret', async () => {
        const settings = {
          'gatehouse:email': JSON.stringify({ from: 'no-reply@example.com', provider: 'sendgrid' }),
          'gatehouse:messages': JSON.stringify({ email: 'custom-sender', sms: 'custom-sender' }),
          'gatehouse:sms': JSON.stringify({ provider: 'twilio', twilio: { accountSid: `AC${'0'.repeat(32)}`, from: '+15005550006' } }),
        };
        pulumi.runtime.setAllConfig(
          { ...settings, 'gatehouse:sendgridApiKey': 'SG.key', 'gatehouse:twilioAuthToken': 'twilio-token' },
          ['gatehouse:sendgridApiKey', 'gatehouse:twilioAuthToken'],
        );
        const secrets = loadStackSecrets(loadStackConfig());
        expect(Object.keys(secrets).sort()).to.deep.equal(['sendgridApiKey', 'twilioAuthToken']);
        expect(await pulumi.isSecret(secrets.sendgridApiKey!)).to.equal(true);
        expect(await pulumi.isSecret(secrets.twilioAuthToken!)).to.equal(true);
        expect(await valueOf(secrets.sendgridApiKey!)).to.equal('SG.key');
        expect(await valueOf(secrets.twilioAuthToken!)).to.equal('twilio-token');
        // Set without --secret, each is refused by name.
        pulumi.runtime.setAllConfig({ ...settings, 'gatehouse:sendgridApiKey': 'SG.key', 'gatehouse:twilioAuthToken': 'twilio-token' }, []);
        let error: unknown;
        try {
          loadStackSecrets(loadStackConfig());
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(StackConfigError);
        expect((error as StackConfigError).problems).to.deep.equal([
          'gatehouse:sendgridApiKey is stored in plain text: set it again with pulumi config set --secret gatehouse:sendgridApiKey <value>',
          'gatehouse:twilioAuthToken is stored in plain text: set it again with pulumi config set --secret gatehouse:twilioAuthToken <value>',
        ]);
      });

      it('reads nothing when the stack has no secrets', () => {
        pulumi.runtime.setAllConfig({});
        expect(loadStackSecrets(loadStackConfig())).to.deep.equal({});
      });
    });
  });

  describe('Pulumi.dev.yaml', () => {
    /** Where dev opts out of what protects a real stack's data; everything else is the default. */
    const DEV_OPT_OUTS = { protect: false, pool: { deletionProtection: false }, table: { deletionProtection: false } };
    /** What dev turns on so that the sandbox's demo can show it. */
    const DEV_SHOWCASE = { signUp: { ...DEFAULTS.signUp, refuseDisposable: true } };
    const devDefaults = {
      ...DEFAULTS,
      ...DEV_OPT_OUTS,
      ...DEV_SHOWCASE,
      pool: { ...DEFAULTS.pool, ...DEV_OPT_OUTS.pool },
      table: { ...DEFAULTS.table, ...DEV_OPT_OUTS.table },
    };

    it('lists every setting with its default value, except where dev opts out of protection or shows a feature off', () => {
      const values = gatehouseValuesOf('Pulumi.dev.yaml');
      expect(values).to.deep.equal(devDefaults);
      expect(parseStackConfig(values)).to.deep.equal(devDefaults);
    });

    it('shows the optional name prefix, commented out, with the value the dev stack gets anyway', () => {
      const text = readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8');
      expect(text).to.match(/^ {2}# gatehouse:namePrefix: gatehouse-dev$/m);
    });

    it('shows the optional sender, commented out: dev stays on Cognito\'s default sender', () => {
      const text = readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8');
      expect(text).to.match(/^ {4}# from: /m);
      expect(gatehouseValuesOf('Pulumi.dev.yaml')['email']).to.deep.equal({ identity: 'domain', provider: 'ses' });
    });

    it('keeps Cognito sending the pool\'s messages, and shows the SMS provider\'s options commented out, valid once uncommented', () => {
      const values = gatehouseValuesOf('Pulumi.dev.yaml');
      expect(values['messages']).to.deep.include({ email: 'cognito', sms: 'cognito' });
      expect(values['sms']).to.deep.equal({ provider: 'sns' });
      const text = readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8');
      const rest = text.slice(text.indexOf('  gatehouse:sms:\n')).split('\n').slice(1);
      // Up to the next setting of the file.
      const end = rest.findIndex((line) => /^ {2}gatehouse:/.test(line));
      const section = (end === -1 ? rest : rest.slice(0, end)).filter((line) => line.startsWith('    '));
      const uncommented = (keep: (line: string) => boolean) =>
        (parse(section.filter(keep).map((line) => line.replace(/^( {4})# /, '$1')).join('\n').replace(/^ {4}/gm, '')) ?? {}) as Record<string, unknown>;
      // SNS with its sender ID and origination number.
      const sns = uncommented((line) => /^ {4}(provider|# senderId|# originationNumber):/.test(line));
      expect(parseStackConfig({ sms: sns }).sms).to.include({ provider: 'sns' }).and.to.have.keys('provider', 'senderId', 'originationNumber');
      // Twilio with its account and number.
      const twilio = uncommented((line) => /^ {4}# twilio:|^ {4}# {3}\w/.test(line));
      expect(parseStackConfig({ sms: { provider: 'twilio', ...twilio } }).sms.twilio).to.have.keys('accountSid', 'from');
    });

    it('departs from a default to show a feature only with a comment saying so', () => {
      const text = readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8');
      expect(text).to.match(/^ {4}refuseDisposable: true +# DEV SHOWS IT \(default false\)/m);
    });

    it('opts out of protection only with a comment saying so', () => {
      const text = readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8');
      const optOuts = text.split('\n').filter((line) => /(protect|deletionProtection): false/.test(line));
      expect(optOuts).to.have.length(3);
      for (const line of optOuts) expect(line).to.contain('# DEV ONLY');
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

    it('reads the plain-text keys as text and the boolean and structured ones as JSON', () => {
      pulumi.runtime.setAllConfig({
        'gatehouse:protect': 'false',
        'gatehouse:namePrefix': 'gatehouse-old',
        'gatehouse:tags': JSON.stringify({ team: 'identity' }),
      });
      const config = loadStackConfig();
      expect(config.protect).to.equal(false);
      expect(config.namePrefix).to.equal('gatehouse-old');
      expect(config.tags).to.deep.equal({ team: 'identity' });
    });

    it('reads a name prefix made of digits as text, not as a number', () => {
      pulumi.runtime.setAllConfig({ 'gatehouse:namePrefix': '2024' });
      expect(loadStackConfig().namePrefix).to.equal('2024');
    });

    it('names the key of a value that is not JSON where JSON is expected', () => {
      pulumi.runtime.setAllConfig({ 'gatehouse:protect': 'no' });
      expect(() => loadStackConfig()).to.throw(StackConfigError, 'gatehouse:protect must be true or false (got "no")');
    });

    it('refuses a misspelt top-level key instead of ignoring it', () => {
      pulumi.runtime.setAllConfig({ 'gatehouse:lockouts': JSON.stringify({ maxFailures: 7 }) });
      expect(() => loadStackConfig()).to.throw(StackConfigError, 'gatehouse:lockouts is not a known setting');
    });

    it('reads gatehouse:signUp as JSON and names the entry of a bad value', () => {
      pulumi.runtime.setAllConfig({
        'gatehouse:signUp': JSON.stringify({ allowedDomains: ['Bücher.Example.', '*.example.com'], externalProviders: 'trust' }),
      });
      expect(loadStackConfig().signUp).to.deep.equal({
        ...DEFAULTS.signUp,
        allowedDomains: ['xn--bcher-kva.example', '*.example.com'],
        externalProviders: 'trust',
      });
      pulumi.runtime.setAllConfig({ 'gatehouse:signUp': JSON.stringify({ blockedDomains: ['ok.example', 'not ok'] }) });
      expect(() => loadStackConfig()).to.throw(StackConfigError, 'gatehouse:signUp.blockedDomains[1] is not a valid domain pattern');
    });

    it('names the key of a bad value', () => {
      pulumi.runtime.setAllConfig({ 'gatehouse:functions': JSON.stringify({ timeoutSeconds: 30 }) });
      expect(() => loadStackConfig()).to.throw(StackConfigError, 'gatehouse:functions.timeoutSeconds');
    });
  });
});
