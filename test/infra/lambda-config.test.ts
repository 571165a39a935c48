import { expect } from 'chai';
import { parseStackConfig } from '../../infra/config';
import { lambdaConfigOf, SENDER_LAMBDA_VERSION } from '../../infra/lambda-config';
import { SENDER_FIELDS, TRIGGERS, triggersOf, type LambdaConfigField } from '../../infra/triggers';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const arnOf = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-dev-${name}`;
const fn = (field: LambdaConfigField, name: string) => ({ field, arn: arnOf(name) });

describe('infra: lambdaConfigOf', () => {
  it('puts each trigger\'s function ARN in its field, and no key without a custom sender', () => {
    const config = lambdaConfigOf(
      [
        fn('preAuthentication', 'pre-authentication'),
        fn('postAuthentication', 'post-authentication'),
        fn('postConfirmation', 'post-confirmation'),
        fn('preSignUp', 'pre-sign-up'),
        fn('customMessage', 'custom-message'),
      ],
      KEY_ARN,
    );
    expect(config).to.deep.equal({
      preAuthentication: arnOf('pre-authentication'),
      postAuthentication: arnOf('post-authentication'),
      postConfirmation: arnOf('post-confirmation'),
      preSignUp: arnOf('pre-sign-up'),
      customMessage: arnOf('custom-message'),
    });
    expect(config).to.not.have.property('kmsKeyId');
  });

  it('gives each custom sender { lambdaArn, lambdaVersion: V1_0 }, and the pool the key Cognito encrypts their codes with', () => {
    expect(SENDER_LAMBDA_VERSION).to.equal('V1_0');
    expect(
      lambdaConfigOf(
        [fn('preAuthentication', 'pre-authentication'), fn('customEmailSender', 'custom-email-sender'), fn('customSmsSender', 'custom-sms-sender')],
        KEY_ARN,
      ),
    ).to.deep.equal({
      preAuthentication: arnOf('pre-authentication'),
      customEmailSender: { lambdaArn: arnOf('custom-email-sender'), lambdaVersion: 'V1_0' },
      customSmsSender: { lambdaArn: arnOf('custom-sms-sender'), lambdaVersion: 'V1_0' },
      kmsKeyId: KEY_ARN,
    });
  });

  it('sets the key with either sender alone', () => {
    expect(lambdaConfigOf([fn('customSmsSender', 'custom-sms-sender')], KEY_ARN)).to.deep.equal({
      customSmsSender: { lambdaArn: arnOf('custom-sms-sender'), lambdaVersion: 'V1_0' },
      kmsKeyId: KEY_ARN,
    });
    expect(lambdaConfigOf([fn('preSignUp', 'pre-sign-up'), fn('customEmailSender', 'custom-email-sender')], KEY_ARN)).to.deep.equal({
      preSignUp: arnOf('pre-sign-up'),
      customEmailSender: { lambdaArn: arnOf('custom-email-sender'), lambdaVersion: 'V1_0' },
      kmsKeyId: KEY_ARN,
    });
  });

  it('is empty for no functions', () => {
    expect(lambdaConfigOf([], KEY_ARN)).to.deep.equal({});
  });

  it('refuses two functions for one field, naming it', () => {
    expect(() => lambdaConfigOf([fn('preSignUp', 'pre-sign-up'), fn('preSignUp', 'other')], KEY_ARN)).to.throw('two functions for lambdaConfig.preSignUp');
    expect(() =>
      lambdaConfigOf([fn('customEmailSender', 'custom-email-sender'), fn('customEmailSender', 'other')], KEY_ARN),
    ).to.throw('two functions for lambdaConfig.customEmailSender');
  });

  it('knows the sender fields of every trigger that is a custom sender, and no other', () => {
    expect([...SENDER_FIELDS].sort()).to.deep.equal(
      TRIGGERS.filter((trigger) => trigger.customSender === true)
        .map((trigger) => trigger.lambdaConfigField)
        .sort(),
    );
  });

  it('takes every trigger a stack with both senders has, each in its own field', () => {
    const config = parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender', sms: 'custom-sender' } });
    const triggers = triggersOf(config);
    const lambdaConfig = lambdaConfigOf(
      triggers.map((trigger) => fn(trigger.lambdaConfigField, trigger.name)),
      KEY_ARN,
    );
    expect(Object.keys(lambdaConfig).sort()).to.deep.equal([...triggers.map((trigger) => trigger.lambdaConfigField), 'kmsKeyId'].sort());
  });
});
