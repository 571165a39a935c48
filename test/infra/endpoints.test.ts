import { expect } from 'chai';
import { issuerUrl, jwksUrl, poolRegion } from '../../infra/endpoints';

describe('infra: endpoints a client needs', () => {
  it('reads the region from a pool id, in any partition', () => {
    expect(poolRegion('eu-west-1_AbCdEf123')).to.equal('eu-west-1');
    expect(poolRegion('us-gov-west-1_AbCdEf123')).to.equal('us-gov-west-1');
    expect(poolRegion('cn-north-1_AbCdEf123')).to.equal('cn-north-1');
  });

  it('refuses what is not a pool id rather than guess a region', () => {
    expect(() => poolRegion('AbCdEf123')).to.throw('"AbCdEf123" is not a Cognito user pool id');
    expect(() => poolRegion('local_AbCdEf123')).to.throw('not a Cognito user pool id');
  });

  it('turns the pool endpoint into the issuer of its tokens, keeping the partition’s domain', () => {
    expect(issuerUrl('cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123')).to.equal(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
    );
    expect(issuerUrl('cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbCdEf123')).to.equal(
      'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbCdEf123',
    );
    // Should the provider ever add the scheme, it is not doubled.
    expect(issuerUrl('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x')).to.equal(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x',
    );
  });

  it('puts the JWKS under the issuer', () => {
    expect(jwksUrl('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123')).to.equal(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json',
    );
  });
});
