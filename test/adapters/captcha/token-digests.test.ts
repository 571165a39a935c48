import { expect } from 'chai';
import { idempotencyKey, tokenDigest } from '../../../adapters/captcha/token-digests';

const TOKEN = '0.Zm9yZ2VkLXR1cm5zdGlsZS10b2tlbi1mb3ItdGVzdHM';

describe('adapters/captcha/token-digests', () => {
  it('derives the idempotency key from the token alone: the same every time, a version-4-shaped UUID', () => {
    const key = idempotencyKey(TOKEN);
    expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKey(TOKEN)).to.equal(key);
    expect(idempotencyKey(`${TOKEN}x`)).not.to.equal(key);
  });

  it('keeps a 256-bit digest of a token, a different one from the key sent to the provider', () => {
    const digest = tokenDigest(TOKEN);
    expect(digest).to.match(/^[0-9a-f]{64}$/);
    expect(tokenDigest(TOKEN)).to.equal(digest);
    expect(digest).not.to.include(idempotencyKey(TOKEN).replaceAll('-', '').slice(0, 16));
    expect(tokenDigest(`${TOKEN}x`)).not.to.equal(digest);
  });
});
