import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers a legacy endpoint reads the signature from. */
export const TIMESTAMP_HEADER = 'x-gatehouse-timestamp';
export const SIGNATURE_HEADER = 'x-gatehouse-signature';

/** The version of the scheme, first in the signature header (`v1=<hex>`), so a second one can coexist later. */
const VERSION = 'v1';

/** How far a request's timestamp may be from the endpoint's clock: a captured request replays no longer. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * HMAC-SHA256 under the shared secret of `<timestamp>.<body>` (the exact bytes sent), hex encoded: the
 * endpoint learns that Gatehouse sent this body, recently. The same scheme as Stripe's or Slack's
 * webhook signatures, so that endpoints can reuse what they know.
 */
export function signLegacyRequest(secret: string, timestamp: number, body: string): string {
  return `${VERSION}=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What an endpoint checks (the sandbox's and the tests' stand-ins do): signature, then freshness. */
export function verifyLegacyRequest(
  secret: string,
  request: { readonly timestamp: string | undefined; readonly signature: string | undefined; readonly body: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
): 'valid' | 'bad-signature' | 'stale' {
  const timestamp = Number(request.timestamp);
  if (request.timestamp === undefined || !/^\d{1,12}$/.test(request.timestamp) || request.signature === undefined) return 'bad-signature';
  const expected = Buffer.from(signLegacyRequest(secret, timestamp, request.body));
  const given = Buffer.from(request.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature';
  return Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS ? 'stale' : 'valid';
}
