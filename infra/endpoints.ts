/**
 * What a client needs to verify the pool's tokens, derived from the pool itself rather than from the
 * stack's `aws:region`, so that it stays right in any region and partition.
 */

/** A user pool id is `<region>_<id>`, e.g. `eu-west-1_AbCdEf123`. */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

/** The region a pool lives in, read from its id. */
export function poolRegion(poolId: string): string {
  const match = POOL_ID.exec(poolId);
  if (!match?.[1]) throw new Error(`"${poolId}" is not a Cognito user pool id (<region>_<id>)`);
  return match[1];
}

/**
 * The `iss` of the pool's tokens. pulumi-aws's `endpoint` is the host and path without a scheme
 * (`cognito-idp.<region>.amazonaws.com/<poolId>`, from the provider's regional hostname, so other
 * partitions get their own domain).
 */
export function issuerUrl(endpoint: string): string {
  return `https://${endpoint.replace(/^https:\/\//, '')}`;
}

/** Where the pool publishes the public keys its tokens are signed with. */
export function jwksUrl(issuer: string): string {
  return `${issuer}/.well-known/jwks.json`;
}
