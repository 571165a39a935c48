import * as z from 'zod';
import { normaliseDomainName, normaliseDomainPattern, SUBDOMAINS_PREFIX } from './domain-names';

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Cognito waits five seconds for a synchronous trigger, whatever the function's own timeout. */
export const COGNITO_TRIGGER_BUDGET_SECONDS = 5;

const integer = (min: number, max?: number) => {
  const error = max === undefined ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
  const atLeast = z.int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
};

const flag = () => z.boolean({ error: 'must be true or false' });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/**
 * An object of settings: unknown keys are refused (a typo must not fall back to a default silently),
 * missing ones take their defaults.
 */
const section = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) });

const lockout = section({
  maxFailures: integer(1).default(5),
  windowSeconds: integer(1).default(900),
  lockoutSeconds: integer(1).default(300),
  maxLockoutSeconds: integer(1).default(3600),
  backoffMemorySeconds: integer(0).default(86_400),
}).superRefine((value, ctx) => {
  if (value.maxLockoutSeconds < value.lockoutSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxLockoutSeconds'],
      message: 'must be >= gatehouse:lockout.lockoutSeconds',
    });
  }
});

const forcedReset = section({
  enabled: flag().default(false),
  afterLockouts: integer(0).default(3),
  afterFailures: integer(0).default(0),
}).superRefine((value, ctx) => {
  if (value.enabled && value.afterLockouts === 0 && value.afterFailures === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['enabled'],
      message: 'needs gatehouse:forcedReset.afterLockouts or gatehouse:forcedReset.afterFailures above 0',
    });
  }
});

const audit = section({
  retentionDays: integer(1, 3650).default(90),
});

/**
 * Defaults after OWASP ASVS 5.0 V6.2: length over composition. 15 characters (6.2.1 asks for at least 8
 * and strongly recommends 15; shorter is refused), no character-class rules (6.2.5). Cognito accepts
 * passwords up to 256 characters (6.2.9) and never expires them (6.2.10).
 */
const password = section({
  minimumLength: integer(8, 99).default(15),
  requireLowercase: flag().default(false),
  requireUppercase: flag().default(false),
  requireNumbers: flag().default(false),
  requireSymbols: flag().default(false),
  // Cognito reads 0 as "the default" (7 days), so 0 is refused rather than silently meaning 7.
  temporaryPasswordValidityDays: integer(1, 365).default(7),
  // Previous passwords a user may not reuse (0 = off); Cognito keeps them only on Essentials and Plus.
  passwordHistorySize: integer(0, 24).default(0),
});

const tokens = section({
  accessTokenMinutes: integer(5, 1440).default(60),
  idTokenMinutes: integer(5, 1440).default(60),
  refreshTokenDays: integer(1, 3650).default(30),
});

/** Cognito feature plans (`userPoolTier`); password history needs one of the paid ones. */
export const FEATURE_PLANS = ['lite', 'essentials', 'plus'] as const;

const pool = section({
  deletionProtection: flag().default(true),
  // Essentials is what Cognito gives a new pool; set explicitly so that the plan (and its price) is a
  // decision in the stack file, not an API default that may change.
  featurePlan: oneOf(FEATURE_PLANS).default('essentials'),
  deviceTracking: oneOf(['off', 'always', 'user-opt-in']).default('user-opt-in'),
  mfa: oneOf(['off', 'optional', 'required']).default('optional'),
  password: password.prefault({}),
  tokens: tokens.prefault({}),
}).superRefine((value, ctx) => {
  if (value.featurePlan === 'lite' && value.password.passwordHistorySize > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['password', 'passwordHistorySize'],
      message: 'needs gatehouse:pool.featurePlan essentials or plus (Cognito keeps password history only there)',
    });
  }
});

const table = section({
  deletionProtection: flag().default(true),
});

const retentionError = `must be one of ${LOG_RETENTION_DAYS.join(', ')}`;

const functions = section({
  memoryMb: integer(128, 10_240).default(256),
  timeoutSeconds: integer(1, COGNITO_TRIGGER_BUDGET_SECONDS).default(COGNITO_TRIGGER_BUDGET_SECONDS),
  logRetentionDays: z
    .int({ error: retentionError })
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), { error: retentionError })
    .default(30),
  logLevel: oneOf(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  // The bounds the handlers accept for these two (handlers/composition/handler-config.ts).
  clientTimeoutMs: integer(50, 4000).default(1000),
  clientMaxAttempts: integer(1, 3).default(2),
}).superRefine((value, ctx) => {
  // One request retried to the end must still leave the function time to answer Cognito.
  if (value.clientTimeoutMs * value.clientMaxAttempts >= value.timeoutSeconds * 1000) {
    ctx.addIssue({
      code: 'custom',
      path: ['clientTimeoutMs'],
      message:
        `× gatehouse:functions.clientMaxAttempts (${value.clientMaxAttempts}) must stay below ` +
        `gatehouse:functions.timeoutSeconds (${value.timeoutSeconds * 1000} ms)`,
    });
  }
});

/** Captcha providers Gatehouse verifies tokens with (their siteverify APIs). */
export const CAPTCHA_PROVIDERS = ['none', 'turnstile', 'recaptcha', 'hcaptcha'] as const;

/** A host name as a browser reports it to a captcha provider: lowercase labels, no port. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * A captcha on self sign-up (`PreSignUp_SignUp` only: admin-created users and federated sign-ups carry no
 * token). The provider's secret is the Pulumi secret `gatehouse:captchaSecret`, never part of this.
 */
const captcha = section({
  provider: oneOf(CAPTCHA_PROVIDERS).default('none'),
  // What a sign-up meets when the provider cannot be reached: refused (the default) or let through.
  whenUnavailable: oneOf(['refuse', 'allow']).default('refuse'),
  // reCAPTCHA v3 scores each token from 0.0 (a bot) to 1.0; v2, Turnstile and hCaptcha answer pass/fail.
  minScore: z.number({ error: 'must be a number from 0 to 1' }).min(0, { error: 'must be a number from 0 to 1' }).max(1, { error: 'must be a number from 0 to 1' }).default(0.5),
  // The sites the widget may be solved on (empty: any); a token solved elsewhere is refused.
  hostnames: z
    .array(
      z
        .string({ error: 'must be a string' })
        .transform((host) => host.trim().toLowerCase())
        .refine((host) => HOSTNAME.test(host), { error: 'must be a host name such as "app.example.com" (no scheme, no port)' }),
      { error: 'must be a list of host names' },
    )
    .default([]),
  // reCAPTCHA v3 and Turnstile report the action the widget was rendered with; set it to insist on one.
  action: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'must be 1-32 letters, digits, "_" or "-"' }).optional(),
}).superRefine((value, ctx) => {
  if (value.action !== undefined && (value.provider === 'hcaptcha' || value.provider === 'none')) {
    ctx.addIssue({ code: 'custom', path: ['action'], message: `is not reported by ${value.provider === 'none' ? 'a stack without captcha' : 'hCaptcha'} (only Turnstile and reCAPTCHA v3)` });
  }
});

/**
 * The reminder workflow of unconfirmed self sign-ups: a reminder with a fresh confirmation code after
 * `remindAfterHours`, deletion `deleteAfterDays` later if still unconfirmed. Cognito's codes expire
 * after 24 hours, hence the default.
 */
const reminders = section({
  enabled: flag().default(true),
  remindAfterHours: integer(1, 720).default(24),
  deleteAfterDays: integer(1, 90).default(7),
});

const DOMAIN_LISTS = ['allowedDomains', 'blockedDomains', 'extraDisposableDomains'] as const;
type DomainList = (typeof DOMAIN_LISTS)[number];

const domainList = (what: string) =>
  z.array(z.string({ error: 'must be a string' }), { error: `must be a list of ${what}` }).default([]);

const LABEL_RULE = 'at least two labels of 1-63 letters, digits or "-" (not first or last), a top-level label not all digits';

/**
 * Sign-up screening (the PreSignUp trigger). Every entry is normalised here — trimmed, lowercase, one
 * trailing dot dropped, internationalised names in punycode (`bücher.example` is `xn--bcher-kva.example`)
 * — so that the environment carries one spelling and a bad entry stops `pulumi up`, naming it. Entries
 * that repeat one another once normalised, and patterns both allowed and blocked, are refused: they are
 * mistakes (a blocked domain is refused even when allowed).
 */
const signUp = section({
  // Empty: any domain. "example.com" is exactly that domain; "*.example.com" its subdomains at any depth.
  allowedDomains: domainList('domain patterns ("example.com", "*.example.com")'),
  blockedDomains: domainList('domain patterns ("example.com", "*.example.com")'),
  refuseDisposable: flag().default(false),
  // Exact domains: a listed domain's subdomains count too.
  extraDisposableDomains: domainList('domain names'),
  externalProviders: oneOf(['screen', 'trust']).default('screen'),
  captcha: captcha.prefault({}),
  reminders: reminders.prefault({}),
}).transform((value, ctx) => {
  const problem = (list: DomainList, index: number, message: string) =>
    ctx.issues.push({ code: 'custom', path: [list, index], message, input: value[list][index] });
  /** Each list's entries once normalised, by the index of their first occurrence. */
  const accepted = {} as Record<DomainList, Map<string, number>>;
  for (const list of DOMAIN_LISTS) {
    const exact = list === 'extraDisposableDomains';
    accepted[list] = new Map();
    value[list].forEach((entry, index) => {
      if (exact && entry.trim().startsWith(SUBDOMAINS_PREFIX)) {
        problem(list, index, `must be a domain name without "${SUBDOMAINS_PREFIX}": the subdomains of a listed domain count too`);
        return;
      }
      const result = exact ? normaliseDomainName(entry) : normaliseDomainPattern(entry);
      if (result === undefined) {
        const kind = exact ? 'domain name' : 'domain pattern ("example.com" or "*.example.com")';
        problem(list, index, `is not a valid ${kind}: ${LABEL_RULE}, at most 253 characters`);
        return;
      }
      const first = accepted[list].get(result);
      if (first !== undefined) {
        problem(list, index, `repeats gatehouse:signUp.${list}[${first}] (both are "${result}" once normalised)`);
        return;
      }
      accepted[list].set(result, index);
    });
  }
  for (const [pattern, index] of accepted.blockedDomains) {
    if (accepted.allowedDomains.has(pattern)) {
      problem(
        'blockedDomains',
        index,
        `is also in gatehouse:signUp.allowedDomains (as "${pattern}" once normalised): ` +
          'a blocked domain is refused even when allowed, so list it in one of them only',
      );
    }
  }
  return {
    ...value,
    allowedDomains: [...accepted.allowedDomains.keys()],
    blockedDomains: [...accepted.blockedDomains.keys()],
    extraDisposableDomains: [...accepted.extraDisposableDomains.keys()],
  };
});

/** `Name <local@domain>` or `local@domain`: the address part, and the display name if any. */
const FROM_WITH_NAME = /^([^<>]*?)\s*<([^<>\s]+)>$/;
const ADDRESS = /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})@([^@\s]+)$/;

/**
 * The address of a sender (`Example <no-reply@example.com>` gives `no-reply@example.com`) and its
 * domain, normalised; undefined when it is not one address with an ASCII local part and a valid domain.
 */
export function parseEmailAddress(text: string): { address: string; domain: string } | undefined {
  const trimmed = text.trim();
  const candidate = FROM_WITH_NAME.exec(trimmed)?.[2] ?? trimmed;
  const match = ADDRESS.exec(candidate);
  if (!match?.[1] || !match[2]) return undefined;
  const local = match[1];
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  const domain = normaliseDomainName(match[2]);
  if (domain === undefined) return undefined;
  return { address: `${local}@${domain}`, domain };
}

const emailAddress = (example: string) =>
  z
    .string({ error: 'must be a string' })
    .refine((text) => parseEmailAddress(text) !== undefined, {
      error: `is not an email address (e.g. ${example})`,
    })
    .transform((text) => text.trim());

/**
 * An SMTP server of the stack's own, for the mail Gatehouse sends itself (welcome mail). The password is
 * the Pulumi secret `gatehouse:smtpPassword`. `none` (no TLS) is for a relay on the same host only.
 */
const smtp = section({
  host: z.string({ error: 'must be a string' }).trim().regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, { error: 'must be a host name or IP address' }),
  port: integer(1, 65_535).default(587),
  security: oneOf(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional(),
});

/** Where the mail Gatehouse sends itself goes out. */
export const EMAIL_PROVIDERS = ['ses', 'smtp', 'sendgrid'] as const;

/**
 * The pool's own emails (sign-up codes, recovery, forced-reset codes). Without `from`, Cognito's default
 * sender (about 50 emails a day, the rest dropped); with it, SES through an identity the stack provisions
 * (provider `ses`). Gatehouse's own mail (welcome) goes out from `from` through `provider`.
 */
const email = section({
  from: emailAddress('"Example <no-reply@example.com>" or "no-reply@example.com"').optional(),
  // domain: the sender's domain is verified (Easy DKIM, CNAME records to publish); address: only the address (a link).
  identity: oneOf(['address', 'domain']).default('domain'),
  replyTo: emailAddress('"support@example.com"').optional(),
  // How the mail Gatehouse sends itself goes out (welcome, alerts, and the pool's messages with a custom
  // sender): SES as the identity above, the stack's SMTP server, or SendGrid (key: gatehouse:sendgridApiKey).
  provider: oneOf(EMAIL_PROVIDERS).default('ses'),
  smtp: smtp.optional(),
}).superRefine((value, ctx) => {
  if (value.provider === 'smtp' && value.smtp === undefined) {
    ctx.addIssue({ code: 'custom', path: ['smtp'], message: 'is required with gatehouse:email.provider smtp ({"host": …})' });
  }
  if (value.provider !== 'smtp' && value.smtp !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['smtp'], message: 'is used only with gatehouse:email.provider smtp' });
  }
  if (value.smtp?.security === 'none' && !isLoopback(value.smtp.host)) {
    ctx.addIssue({ code: 'custom', path: ['smtp', 'security'], message: 'none sends the password and the mail in clear: only for a relay on the same host (localhost)' });
  }
  if (value.replyTo !== undefined && value.from === undefined) {
    ctx.addIssue({ code: 'custom', path: ['replyTo'], message: 'needs gatehouse:email.from (Cognito\'s default sender takes no reply-to address)' });
  }
  if (value.replyTo !== undefined && FROM_WITH_NAME.test(value.replyTo)) {
    ctx.addIssue({ code: 'custom', path: ['replyTo'], message: 'must be a bare address, without a display name' });
  }
});

/** Host names that stay on the machine. */
export function isLoopback(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** At most this many redirect URLs, each at most this long: every function's environment carries them (4 KB in all). */
export const MAX_REDIRECT_URLS = 5;
export const MAX_REDIRECT_URL_LENGTH = 200;

/**
 * A URL a sign-in link may open, as `new URL` spells it; undefined when it is not acceptable: https
 * (http only on the loopback, for development), no user or password, no fragment (the link's token goes
 * there), no comma (the environment joins the list with commas).
 */
export function normaliseRedirectUrl(text: string): string | undefined {
  if (text.includes(',') || text.includes('#') || text.trim() !== text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  return secure && url.username === '' && url.password === '' ? url.href : undefined;
}

/**
 * Sign-in by magic link (CUSTOM_AUTH with the three challenge triggers): a link mailed through
 * `email.provider` from `email.from`, valid `linkValidityMinutes` (OWASP: at most 10), single use, to one
 * of `redirectUrls` exactly. Off by default; the app client allows ALLOW_CUSTOM_AUTH only when on.
 */
const passwordless = section({
  enabled: flag().default(false),
  linkValidityMinutes: integer(1, 10).default(5),
  redirectUrls: z
    .array(
      z
        .string({ error: 'must be a string' })
        .max(MAX_REDIRECT_URL_LENGTH, { error: `must be at most ${MAX_REDIRECT_URL_LENGTH} characters` })
        .refine((url) => normaliseRedirectUrl(url) !== undefined, {
          error: 'must be an https URL (http only on localhost or 127.0.0.1) without user, password, fragment or comma',
        })
        .transform((url) => normaliseRedirectUrl(url) as string),
      { error: 'must be a list of URLs' },
    )
    .max(MAX_REDIRECT_URLS, { error: `must list at most ${MAX_REDIRECT_URLS} URLs` })
    .default([]),
  // Answers one sign-in may give before it fails (then the user asks for a new link).
  maxAnswers: integer(1, 10).default(3),
  // Links one username may be sent per window (whether an account has it or not).
  maxLinksPerWindow: integer(1, 100).default(3),
  windowMinutes: integer(1, 1440).default(15),
}).superRefine((value, ctx) => {
  if (value.enabled && value.redirectUrls.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['redirectUrls'], message: 'must name at least one URL with gatehouse:passwordless.enabled (where the links lead)' });
  }
  if (new Set(value.redirectUrls).size !== value.redirectUrls.length) {
    ctx.addIssue({ code: 'custom', path: ['redirectUrls'], message: 'repeats a URL (once normalised)' });
  }
});

/** The locales the message templates exist in (`adapters/templates/mail/`). */
export const MESSAGE_LOCALES = ['en', 'fr', 'de'] as const;

/** The welcome mail PostConfirmation sends once per confirmed sign-up. */
const welcome = section({
  enabled: flag().default(false),
});

/**
 * Alerts on the owner's own activity, mailed through `email.provider` from `email.from`: a lock engaged on
 * their account (once per lock, never for an unknown username), a sign-in from a device Cognito's device
 * tracking did not know. Off by default: a stack turns each on.
 */
const alerts = section({
  accountLocked: flag().default(false),
  newDevice: flag().default(false),
});

/**
 * How a channel's messages from the pool (codes, temporary passwords) are written and sent: Cognito's own
 * text, Gatehouse's templates through the CustomMessage trigger (Cognito still sends them), or a custom
 * sender (Gatehouse writes them and sends them through the stack's provider: `email.provider`,
 * `sms.provider`).
 */
export const MESSAGE_MODES = ['cognito', 'custom-message', 'custom-sender'] as const;

/** The custom senders' asynchronous invocations: how long Lambda keeps retrying a message that failed. */
const delivery = section({
  // Retries after the first attempt (Lambda allows 0 to 2), each after a delay Lambda chooses.
  retryAttempts: integer(0, 2).default(2),
  // A code older than this is dropped and handed to the on-failure destination: a late code is one
  // the user has stopped waiting for (Lambda allows 60 s to 6 h).
  maxEventAgeSeconds: integer(60, 21_600).default(3600),
});

/** Every message Gatehouse writes: in the user's language, under the product's name. */
const messages = section({
  // The product's name as messages show it ("Welcome to Example", "Your Example code").
  appName: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }).default('Gatehouse'),
  // The language of users whose `locale` attribute names no template.
  defaultLocale: oneOf(MESSAGE_LOCALES).default('en'),
  email: oneOf(MESSAGE_MODES).default('cognito'),
  sms: oneOf(MESSAGE_MODES).default('cognito'),
  delivery: delivery.prefault({}),
  // The stack's own templates: a folder of the project (relative to its root) laid out as
  // adapters/templates/messages/, each file replacing one part of one message in one locale.
  templates: z
    .string({ error: 'must be a folder of the project, relative to its root (templates/<stack>)' })
    .trim()
    .regex(/^(?![\\/]|[A-Za-z]:)(?!(.*[\\/])?\.\.([\\/]|$)).+$/, {
      error: 'must be a folder of the project, relative to its root, without .. (templates/<stack>)',
    })
    .optional(),
});

/** Cognito's pre token generation events Gatehouse answers: the ID token (V1_0), or both tokens (V2_0). */
export const CLAIMS_EVENT_VERSIONS = ['V1_0', 'V2_0'] as const;

/**
 * Claims Cognito never lets a trigger change (see domain/policy/token-claims-policy.ts, which the
 * function holds its policy to as well): refused here, so that a stack never asks for what its tokens
 * would not carry. infra imports nothing from domain/, hence the list again; a test keeps them equal.
 */
export const PROTECTED_TOKEN_CLAIMS = [
  'acr', 'amr', 'at_hash', 'aud', 'auth_time', 'azp', 'cognito:username', 'device_key', 'event_id', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use', 'client_id', 'scope', 'username', 'version',
] as const;

const claimName = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/, { error: 'must be a claim name: a letter, then up to 63 letters, digits, "_", ":", "." or "-"' })
  .refine((name) => !(PROTECTED_TOKEN_CLAIMS as readonly string[]).includes(name) && !name.startsWith('cognito:'), {
    error: 'is a claim Cognito never lets a trigger add, change or suppress',
  });

/** The tenant claim: from a custom attribute of the user (the pool gets it), or from the account's record. */
const tenantClaim = section({
  from: oneOf(['attribute', 'account-record']),
  // The pool's custom attribute, as Cognito names it; only with from: attribute.
  attribute: z.string({ error: 'must be a string' }).regex(/^custom:[A-Za-z0-9_]{1,20}$/, { error: 'must be a custom attribute: "custom:" and 1-20 letters, digits or "_"' }).optional(),
  claim: claimName.default('tenant'),
  // refuse: no tokens for a user without a tenant (the safe default); omit: tokens without the claim.
  whenMissing: oneOf(['refuse', 'omit']).default('refuse'),
}).superRefine((value, ctx) => {
  if (value.from === 'attribute' && value.attribute === undefined) {
    ctx.addIssue({ code: 'custom', path: ['attribute'], message: 'is required with from attribute (e.g. "custom:tenant")' });
  }
  if (value.from !== 'attribute' && value.attribute !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['attribute'], message: 'is used only with from attribute' });
  }
});

const roleName = z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_.:/-]{1,64}$/, { error: 'must be 1-64 letters, digits, "_", ".", ":", "/" or "-"' });

/** The roles claim: each of the user's groups gives the roles listed for it. */
const rolesClaim = section({
  claim: claimName.default('roles'),
  groups: z
    .record(
      z.string().regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u, { error: 'must be a Cognito group name (1-128 characters, no spaces)' }),
      z.array(roleName, { error: 'must be a list of role names' }),
      { error: (issue) => (issue.code === 'invalid_key' ? 'is not a Cognito group name (1-128 characters, no spaces)' : 'must be a map of group names to lists of roles') },
    )
    .default({}),
});

/**
 * The claims policy of the pool's tokens (the PreTokenGeneration trigger), at every sign-in and refresh.
 * V2_0 needs the Essentials or Plus feature plan (checked with gatehouse:pool.featurePlan).
 */
const claims = section({
  enabled: flag().default(false),
  eventVersion: oneOf(CLAIMS_EVENT_VERSIONS).default('V1_0'),
  tenant: tenantClaim.optional(),
  roles: rolesClaim.optional(),
  // Scopes added to every access token (V2_0 only).
  scopes: z
    .array(
      z.string({ error: 'must be a string' }).regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, { error: 'must be a scope: printable characters without spaces, quotes or backslashes' }),
      { error: 'must be a list of scopes' },
    )
    .default([]),
  // Claims taken out of the ID token; the email stays out by default (APIs should not key on it).
  suppress: z.array(claimName, { error: 'must be a list of claim names' }).default(['email']),
}).superRefine((value, ctx) => {
  if (value.scopes.length > 0 && value.eventVersion !== 'V2_0') {
    ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'needs gatehouse:claims.eventVersion V2_0 (V1_0 cannot change the access token)' });
  }
  value.scopes.forEach((scope, index) => {
    if (['aws.cognito.signin.user.admin', 'openid', 'email', 'phone', 'profile'].includes(scope)) {
      ctx.addIssue({ code: 'custom', path: ['scopes', index], message: "is one of Cognito's own scopes" });
    }
  });
  if (value.tenant && value.roles && value.tenant.claim === value.roles.claim) {
    ctx.addIssue({ code: 'custom', path: ['roles', 'claim'], message: 'is also gatehouse:claims.tenant.claim' });
  }
  value.suppress.forEach((name, index) => {
    if (name === value.tenant?.claim || name === value.roles?.claim) {
      ctx.addIssue({ code: 'custom', path: ['suppress', index], message: 'is a claim the policy adds' });
    }
  });
});

/** Where text messages go out when a custom sender sends them. */
export const SMS_PROVIDERS = ['sns', 'twilio'] as const;

const E164 = /^\+[1-9]\d{7,14}$/;
const phoneNumber = z.string({ error: 'must be a string' }).trim().regex(E164, { error: 'must be a phone number in E.164 form, such as "+447700900123"' });

/** A Twilio account and what it sends from; its auth token is the Pulumi secret `gatehouse:twilioAuthToken`. */
const twilio = section({
  accountSid: z.string({ error: 'must be a string' }).trim().regex(/^AC[0-9a-f]{32}$/, { error: 'must be a Twilio account SID ("AC" and 32 hexadecimal digits)' }),
  from: phoneNumber.optional(),
  messagingServiceSid: z.string({ error: 'must be a string' }).trim().regex(/^MG[0-9a-f]{32}$/, { error: 'must be a Twilio messaging service SID ("MG" and 32 hexadecimal digits)' }).optional(),
}).superRefine((value, ctx) => {
  if ((value.from === undefined) === (value.messagingServiceSid === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'or gatehouse:sms.twilio.messagingServiceSid is required, not both' });
  }
});

/** Text messages a custom sender sends (`messages.sms` custom-sender). */
const sms = section({
  provider: oneOf(SMS_PROVIDERS).default('sns'),
  // SNS: the sender name shown where carriers allow one (1-11 letters and digits, at least one letter).
  senderId: z.string({ error: 'must be a string' }).regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, { error: 'must be 1 to 11 letters and digits, at least one letter' }).optional(),
  // SNS: the number messages come from, one the account owns (required by some countries, the US among them).
  originationNumber: phoneNumber.optional(),
  twilio: twilio.optional(),
}).superRefine((value, ctx) => {
  if (value.provider === 'twilio' && value.twilio === undefined) {
    ctx.addIssue({ code: 'custom', path: ['twilio'], message: 'is required with gatehouse:sms.provider twilio ({"accountSid": …, "from": …})' });
  }
  if (value.provider !== 'twilio' && value.twilio !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['twilio'], message: 'is used only with gatehouse:sms.provider twilio' });
  }
  for (const key of ['senderId', 'originationNumber'] as const) {
    if (value.provider !== 'sns' && value[key] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'is used only with gatehouse:sms.provider sns' });
    }
  }
});

/** The sources a stack can migrate users from (`gatehouse:migration.source`). */
export const MIGRATION_SOURCES = ['cognito', 'http', 'imported'] as const;

/**
 * The standard attributes a migration may fill (the pool attribute → legacy attribute mapping's keys):
 * domain/policy/migration-policy.ts's MIGRATABLE_ATTRIBUTES, which a test keeps this list equal to.
 */
export const MIGRATABLE_ATTRIBUTES = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'address',
] as const;

/** A user pool's ARN, the pool id's region prefix the same as the ARN's region. */
const USER_POOL_ARN = /^arn:aws(-cn|-us-gov)?:cognito-idp:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):userpool\/([a-z]{2}(-[a-z]+)+-\d)_[0-9A-Za-z]+$/;

/**
 * An older Cognito pool of the same account (IAM cannot grant a function the admin API of another
 * account's pool). Its app client must allow ALLOW_ADMIN_USER_PASSWORD_AUTH and have no secret.
 */
const legacyCognito = section({
  userPoolArn: z
    .string({ error: 'must be a string' })
    .trim()
    .refine((arn) => {
      const match = USER_POOL_ARN.exec(arn);
      return match !== null && match[2] === match[5];
    }, { error: 'must be a user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>)' }),
  clientId: z.string({ error: 'must be a string' }).trim().regex(/^[\w+]{1,128}$/, { error: 'must be an app client id of that pool' }),
});

/** The old system's HTTP endpoint (README, "Legacy HTTP endpoint"); its shared secret is `gatehouse:legacyEndpointSecret`. */
const legacyHttp = section({
  url: z
    .string({ error: 'must be a string' })
    .trim()
    .refine((text) => legacyUrlProblem(text) === undefined, { error: 'must be an https URL without credentials (plain http only to localhost, 127.0.0.1 or ::1)' }),
});

function legacyUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'credentials';
  if (url.protocol === 'https:') return undefined;
  return url.protocol === 'http:' && isLoopback(url.hostname) ? undefined : 'not https';
}

/**
 * Just-in-time migration of users from a legacy directory (the UserMigration trigger), off by default.
 * While it is on, the app client also allows USER_PASSWORD_AUTH: the password must reach Cognito, and the
 * trigger, for the legacy side to check it.
 */
const migration = section({
  enabled: flag().default(false),
  source: oneOf(MIGRATION_SOURCES).optional(),
  cognito: legacyCognito.optional(),
  http: legacyHttp.optional(),
  // CONFIRMED keeps the old password; RESET_REQUIRED has the user choose a new one at their first sign-in.
  finalUserStatus: oneOf(['CONFIRMED', 'RESET_REQUIRED']).default('CONFIRMED'),
  // Pool attribute → legacy attribute; only these are copied (email and email_verified are decided apart).
  attributes: z
    .partialRecord(
      z.enum(MIGRATABLE_ATTRIBUTES, { error: `must be one of ${MIGRATABLE_ATTRIBUTES.join(', ')}` }),
      z.string({ error: 'must be the name of a legacy attribute' }).regex(/^[\w:.-]{1,64}$/, { error: 'must be the name of a legacy attribute (1-64 letters, digits, _ : . -)' }),
      { error: 'must map pool attributes to legacy attributes ({"given_name": "firstName"})' },
    )
    .default({ name: 'name', given_name: 'given_name', family_name: 'family_name', locale: 'locale' }),
}).superRefine((value, ctx) => {
  if (value.enabled && value.source === undefined) {
    ctx.addIssue({ code: 'custom', path: ['source'], message: `is required with gatehouse:migration.enabled (one of ${MIGRATION_SOURCES.join(', ')})` });
  }
  // `imported` has no settings: its users are in the table (npm run import-users).
  for (const source of ['cognito', 'http'] as const) {
    if (value.source === source && value[source] === undefined) {
      const example = source === 'cognito' ? '{"userPoolArn": …, "clientId": …}' : '{"url": "https://…"}';
      ctx.addIssue({ code: 'custom', path: [source], message: `is required with gatehouse:migration.source ${source} (${example})` });
    }
    if (value.source !== source && value[source] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [source], message: `is used only with gatehouse:migration.source ${source}` });
    }
  }
});

/** WAF's bounds on a rate-based rule's limit (requests per evaluation window, per IP). */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

/**
 * The stack's alarms (`infra/alarms.ts`): each notifies the stack's operations topic, to which `email`
 * subscribes its addresses (each confirms by mail before anything reaches it). Counts are per 5 minutes.
 */
const alarms = section({
  enabled: flag().default(true),
  email: z.array(emailAddress('"ops@example.com"'), { error: 'must be a list of email addresses' }).default([]),
  // A trigger's invocations that ended in the generic failure (its flow line's result "failed").
  failuresPer5Minutes: integer(1).default(1),
  // The p99 duration of a synchronous trigger over which it alarms: Cognito gives up after five seconds.
  // Unset: 80 % of gatehouse:functions.timeoutSeconds (4000 ms with the default timeout).
  durationMs: integer(100, COGNITO_TRIGGER_BUDGET_SECONDS * 1000).optional(),
  // Accounts locked, and sign-in attempts refused (locked, reset required, store down in closed mode):
  // a sudden rise of either is what credential stuffing looks like.
  lockoutsPer5Minutes: integer(1).default(20),
  refusalsPer5Minutes: integer(1).default(100),
}).superRefine((value, ctx) => {
  const duplicates = value.email.filter((address, index) => value.email.findIndex((other) => other.toLowerCase() === address.toLowerCase()) !== index);
  if (duplicates.length > 0) ctx.addIssue({ code: 'custom', path: ['email'], message: `lists ${duplicates.join(', ')} twice` });
  value.email.forEach((address, index) => {
    // SNS takes a bare address as an email endpoint.
    if (FROM_WITH_NAME.test(address)) ctx.addIssue({ code: 'custom', path: ['email', index], message: 'must be a bare address, without a display name' });
  });
  if (value.lockoutsPer5Minutes > value.refusalsPer5Minutes) {
    ctx.addIssue({ code: 'custom', path: ['lockoutsPer5Minutes'], message: 'must be <= gatehouse:operations.alarms.refusalsPer5Minutes (every lockout is a refusal)' });
  }
});

/**
 * Executions reserved for the sign-in triggers, so that another workload of the account cannot take
 * them all; a reservation is also a cap (Cognito gets throttling errors beyond it). Unset: none.
 */
const reservedConcurrency = section({
  preAuthentication: integer(1, 1000).optional(),
  postAuthentication: integer(1, 1000).optional(),
});

/**
 * A WAF web ACL on the pool's endpoints with one rate-based rule: requests per IP per 5 minutes over
 * `requestsPer5Minutes` are blocked (or only counted, to watch a limit before enforcing it).
 */
const waf = section({
  enabled: flag().default(false),
  requestsPer5Minutes: integer(WAF_RATE_LIMIT.min, WAF_RATE_LIMIT.max).default(500),
  action: oneOf(['block', 'count']).default('block'),
});

/** What the people who run the pool see and get told: alarms, a dashboard, reservations, WAF. */
const operations = section({
  alarms: alarms.prefault({}),
  dashboard: flag().default(true),
  reservedConcurrency: reservedConcurrency.prefault({}),
  waf: waf.prefault({}),
});

/**
 * The characters every name Gatehouse derives from the prefix may contain: the intersection of what
 * Lambda (function names), IAM (roles), DynamoDB (tables), Cognito, KMS aliases and SSM parameter names
 * accept. `infra/naming.ts` checks each full name (lengths included) once the triggers are known.
 */
const NAME_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const namePrefixError = 'must start with a letter or digit and contain only letters, digits, "-" and "_"';

const namePrefix = z
  .string({ error: 'must be a string' })
  .regex(NAME_PREFIX, { error: namePrefixError })
  // SSM refuses parameter names that start with "aws" or "ssm", whatever the case.
  .refine((prefix) => !/^(aws|ssm)/i.test(prefix), { error: 'must not start with "aws" or "ssm" (reserved by AWS)' });

/** AWS's tagging rules (the strictest common set across the services Gatehouse tags). */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Tags Gatehouse sets itself on a resource at most (see `infra/tags.ts`). */
export const OWN_TAGS_PER_RESOURCE = 4;
/** The key prefix of Gatehouse's own tags, which a stack may not set. */
export const OWN_TAG_PREFIX = 'gatehouse:';
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const characters = (text: string) => [...text].length;

const tags = z
  .record(z.string(), z.string({ error: 'must be a string' }), { error: 'must be a map of tag keys to string values' })
  .superRefine((value, ctx) => {
    const limit = MAX_TAGS_PER_RESOURCE - OWN_TAGS_PER_RESOURCE;
    if (Object.keys(value).length > limit) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          `has ${Object.keys(value).length} tags: at most ${limit} (AWS allows ${MAX_TAGS_PER_RESOURCE} per resource ` +
          `and Gatehouse sets up to ${OWN_TAGS_PER_RESOURCE} of its own)`,
      });
    }
    for (const [key, tagValue] of Object.entries(value)) {
      const problem = (message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
      if (characters(key) < 1 || characters(key) > 128) problem('is not a valid tag key: 1 to 128 characters');
      if (characters(tagValue) > 256) problem('has a value longer than 256 characters');
      if (!TAG_CHARACTERS.test(key) || !TAG_CHARACTERS.test(tagValue)) {
        problem('may contain only letters, digits, spaces and _ . : / = + - @ (in its key and its value)');
      }
      if (/^aws:/i.test(key) || /^aws:/i.test(tagValue)) problem('must not start with "aws:" (reserved by AWS), nor its value');
      if (key.toLowerCase().startsWith(OWN_TAG_PREFIX)) problem(`must not start with "${OWN_TAG_PREFIX}" (Gatehouse's own tags)`);
    }
  });

/** The `gatehouse:` namespace of a stack's configuration, keyed by top-level key. */
export const stackConfigSchema = z.strictObject({
  /**
   * Pulumi `protect` on the resources whose replacement or deletion loses data: the user pool, the
   * table, the KMS key, the account key secret and the log groups. Off only where losing them is fine.
   */
  protect: flag().default(true),
  /** The prefix of every name in AWS; defaults to `gatehouse-<stack>` (see `infra/naming.ts`). */
  namePrefix: namePrefix.optional(),
  /** Tags on every resource that takes tags, next to Gatehouse's own (`infra/tags.ts`). */
  tags: tags.default({}),
  lockout: lockout.prefault({}),
  forcedReset: forcedReset.prefault({}),
  storeFailureMode: oneOf(['open', 'closed']).default('open'),
  audit: audit.prefault({}),
  pool: pool.prefault({}),
  table: table.prefault({}),
  functions: functions.prefault({}),
  signUp: signUp.prefault({}),
  email: email.prefault({}),
  welcome: welcome.prefault({}),
  alerts: alerts.prefault({}),
  messages: messages.prefault({}),
  sms: sms.prefault({}),
  claims: claims.prefault({}),
  migration: migration.prefault({}),
  operations: operations.prefault({}),
  passwordless: passwordless.prefault({}),
}).superRefine((value, ctx) => {
  if (value.passwordless.enabled && value.email.from === undefined) {
    ctx.addIssue({ code: 'custom', path: ['passwordless', 'enabled'], message: 'needs gatehouse:email.from (the sender of the sign-in links)' });
  }
  if (value.messages.email === 'custom-sender' && value.email.from === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['messages', 'email'],
      message: `custom-sender needs gatehouse:email.from (the sender of the pool's messages through gatehouse:email.provider ${value.email.provider})`,
    });
  }
  if (value.messages.email === 'custom-message' && value.email.from === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['messages', 'email'],
      message: "custom-message needs gatehouse:email.from: Cognito uses a trigger's email content only when the pool sends through SES",
    });
  }
  if (value.welcome.enabled && value.email.from === undefined) {
    ctx.addIssue({ code: 'custom', path: ['welcome', 'enabled'], message: 'needs gatehouse:email.from (the sender of the welcome mail)' });
  }
  const { durationMs } = value.operations.alarms;
  // Only a duration within the budget (one beyond it is reported already) is compared with the timeout.
  if (durationMs !== undefined && durationMs <= COGNITO_TRIGGER_BUDGET_SECONDS * 1000 && durationMs > value.functions.timeoutSeconds * 1000) {
    ctx.addIssue({
      code: 'custom',
      path: ['operations', 'alarms', 'durationMs'],
      message: `must be <= gatehouse:functions.timeoutSeconds (${value.functions.timeoutSeconds * 1000} ms): no invocation lasts longer`,
    });
  }
  for (const alert of ['accountLocked', 'newDevice'] as const) {
    if (value.alerts[alert] && value.email.from === undefined) {
      ctx.addIssue({ code: 'custom', path: ['alerts', alert], message: 'needs gatehouse:email.from (the sender of the alerts)' });
    }
  }
  if (value.claims.enabled && value.claims.eventVersion === 'V2_0' && value.pool.featurePlan === 'lite') {
    ctx.addIssue({
      code: 'custom',
      path: ['claims', 'eventVersion'],
      message: 'V2_0 needs gatehouse:pool.featurePlan essentials or plus (Cognito customises access tokens only there); use V1_0 on lite',
    });
  }
  if (value.alerts.newDevice && value.pool.deviceTracking === 'off') {
    ctx.addIssue({
      code: 'custom',
      path: ['alerts', 'newDevice'],
      message: 'needs gatehouse:pool.deviceTracking always or user-opt-in: without device tracking Cognito never reports a new device',
    });
  }
});

/**
 * Secrets, read with `getSecret` and never part of `StackConfig`: they reach AWS only as SecureStrings
 * under the stack's key. Set them with `pulumi config set --secret`.
 */
export const SECRET_CONFIG_KEYS = ['captchaSecret', 'smtpPassword', 'sendgridApiKey', 'twilioAuthToken', 'legacyEndpointSecret'] as const;
export type SecretConfigKey = (typeof SECRET_CONFIG_KEYS)[number];

export type StackConfig = z.output<typeof stackConfigSchema>;

/** The top-level keys of the `gatehouse:` namespace. */
export const STACK_CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];

/** The top-level keys whose value is a plain string, never JSON (the others arrive as JSON from Pulumi). */
export const STRING_CONFIG_KEYS: readonly (keyof StackConfig)[] = ['storeFailureMode', 'namePrefix'];
