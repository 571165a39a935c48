import type { Route } from 'cognito-local/lib/server/Router';

interface SignUpRequest {
  readonly Username?: string;
  readonly ValidationData?: readonly { readonly Name: string; readonly Value: string }[];
}

interface PreSignUpRequest {
  readonly userAttributes?: Record<string, string>;
  readonly validationData?: unknown;
}

/**
 * cognito-local 5.3 drops SignUp's ValidationData (its SignUp passes `validationData: undefined` to
 * PreSignUp); Cognito hands it to PreSignUp as a map of name to value
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html). This
 * keeps each SignUp's data by the username it names (the email, in a pool with email as username) and
 * puts it back into the PreSignUp event of that sign-up.
 */
export class SignUpValidationData {
  private readonly pending = new Map<string, Record<string, string>>();

  around(route: Route): Route {
    return async (ctx, req: SignUpRequest) => {
      const key = req.Username?.toLowerCase();
      if (key !== undefined && req.ValidationData) {
        this.pending.set(key, Object.fromEntries(req.ValidationData.map(({ Name, Value }) => [Name, Value])));
      }
      try {
        return await route(ctx, req);
      } finally {
        if (key !== undefined) this.pending.delete(key);
      }
    };
  }

  /** The PreSignUp event of a pending sign-up, with its data; any other event as it is. */
  readonly fill = (event: Record<string, unknown>): Record<string, unknown> => {
    const request = event['request'] as PreSignUpRequest | undefined;
    if (event['triggerSource'] !== 'PreSignUp_SignUp' || !request || request.validationData) return event;
    const email = request.userAttributes?.['email']?.toLowerCase();
    const data = email === undefined ? undefined : this.pending.get(email);
    return data ? { ...event, request: { ...request, validationData: data } } : event;
  };
}
