import { InvalidParameterError } from 'cognito-local/lib/errors';
import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { DeliveryDetails } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import { attributeValue, type User, type UserPool } from 'cognito-local/lib/services/userPoolService';
import { userDoesNotExist } from '../errors';

interface AdminResetUserPasswordRequest {
  readonly UserPoolId: string;
  readonly Username: string;
  readonly ClientMetadata?: Record<string, string>;
}

/**
 * AdminResetUserPassword, which cognito-local 5.3 lacks. Cognito sets the user to RESET_REQUIRED and
 * sends a password-reset code through the pool's message path (the CustomMessage trigger receives the
 * call's ClientMetadata); the password itself is left as it is, but a sign-in with it now answers
 * PasswordResetRequiredException, and ConfirmForgotPassword with the code sets a new one.
 * The code goes where account recovery says: the pool's recovery mechanisms by priority, each needing a
 * verified attribute; with none, InvalidParameterException "Cannot reset password for the user as there
 * is no registered/verified email or phone_number" (the answer reported for ForgotPassword,
 * aws-amplify/aws-sdk-android#142).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html
 */
export function adminResetUserPassword(services: Services): Route {
  return async (ctx, req: AdminResetUserPasswordRequest) => {
    const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) throw userDoesNotExist();
    const delivery = recoveryDelivery(pool.options, user);
    if (!delivery) throw new InvalidParameterError('Cannot reset password for the user as there is no registered/verified email or phone_number');
    const code = services.otp();
    // As ForgotPassword: an admin call has no app client, so the trigger sees Cognito's admin client id.
    await services.messages.deliver(ctx, 'ForgotPassword', null, pool.options.Id, user, code, req.ClientMetadata, delivery);
    await pool.saveUser(ctx, { ...user, UserStatus: 'RESET_REQUIRED', ConfirmationCode: code, UserLastModifiedDate: services.clock.get() });
    return {};
  };
}

/**
 * Where a recovery code goes: the first recovery mechanism (by priority) the user has a verified
 * attribute for. A pool without AccountRecoverySetting behaves as Cognito's legacy default, which
 * prefers SMS to email.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AccountRecoverySettingType.html
 */
function recoveryDelivery(pool: UserPool, user: User): DeliveryDetails | null {
  const configured = pool.AccountRecoverySetting?.RecoveryMechanisms;
  const mechanisms = configured
    ? [...configured].sort((a, b) => a.Priority - b.Priority).map((mechanism) => mechanism.Name)
    : ['verified_phone_number', 'verified_email'];
  for (const mechanism of mechanisms) {
    const email = attributeValue('email', user.Attributes);
    if (mechanism === 'verified_email' && email && attributeValue('email_verified', user.Attributes) === 'true') {
      return { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
    }
    const phone = attributeValue('phone_number', user.Attributes);
    if (mechanism === 'verified_phone_number' && phone && attributeValue('phone_number_verified', user.Attributes) === 'true') {
      return { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: phone };
    }
  }
  return null;
}
