/**
 * The SSM parameter holding a stack's account key secret (a SecureString under the stack's KMS key).
 * The functions are told its name; only they may read and decrypt it.
 */
export function accountKeyParameterName(prefix: string): string {
  return `/${prefix}/account-key`;
}

/** The SSM parameters holding the stack's Pulumi secrets (see `SECRET_CONFIG_KEYS`). */
export const STACK_SECRET_PARAMETERS = {
  captchaSecret: 'captcha-secret',
  smtpPassword: 'smtp-password',
  sendgridApiKey: 'sendgrid-api-key',
  twilioAuthToken: 'twilio-auth-token',
  legacyEndpointSecret: 'legacy-endpoint-secret',
} as const;

export function stackSecretParameterName(prefix: string, secret: keyof typeof STACK_SECRET_PARAMETERS): string {
  return `/${prefix}/${STACK_SECRET_PARAMETERS[secret]}`;
}
