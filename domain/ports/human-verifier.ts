/**
 * What a captcha provider said about a token the client sent with its sign-up.
 * - `passed`: the provider vouches for the token (and, where it scores, the score met the threshold);
 * - `failed`: the provider answered and refused it (invalid, expired, already used, low score, wrong
 *   hostname); `reasons` are the provider's own error codes (never the token), for diagnosis;
 * - `unavailable`: no usable answer (timeout, network, a server error): the stack's failure mode
 *   decides; or `misconfigured`: the provider refuses Gatehouse's own secret or site, a defect that
 *   refuses the sign-up whatever the failure mode. `reason` is for the logs.
 */
export type HumanVerdict =
  | { readonly outcome: 'passed' }
  | { readonly outcome: 'failed'; readonly reasons: readonly string[] }
  | { readonly outcome: 'unavailable'; readonly reason: string; readonly misconfigured: boolean };

/** Checks that a sign-up comes from a person: a captcha provider's verification of the client's token. */
export interface HumanVerifier {
  /** Never throws: every failure is a verdict. `token` is non-empty. */
  verify(token: string): Promise<HumanVerdict>;
}
