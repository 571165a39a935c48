import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import { selectAppropriateDeliveryMethod } from 'cognito-local/lib/services/messageDelivery/deliveryMethod';
import { attribute, attributesAppend } from 'cognito-local/lib/services/userPoolService';

interface ConfirmSignUpRequest {
  readonly ClientId: string;
  readonly Username: string;
  readonly ConfirmationCode: string;
}

/**
 * cognito-local's ConfirmSignUp confirms the user but leaves the address the code went to unverified.
 * In Cognito, entering the code confirms "ownership of the email address or phone number" it was sent
 * to (`email_verified` becomes true), which account recovery then relies on: without it ForgotPassword
 * and AdminResetUserPassword have nowhere to send a code. The attribute is marked before cognito-local
 * runs (and only when the code is the right one), so that PostConfirmation sees it verified, as in Cognito.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html
 */
export function confirmSignUpVerifies(services: Services, confirmSignUp: Route): Route {
  return async (ctx, req: ConfirmSignUpRequest) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (user && user.UserStatus === 'UNCONFIRMED' && user.ConfirmationCode && user.ConfirmationCode === req.ConfirmationCode) {
      const delivery = selectAppropriateDeliveryMethod(pool.options.AutoVerifiedAttributes ?? [], user);
      if (delivery) {
        const verified = `${delivery.AttributeName}_verified`;
        await pool.saveUser(ctx, { ...user, Attributes: attributesAppend(user.Attributes, attribute(verified, 'true')) });
      }
    }
    return confirmSignUp(ctx, req);
  };
}
