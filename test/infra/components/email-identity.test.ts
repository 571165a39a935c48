import { expect } from 'chai';
import { parseStackConfig } from '../../../infra/config';
import { dkimRecords, senderOf } from '../../../infra/email';
import { buildGatehouse, defaultProgram, parsePolicy, TYPES, type BuiltProgram } from '../support/program';

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

  describe('Gatehouse\'s own mail over SMTP', () => {
    let smtp: BuiltProgram;
    before(async () => {
      smtp = await buildGatehouse(
        'mail-smtp',
        {
          email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
          welcome: { enabled: true },
        },
        { smtpPassword: 'smtp-password-value' },
      );
    });

    it('provisions no SES identity and leaves the pool on Cognito\'s default sender', () => {
      expect(smtp.ofType(TYPES.emailIdentity)).to.have.length(0);
      expect(smtp.one(TYPES.userPool).inputs['emailConfiguration']).to.deep.equal({ emailSendingAccount: 'COGNITO_DEFAULT' });
      expect(smtp.outputs.emailDnsRecords).to.deep.equal([]);
    });

    it('lets no function send through SES', () => {
      for (const policy of smtp.ofType(TYPES.rolePolicy)) {
        expect(JSON.stringify(parsePolicy(policy)), policy.name).to.not.contain('ses:');
      }
    });
  });

  describe('infra/email.ts', () => {
    it('derives the identity from the sender: its domain, or its address', () => {
      expect(senderOf(parseStackConfig({}))).to.equal(undefined);
      expect(senderOf(parseStackConfig({ email: { from: 'Example <a@Example.com>' } }))).to.deep.equal({
        from: 'Example <a@Example.com>',
        address: 'a@example.com',
        identity: 'example.com',
        kind: 'domain',
      });
      expect(senderOf(parseStackConfig({ email: { from: 'a@example.com', identity: 'address', replyTo: 'b@example.com' } }))).to.deep.equal({
        from: 'a@example.com',
        replyTo: 'b@example.com',
        address: 'a@example.com',
        identity: 'a@example.com',
        kind: 'address',
      });
    });

    it('gives the bare address the mail comes from, what ses:FromAddress is compared with', () => {
      expect(senderOf(parseStackConfig({ email: { from: 'Mail Team <No-Reply@Mail.Example.COM.>' } }))).to.include({
        address: 'No-Reply@mail.example.com',
        identity: 'mail.example.com',
      });
    });

    it('has no SES sender when Gatehouse\'s own mail goes through the stack\'s SMTP server: the pool keeps Cognito\'s default', () => {
      const smtp = { host: 'smtp.example.com', username: 'gatehouse' };
      expect(senderOf(parseStackConfig({ email: { from: 'no-reply@example.com', provider: 'smtp', smtp } }))).to.equal(undefined);
      expect(
        senderOf(parseStackConfig({ email: { from: 'no-reply@example.com', identity: 'address', replyTo: 'b@example.com', provider: 'smtp', smtp } })),
      ).to.equal(undefined);
      expect(senderOf(parseStackConfig({ email: { from: 'no-reply@example.com', provider: 'ses' } }))?.identity).to.equal('example.com');
    });

    it('renders one DKIM CNAME per token', () => {
      expect(dkimRecords('example.com', ['t1', 't2'])).to.deep.equal([
        { name: 't1._domainkey.example.com', type: 'CNAME', value: 't1.dkim.amazonses.com' },
        { name: 't2._domainkey.example.com', type: 'CNAME', value: 't2.dkim.amazonses.com' },
      ]);
    });
  });
});
