import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { usernameOfToken } from '../../adapters/crypto/random-link-secrets';

/**
 * The client side of sign-in by magic link, as an app does it with the AWS SDK (the same two calls in
 * any Cognito client library):
 *
 * 1. `InitiateAuth` with `AuthFlow: CUSTOM_AUTH` and the username: the pool answers with a
 *    `CUSTOM_CHALLENGE` whose `round` parameter is `MAGIC_LINK_START`, and a Session.
 * 2. Either ask for a link: `RespondToAuthChallenge` with any ANSWER and
 *    `ClientMetadata: { magicLink: "request", redirectUri }`; the pool mails the link and answers with
 *    the round `MAGIC_LINK_SENT` and a new Session, which the app keeps (the browser's storage) until the
 *    link is opened;
 * 3. or answer with a link: `RespondToAuthChallenge` with `ANSWER: <the link's fragment>`, in the kept
 *    session (the link opened where it was asked for) or in the first round of a new one (opened in
 *    another browser, or after the kept session expired: the fragment names the username).
 */
export type Challenge = Pick<InitiateAuthCommandOutput, 'ChallengeName' | 'ChallengeParameters' | 'Session' | 'AuthenticationResult'>;

/** What the client sends as ANSWER when it asks for a link: Cognito needs an answer, the triggers ignore it. */
export const REQUEST_ANSWER = 'request-link';

export function startSignIn(cognito: CognitoIdentityProviderClient, clientId: string, username: string): Promise<InitiateAuthCommandOutput> {
  return cognito.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username } }));
}

export function answer(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  challenge: Challenge,
  answerText: string,
  clientMetadata?: Record<string, string>,
): Promise<RespondToAuthChallengeCommandOutput> {
  return cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: challenge.ChallengeParameters?.['USERNAME'] ?? '', ANSWER: answerText },
      ...(clientMetadata ? { ClientMetadata: clientMetadata } : {}),
    }),
  );
}

/** Steps 1 and 2: the challenge to answer once the link arrives. */
export async function requestLink(cognito: CognitoIdentityProviderClient, clientId: string, username: string, redirectUri: string): Promise<Challenge> {
  const started = await startSignIn(cognito, clientId, username);
  return answer(cognito, clientId, started, REQUEST_ANSWER, { magicLink: 'request', redirectUri });
}

/** Step 3 in a browser without the asking session: a sign-in of its own, its first round answered with the link. */
export async function signInWithLink(cognito: CognitoIdentityProviderClient, clientId: string, link: string): Promise<Challenge> {
  const token = fragmentOf(link);
  const username = usernameOfToken(token);
  if (username === undefined) throw new Error('the link carries no sign-in token');
  const started = await startSignIn(cognito, clientId, username);
  return answer(cognito, clientId, started, token);
}

/** The token of a link: its fragment, which the browser never sends to the page's server. */
export function fragmentOf(link: string): string {
  return new URL(link).hash.replace(/^#/, '');
}

/** The first link in a mail's text that leads to one of the given URLs. */
export function linkIn(text: string, redirectUrls: readonly string[]): string | undefined {
  for (const url of text.match(/https?:\/\/\S+#[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g) ?? []) {
    if (redirectUrls.some((allowed) => url.startsWith(`${allowed}#`))) return url;
  }
  return undefined;
}
