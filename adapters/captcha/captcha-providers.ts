/** The captcha providers Gatehouse can ask, each through its siteverify API. */
export type CaptchaProvider = 'turnstile' | 'recaptcha' | 'hcaptcha';

export const CAPTCHA_PROVIDERS: readonly CaptchaProvider[] = ['turnstile', 'recaptcha', 'hcaptcha'];

/** What differs between the providers; the request (form-encoded `secret` and `response`) and the answer's shape do not. */
export interface CaptchaProviderDetails {
  /** For configuration errors. */
  readonly name: string;
  readonly endpoint: string;
  /**
   * Error codes that say Gatehouse's own setup is wrong (the secret, or the key pair it belongs to): no one
   * can pass until an operator fixes it, so no failure mode may wave sign-ups through on them.
   */
  readonly setupCodes: ReadonlySet<string>;
  /** Error codes that say the provider could not judge the token (its own failure, or a request it could not read). */
  readonly providerCodes: ReadonlySet<string>;
  /** Whether siteverify takes an `idempotency_key` under which the same token may be verified again. */
  readonly idempotencyKey: boolean;
  /**
   * Whether an answer's `score` is the likelihood of a person (1.0 very likely human), the scale `minScore`
   * is stated in.
   */
  readonly humanScore: boolean;
  /** Whether answers carry the `action` the widget was run with. */
  readonly reportsAction: boolean;
}

export const PROVIDER_DETAILS: Readonly<Record<CaptchaProvider, CaptchaProviderDetails>> = {
  // https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
  turnstile: {
    name: 'Cloudflare Turnstile',
    endpoint: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    // invalid-widget-id and invalid-parsed-secret come from parsing the secret key itself.
    setupCodes: new Set(['missing-input-secret', 'invalid-input-secret', 'invalid-widget-id', 'invalid-parsed-secret']),
    providerCodes: new Set(['internal-error', 'bad-request']),
    idempotencyKey: true,
    humanScore: false,
    reportsAction: true,
  },
  // https://developers.google.com/recaptcha/docs/verify and https://developers.google.com/recaptcha/docs/v3
  recaptcha: {
    name: 'Google reCAPTCHA',
    endpoint: 'https://www.google.com/recaptcha/api/siteverify',
    setupCodes: new Set(['missing-input-secret', 'invalid-input-secret']),
    providerCodes: new Set(['bad-request']),
    idempotencyKey: false,
    // v3 only: v2 (checkbox, invisible) answers carry neither score nor action.
    humanScore: true,
    reportsAction: true,
  },
  // https://docs.hcaptcha.com/#verify-the-user-response-server-side
  hcaptcha: {
    name: 'hCaptcha',
    endpoint: 'https://api.hcaptcha.com/siteverify',
    // The secret is the account's: a token solved for a site key of another account, or for hCaptcha's test
    // site key, also gets sitekey-secret-mismatch or not-using-dummy-passcode. A client can provoke those two, so
    // an alarm on misconfiguration should look at their rate, not at one occurrence. missing-remoteip means
    // the site demands the visitor's IP, which Cognito triggers never see.
    setupCodes: new Set([
      'missing-input-secret',
      'invalid-input-secret',
      'sitekey-secret-mismatch',
      'not-using-dummy-passcode',
      'invalid-sitekey',
      'missing-remoteip',
    ]),
    // Gatehouse sends no remoteip: invalid-remoteip could only come from a request it did not make.
    providerCodes: new Set(['bad-request', 'invalid-remoteip']),
    idempotencyKey: false,
    // hCaptcha Enterprise scores are risk scores (higher means more likely a bot): the opposite scale.
    humanScore: false,
    reportsAction: false,
  },
};
