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
  for (const alert of ['accountLocked', 'newDevice'] as const) {
    if (value.alerts[alert] && value.email.from === undefined) {
      ctx.addIssue({ code: 'custom', path: ['alerts', alert], message: 'needs gatehouse:email.from (the sender of the alerts)' });
    }
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
export const SECRET_CONFIG_KEYS = ['captchaSecret', 'smtpPassword', 'sendgridApiKey', 'twilioAuthToken'] as const;
export type SecretConfigKey = (typeof SECRET_CONFIG_KEYS)[number];

export type StackConfig = z.output<typeof stackConfigSchema>;

/** The top-level keys of the `gatehouse:` namespace. */
export const STACK_CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];

/** The top-level keys whose value is a plain string, never JSON (the others arrive as JSON from Pulumi). */
export const STRING_CONFIG_KEYS: readonly (keyof StackConfig)[] = ['storeFailureMode', 'namePrefix'];
