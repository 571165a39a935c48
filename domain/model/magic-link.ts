/** One answered round of a custom sign-in, as Cognito hands the rounds so far to the challenge triggers. */
export interface ChallengeRound {
  readonly challengeName: string;
  readonly challengeResult: boolean;
  /** What CreateAuthChallenge named the round (its `challengeMetadata`); absent when it named none. */
  readonly challengeMetadata?: string;
}

/** The only challenge a magic-link sign-in asks: Cognito's name for a challenge of the triggers' own. */
export const CUSTOM_CHALLENGE = 'CUSTOM_CHALLENGE';

/**
 * The rounds of a magic-link sign-in, each named in its `challengeMetadata` (Cognito keeps it in the
 * session, so later rounds know what came before):
 * - `start`: the first round. The client answers it either with a link it already holds (a link opened
 *   in another browser, or after the asking session ended) or with a request for a link.
 * - `link`: the round after a request: its creation mailed the link; the client answers with it.
 * - `retry`: any further round, after a wrong answer, up to the stack's number of answers.
 */
export const MAGIC_LINK_ROUNDS = {
  start: 'MAGIC_LINK_START',
  link: 'MAGIC_LINK_SENT',
  retry: 'MAGIC_LINK_RETRY',
} as const;

export type MagicLinkRound = (typeof MAGIC_LINK_ROUNDS)[keyof typeof MAGIC_LINK_ROUNDS];

/**
 * What a client puts in RespondToAuthChallenge's `ClientMetadata` to ask for a link in the first round
 * (InitiateAuth's ClientMetadata reaches none of the challenge triggers): `magicLink: "request"` and the
 * `redirectUri` the link opens, one of the stack's allowed URLs.
 */
export const LINK_REQUEST = { key: 'magicLink', value: 'request', redirectUriKey: 'redirectUri' } as const;

/** Whether a round's client metadata asks for a link. */
export function requestsLink(clientMetadata: Readonly<Record<string, string>> | undefined): boolean {
  return clientMetadata?.[LINK_REQUEST.key] === LINK_REQUEST.value;
}

/** A link's secret as the store keeps it: only its hash, and until when it may be used. */
export interface IssuedLink {
  /** SHA-256 of the token, hex: the token itself is never stored. */
  readonly secretHash: string;
  /** Epoch milliseconds: the link is refused from then on, whatever the table's TTL has not yet removed. */
  readonly validUntil: number;
}

/** What became of an answer checked against the account's link. */
export type Redemption = 'redeemed' | 'wrong' | 'expired';
