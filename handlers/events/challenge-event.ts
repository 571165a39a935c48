import * as z from 'zod/mini';
import { MAGIC_LINK_ROUNDS, type ChallengeRound, type MagicLinkRound } from '../../domain';
import { cognitoEnvelope } from './cognito-envelope';

/** One element of the `session` the challenge triggers receive. Cognito sends `challengeMetadata` null when none was set. */
const challengeRound = z.looseObject({
  challengeName: z.string(),
  challengeResult: z.boolean(),
  challengeMetadata: z.nullish(z.string()),
});

/** The fields the three challenge triggers share: the user's existence and the client's metadata. */
const challengeRequest = z.extend(cognitoEnvelope.shape.request, {
  // Set only when the app client has PreventUserExistenceErrors=ENABLED: true for an unknown username.
  userNotFound: z.optional(z.boolean()),
  // Only from RespondToAuthChallenge: InitiateAuth's ClientMetadata never reaches these triggers.
  clientMetadata: z.nullish(z.record(z.string(), z.string())),
});

export const defineAuthChallengeEvent = z.extend(cognitoEnvelope, {
  request: z.extend(challengeRequest, { session: z.array(challengeRound) }),
});

export const createAuthChallengeEvent = z.extend(cognitoEnvelope, {
  request: z.extend(challengeRequest, { challengeName: z.string(), session: z.array(challengeRound) }),
});

export const verifyAuthChallengeEvent = z.extend(cognitoEnvelope, {
  request: z.extend(challengeRequest, {
    privateChallengeParameters: z.nullish(z.record(z.string(), z.string())),
    // What the client answered; a client may send anything, so anything is taken and checked as an answer.
    challengeAnswer: z.nullish(z.unknown()),
  }),
});

/** The rounds as the domain reads them, `challengeMetadata` left out where Cognito sent null. */
export function roundsOf(session: readonly z.infer<typeof challengeRound>[]): ChallengeRound[] {
  return session.map(({ challengeName, challengeResult, challengeMetadata }) => ({
    challengeName,
    challengeResult,
    ...(typeof challengeMetadata === 'string' ? { challengeMetadata } : {}),
  }));
}

/** The round CreateAuthChallenge named in its private parameters, if it is one of ours. */
export function roundNamed(name: string | undefined): MagicLinkRound | undefined {
  return (Object.values(MAGIC_LINK_ROUNDS) as string[]).includes(name ?? '') ? (name as MagicLinkRound) : undefined;
}

/** The key of the private (and public) challenge parameters that names the round. */
export const ROUND_PARAMETER = 'round';
