import { expect } from 'chai';
import { parseStackConfig } from '../../../infra/config';
import { dkimRecords, senderOf } from '../../../infra/email';
import { buildGatehouse, defaultProgram, TYPES, type BuiltProgram } from '../support/program';

describe('infra/components: EmailIdentity and the pool\'s email', () => {
  let none: BuiltProgram;
  let domain: BuiltProgram;
  let address: BuiltProgram;
  let unprotected: BuiltProgram;
  before(async () => {
    none = await defaultProgram();
    domain = await buildGatehouse('mail-domain', {
      email: { from: 'Example <no-reply@Mail.Example.com>', replyTo: 'support@example.com' },
    });
    address = await buildGatehouse('mail-address', { email: { from: 'no-reply@example.org', identity: 'address' } });
    unprotected = await buildGatehouse('mail-unprotected', { protect: false, email: { from: 'no-reply@example.net' } });
  });

  describe('without a sender', () => {
    it('keeps Cognito\'s default sender and provisions no SES identity', () => {
      expect(none.one(TYPES.userPool).inputs['emailConfiguration']).to.deep.equal({ emailSendingAccount: 'COGNITO_DEFAULT' });
      expect(none.ofType(TYPES.emailIdentity)).to.have.length(0);
    });

    it('has no DNS records to publish', () => {
      expect(none.outputs.emailDnsRecords).to.deep.equal([]);
    });
  });

  describe('a domain identity (the default)', () => {
    it('verifies the sender\'s domain with Easy DKIM, RSA 2048, and is tagged', () => {
      const { inputs } = domain.one(TYPES.emailIdentity);
      expect(inputs['emailIdentity']).to.equal('mail.example.com');
      expect(inputs['dkimSigningAttributes']).to.deep.equal({ nextSigningKeyLength: 'RSA_2048_BIT' });
      expect(inputs['tags']).to.include({ 'gatehouse:component': 'email-identity', 'gatehouse:stack': 'test' });
    });

    it('makes the pool send through SES as that identity, from the sender, with its reply-to address', () => {
      const identity = domain.one(TYPES.emailIdentity);
      expect(identity.state['arn']).to.match(/^arn:aws:ses:eu-west-1:123456789012:identity\//);
      expect(domain.one(TYPES.userPool).inputs['emailConfiguration']).to.deep.equal({
        emailSendingAccount: 'DEVELOPER',
        sourceArn: identity.state['arn'],
        fromEmailAddress: 'Example <no-reply@Mail.Example.com>',
        replyToEmailAddress: 'support@example.com',
      });
    });

    it('exports the three DKIM CNAME records to publish', () => {
      const tokens = (domain.one(TYPES.emailIdentity).state['dkimSigningAttributes'] as { tokens: string[] }).tokens;
      expect(tokens).to.have.length(3);
      expect(domain.outputs.emailDnsRecords).to.deep.equal(
        tokens.map((token) => ({ name: `${token}._domainkey.mail.example.com`, type: 'CNAME', value: `${token}.dkim.amazonses.com` })),
      );
    });

    it('is protected in Pulumi unless the stack turns gatehouse:protect off (new tokens would break the published records)', () => {
      expect(domain.isProtected(domain.one(TYPES.emailIdentity))).to.equal(true);
      expect(unprotected.isProtected(unprotected.one(TYPES.emailIdentity))).to.equal(false);
    });
  });

  describe('an address identity', () => {
    it('verifies the address itself, without DKIM settings, and sends from it', () => {
      const identity = address.one(TYPES.emailIdentity);
      expect(identity.inputs['emailIdentity']).to.equal('no-reply@example.org');
      expect(identity.inputs).to.not.have.property('dkimSigningAttributes');
      expect(address.one(TYPES.userPool).inputs['emailConfiguration']).to.deep.equal({
        emailSendingAccount: 'DEVELOPER',
        sourceArn: identity.state['arn'],
        fromEmailAddress: 'no-reply@example.org',
      });
    });

    it('has no DNS records to publish (SES mails the address a link)', () => {
      expect(address.outputs.emailDnsRecords).to.deep.equal([]);
    });
  });

  describe('infra/email.ts', () => {
    it('derives the identity from the sender: its domain, or its address', () => {
      expect(senderOf(parseStackConfig({}))).to.equal(undefined);
      expect(senderOf(parseStackConfig({ email: { from: 'Example <a@Example.com>' } }))).to.deep.equal({
        from: 'Example <a@Example.com>',
        identity: 'example.com',
        kind: 'domain',
      });
      expect(senderOf(parseStackConfig({ email: { from: 'a@example.com', identity: 'address', replyTo: 'b@example.com' } }))).to.deep.equal({
        from: 'a@example.com',
        replyTo: 'b@example.com',
        identity: 'a@example.com',
        kind: 'address',
      });
    });

    it('renders one DKIM CNAME per token', () => {
      expect(dkimRecords('example.com', ['t1', 't2'])).to.deep.equal([
        { name: 't1._domainkey.example.com', type: 'CNAME', value: 't1.dkim.amazonses.com' },
        { name: 't2._domainkey.example.com', type: 'CNAME', value: 't2.dkim.amazonses.com' },
      ]);
    });
  });
});
