import type { AlertRecipient } from '../../domain';
import { stringAttribute } from './cognito-envelope';

/**
 * The account's owner as an alert needs them, from the event's `userAttributes` (Cognito sends them to
 * PreAuthentication for a known user, and to PostAuthentication). Cognito writes `email_verified` as the
 * string "true"; a boolean is taken too.
 */
export function alertRecipientOf(attributes: Record<string, unknown> | undefined): AlertRecipient {
  const email = stringAttribute(attributes, 'email');
  const locale = stringAttribute(attributes, 'locale');
  const name = stringAttribute(attributes, 'given_name') ?? stringAttribute(attributes, 'name');
  const verified = attributes?.['email_verified'];
  return {
    emailVerified: verified === true || verified === 'true',
    ...(email === undefined ? {} : { email }),
    ...(locale === undefined ? {} : { locale }),
    ...(name === undefined ? {} : { name }),
  };
}
