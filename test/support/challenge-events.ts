import { CLIENT_ID, POOL_ID, type Person } from './cognito-events';

/** One round of Cognito's `session`, as the challenge triggers receive it. */
export interface SessionRound {
  readonly challengeName: string;
  readonly challengeResult: boolean;
  readonly challengeMetadata: string | null;
}

type Trigger = 'DefineAuthChallenge' | 'CreateAuthChallenge' | 'VerifyAuthChallengeResponse';

const EMPTY_RESPONSES: Readonly<Record<Trigger, Record<string, null>>> = {
  DefineAuthChallenge: { challengeName: null, issueTokens: null, failAuthentication: null },
  CreateAuthChallenge: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  VerifyAuthChallengeResponse: { answerCorrect: null },
};

/**
 * A challenge trigger's event as Cognito sends it (the developer guide's "Define/Create/Verify auth
 * challenge Lambda trigger" pages): version 1, the user's attributes with `cognito:user_status`,
 * `clientMetadata` only when RespondToAuthChallenge carried some, `userNotFound` under
 * PreventUserExistenceErrors=ENABLED, every response field null. An unknown user has no attributes and
 * the name as typed.
 */
export function challengeEvent(
  trigger: Trigger,
  who: Person | { readonly typed: string },
  request: Record<string, unknown>,
  clientMetadata?: Record<string, string>,
) {
  const known = 'sub' in who;
  return {
    version: '1',
    triggerSource: `${trigger}_Authentication`,
    region: 'eu-west-1',
    userPoolId: POOL_ID,
    userName: known ? who.userName : who.typed,
    callerContext: { awsSdkVersion: 'aws-sdk-js-3.1169.0', clientId: CLIENT_ID },
    request: {
      userAttributes: known
        ? { sub: who.sub, email_verified: 'true', 'cognito:user_status': 'CONFIRMED', email: who.email, locale: 'de' }
        : {},
      ...request,
      ...(clientMetadata ? { clientMetadata } : {}),
      userNotFound: !known,
    },
    response: { ...EMPTY_RESPONSES[trigger] },
  };
}
