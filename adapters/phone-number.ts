/** `+`, a country code that never starts with 0, and at most 15 digits in all (ITU-T E.164). */
const E164 = /^\+[1-9][0-9]{7,14}$/;

/**
 * Whether `value` is a phone number in E.164 form, as Cognito holds `phone_number` and as both SNS and
 * Twilio take it: `+` and 8 to 15 digits, the first not 0. No spaces, dashes or brackets: a number in
 * any other form is refused before a provider is asked, and never rewritten into one it might mean.
 */
export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164.test(value);
}
