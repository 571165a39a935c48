import { InvalidInputError } from '../errors';
import { CUSTOM_CHALLENGE, MAGIC_LINK_ROUNDS, type ChallengeRound, type MagicLinkRound } from '../model/magic-link';

/** A stack's rules for sign-in by magic link (`gatehouse:passwordless`). */
export interface MagicLinkPolicy {
  /** How long a link may be used after it was sent (at most 10 minutes). */
  readonly linkValiditySeconds: number;
  /** Answers one sign-in may give (its session) before it fails. */
  readonly maxAnswers: number;
  /** Links one account may be sent per window, whether it exists or not. */
  readonly maxLinksPerWindow: number;
  readonly windowSeconds: number;
  /** The only URLs a link may open, exactly as listed (normalised). */
  readonly redirectUrls: readonly string[];
}

/** OWASP: codes and links that sign in are single-use and valid at most 10 minutes. */
export const MAX_LINK_VALIDITY_SECONDS = 600;

/**
 * Every link request takes at least this long, whether a mail goes out or not: an unknown username, a
 * user without a verified address and a real one answer alike (a mail send usually takes less).
 */
export const LINK_REQUEST_FLOOR_MS = 400;

export function assertValidMagicLinkPolicy(policy: MagicLinkPolicy): void {
  const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!whole(policy.linkValiditySeconds, 60, MAX_LINK_VALIDITY_SECONDS)) {
    throw new InvalidInputError(`linkValiditySeconds must be from 60 to ${MAX_LINK_VALIDITY_SECONDS}`);
  }
  if (!whole(policy.maxAnswers, 1, 10)) throw new InvalidInputError('maxAnswers must be from 1 to 10');
  if (!whole(policy.maxLinksPerWindow, 1, 100)) throw new InvalidInputError('maxLinksPerWindow must be from 1 to 100');
  if (!whole(policy.windowSeconds, 60, 86_400)) throw new InvalidInputError('windowSeconds must be from 60 to 86400');
  if (policy.redirectUrls.length === 0) throw new InvalidInputError('redirectUrls must name at least one URL');
  for (const url of policy.redirectUrls) {
    if (normaliseRedirectUrl(url) === undefined) throw new InvalidInputError(`redirectUrls has an invalid entry ${JSON.stringify(url)}`);
  }
}

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/**
 * A redirect URL as links may open it, normalised (`new URL`'s spelling); undefined when it is not
 * acceptable: https (http only on this machine's loopback), no credentials, no fragment (the link's
 * token goes there), no comma (the environment joins the list with commas).
 */
export function normaliseRedirectUrl(text: string): string | undefined {
  if (text.includes(',') || text.trim() !== text || text.length > 1024) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.hash !== '' || text.includes('#')) return undefined;
  return url.href;
}

/** Whether a requested redirect URL is one of the stack's, exactly (after normalisation): never a prefix or a pattern. */
export function isAllowedRedirect(requested: string | undefined, allowed: readonly string[]): requested is string {
  if (requested === undefined) return false;
  const normalised = normaliseRedirectUrl(requested);
  return normalised !== undefined && allowed.some((entry) => normaliseRedirectUrl(entry) === normalised);
}

/** The link a user receives: the token in the fragment, which browsers never send to a server. */
export function magicLinkUrl(redirectUrl: string, token: string): string {
  return `${redirectUrl}#${token}`;
}

/** What DefineAuthChallenge answers after the rounds so far. */
export type RoundDecision =
  | { readonly kind: 'challenge'; readonly outcome: 'started' | 'link-round' | 'retry' }
  | { readonly kind: 'issue-tokens' }
  | { readonly kind: 'fail'; readonly outcome: 'too-many-answers' | 'foreign-challenge' | 'unknown-user' };

/** Whether the first round was answered with a request for a link (rather than with a link). */
function startedWithRequest(session: readonly ChallengeRound[], linkRequestedNow: boolean): boolean {
  const [first, second] = session;
  if (first === undefined || first.challengeMetadata !== MAGIC_LINK_ROUNDS.start || first.challengeResult) return false;
  // Once the link round exists, it says so; before, only this call's client metadata can.
  return second === undefined ? linkRequestedNow : second.challengeMetadata === MAGIC_LINK_ROUNDS.link;
}

/**
 * DefineAuthChallenge's decision, from the rounds so far (oldest first) and whether this call asks for a
 * link. Pure: Cognito keeps the session, so the decision needs no store. A correct answer issues
 * tokens (never for an unknown user, whose answers are never correct anyway); a request in the first
 * round leads to the link round; each answer counts against `maxAnswers`, after which the sign-in fails.
 */
export function decideRound(
  session: readonly ChallengeRound[],
  request: { readonly linkRequested: boolean; readonly userNotFound: boolean },
  policy: Pick<MagicLinkPolicy, 'maxAnswers'>,
): RoundDecision {
  if (session.length === 0) return { kind: 'challenge', outcome: 'started' };
  if (session.some((round) => round.challengeName !== CUSTOM_CHALLENGE)) return { kind: 'fail', outcome: 'foreign-challenge' };
  const last = session[session.length - 1] as ChallengeRound;
  if (last.challengeResult) return request.userNotFound ? { kind: 'fail', outcome: 'unknown-user' } : { kind: 'issue-tokens' };
  const requested = startedWithRequest(session, request.linkRequested);
  if (requested && session.length === 1) return { kind: 'challenge', outcome: 'link-round' };
  const answers = session.length - (requested ? 1 : 0);
  if (answers >= policy.maxAnswers) return { kind: 'fail', outcome: 'too-many-answers' };
  return { kind: 'challenge', outcome: 'retry' };
}

/** Which round CreateAuthChallenge is asked to create, from the rounds so far and this call's client metadata. */
export function roundToCreate(session: readonly ChallengeRound[], linkRequested: boolean): MagicLinkRound {
  if (session.length === 0) return MAGIC_LINK_ROUNDS.start;
  if (session.length === 1 && startedWithRequest(session, linkRequested)) return MAGIC_LINK_ROUNDS.link;
  return MAGIC_LINK_ROUNDS.retry;
}
