import { InvalidParameterError, UserNotFoundError } from 'cognito-local/lib/errors';
import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import { selectAppropriateDeliveryMethod } from 'cognito-local/lib/services/messageDelivery/deliveryMethod';

interface ResendConfirmationCodeRequest {
  readonly ClientId: string;
  readonly Username: string;
  readonly ClientMetadata?: Record<string, string>;
}

/**
 * cognito-local 5.3 has no ResendConfirmationCode (its router refuses the target as unsupported). This
 * fills that gap from its own services, the way its SignUp sends the first code: a new code for a user
 * who is still UNCONFIRMED, sent through the pool's message path (`ResendCode`), replacing the old one.
 * As in Cognito: UserNotFoundException for an unknown user (with PreventUserExistenceErrors off),
 * InvalidParameterException "User is already confirmed." for a confirmed one.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html
 */
export function resendConfirmationCode(services: Services): Route {
  return async (ctx, req: ResendConfirmationCodeRequest) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError('Username/client id combination not found.');
    if (user.UserStatus !== 'UNCONFIRMED') throw new InvalidParameterError('User is already confirmed.');
    const delivery = selectAppropriateDeliveryMethod(pool.options.AutoVerifiedAttributes ?? [], user);
    if (!delivery) throw new InvalidParameterError('User has no attribute matching desired auto verified attributes');
    const code = services.otp();
    await services.messages.deliver(ctx, 'ResendCode', req.ClientId, pool.options.Id, user, code, req.ClientMetadata, delivery);
    await pool.saveUser(ctx, { ...user, ConfirmationCode: code, UserLastModifiedDate: services.clock.get() });
    return { CodeDeliveryDetails: delivery };
  };
}
