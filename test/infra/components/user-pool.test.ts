import { expect } from 'chai';
import { encryptionKeyPolicy, KEY_POLICY_SIDS } from '../../../infra/key-policy';
import { buildGatehouse, defaultProgram, MOCK_REGION, TEST_STACK, TYPES, type BuiltProgram } from '../support/program';

describe('infra/components: UserPool', () => {
  let program: BuiltProgram;
  let strict: BuiltProgram;
  let plain: BuiltProgram;
  let unprotected: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
    strict = await buildGatehouse('strict', {
      pool: {
        mfa: 'required',
        deviceTracking: 'always',
        featurePlan: 'plus',
        password: { minimumLength: 16, requireSymbols: true, temporaryPasswordValidityDays: 1, passwordHistorySize: 5 },
        tokens: { accessTokenMinutes: 15, idTokenMinutes: 30, refreshTokenDays: 7 },
      },
    });
    plain = await buildGatehouse('plain', { pool: { mfa: 'off', deviceTracking: 'off', featurePlan: 'lite' } });
    unprotected = await buildGatehouse('unprotected', {
      protect: false,
      table: { deletionProtection: false },
      pool: { deletionProtection: false },
    });
  });

  describe('the pool', () => {
    it('signs users in by email, case-insensitively, and verifies the address', () => {
      expect(program.one(TYPES.userPool).inputs).to.deep.include({
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        usernameConfiguration: { caseSensitive: false },
      });
    });

    it('recovers accounts through the verified email', () => {
      expect(program.one(TYPES.userPool).inputs['accountRecoverySetting']).to.deep.equal({
        recoveryMechanisms: [{ name: 'verified_email', priority: 1 }],
      });
    });

    it('asks for length, not composition, by default (OWASP ASVS 5.0 6.2.1, 6.2.5), and sends no password history', () => {
      expect(program.one(TYPES.userPool).inputs['passwordPolicy']).to.deep.equal({
        minimumLength: 15,
        requireLowercase: false,
        requireUppercase: false,
        requireNumbers: false,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      });
    });

    it('takes its password policy from the stack, password history included', () => {
      expect(strict.one(TYPES.userPool).inputs['passwordPolicy']).to.include({
        minimumLength: 16,
        requireSymbols: true,
        temporaryPasswordValidityDays: 1,
        passwordHistorySize: 5,
      });
    });

    it('applies a new email address only once it is verified, so recovery keeps a verified address', () => {
      expect(program.one(TYPES.userPool).inputs['userAttributeUpdateSettings']).to.deep.equal({
        attributesRequireVerificationBeforeUpdates: ['email'],
      });
      // Cognito requires the attribute to be auto-verified too.
      expect(program.one(TYPES.userPool).inputs['autoVerifiedAttributes']).to.deep.equal(['email']);
    });

    it('sets its feature plan explicitly, Essentials by default', () => {
      expect(program.one(TYPES.userPool).inputs['userPoolTier']).to.equal('ESSENTIALS');
      expect(strict.one(TYPES.userPool).inputs['userPoolTier']).to.equal('PLUS');
      expect(plain.one(TYPES.userPool).inputs['userPoolTier']).to.equal('LITE');
    });

    it('offers TOTP MFA unless it is off', () => {
      const pool = (built: BuiltProgram) => built.one(TYPES.userPool).inputs;
      expect(pool(program)).to.deep.include({ mfaConfiguration: 'OPTIONAL', softwareTokenMfaConfiguration: { enabled: true } });
      expect(pool(strict)).to.deep.include({ mfaConfiguration: 'ON', softwareTokenMfaConfiguration: { enabled: true } });
      expect(pool(plain)['mfaConfiguration']).to.equal('OFF');
      expect(pool(plain)).to.not.have.property('softwareTokenMfaConfiguration');
    });

    it('tracks devices as the stack says', () => {
      const devices = (built: BuiltProgram) => built.one(TYPES.userPool).inputs['deviceConfiguration'];
      expect(devices(program)).to.deep.equal({ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true });
      expect(devices(strict)).to.deep.equal({ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false });
      expect(devices(plain)).to.equal(undefined);
    });

    it('protects the pool from deletion unless the stack opts out', () => {
      expect(program.one(TYPES.userPool).inputs['deletionProtection']).to.equal('ACTIVE');
      expect(unprotected.one(TYPES.userPool).inputs['deletionProtection']).to.equal('INACTIVE');
    });

    it('is protected in Pulumi unless the stack turns gatehouse:protect off; its client is not', () => {
      expect(program.isProtected(program.one(TYPES.userPool))).to.equal(true);
      expect(unprotected.isProtected(unprotected.one(TYPES.userPool))).to.equal(false);
      expect(program.isProtected(program.one(TYPES.client))).to.equal(false);
    });

    it('is named after the stack, or after the name prefix the stack sets', async () => {
      const renamed = await buildGatehouse('renamed', { namePrefix: 'gatehouse-old' });
      expect(program.one(TYPES.userPool).inputs['name']).to.equal(`gatehouse-${TEST_STACK}`);
      expect(renamed.one(TYPES.userPool).inputs['name']).to.equal('gatehouse-old');
      expect(renamed.one(TYPES.client).inputs['name']).to.equal('gatehouse-old-app');
    });

    it('is tagged as the user pool', () => {
      expect(program.one(TYPES.userPool).inputs['tags']).to.include({ 'gatehouse:component': 'user-pool' });
    });
  });

  describe('what a client needs to verify tokens', () => {
    it('gives the region, read from the pool id', () => {
      expect(program.outputs.region).to.equal(MOCK_REGION);
      expect(program.outputs.userPoolId.startsWith(`${MOCK_REGION}_`)).to.equal(true);
    });

    it('gives the issuer from the pool’s own endpoint, and the JWKS under it', () => {
      const { userPoolId, issuerUrl, jwksUrl } = program.outputs;
      expect(program.one(TYPES.userPool).state['endpoint']).to.equal(`cognito-idp.${MOCK_REGION}.amazonaws.com/${userPoolId}`);
      expect(issuerUrl).to.equal(`https://cognito-idp.${MOCK_REGION}.amazonaws.com/${userPoolId}`);
      expect(jwksUrl).to.equal(`${issuerUrl}/.well-known/jwks.json`);
    });
  });

  describe('the app client', () => {
    it('is named after the pool', () => {
      expect(program.one(TYPES.client).inputs['name']).to.equal(`gatehouse-${TEST_STACK}-app`);
    });

    it('has no secret and allows SRP and refresh only', () => {
      const { inputs } = program.one(TYPES.client);
      expect(inputs['generateSecret']).to.equal(false);
      expect(inputs['explicitAuthFlows']).to.have.members(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
      expect(inputs['explicitAuthFlows']).to.have.length(2);
    });

    it('hides whether a user exists, and belongs to this pool', () => {
      const { inputs } = program.one(TYPES.client);
      expect(inputs['preventUserExistenceErrors']).to.equal('ENABLED');
      expect(inputs['userPoolId']).to.equal(program.one(TYPES.userPool).id);
    });

    it('takes token validity from the stack, with explicit units, and can revoke tokens', () => {
      const units = { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' };
      expect(program.one(TYPES.client).inputs).to.deep.include({
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 30,
        tokenValidityUnits: units,
        enableTokenRevocation: true,
      });
      expect(strict.one(TYPES.client).inputs).to.deep.include({
        accessTokenValidity: 15,
        idTokenValidity: 30,
        refreshTokenValidity: 7,
        tokenValidityUnits: units,
      });
    });
  });

  describe('the key policy of a pool with custom senders (codeKeyPolicy)', () => {
    let codeKeyPolicy: typeof import('../../../infra/components/user-pool').codeKeyPolicy;
    before(async () => {
      // Loaded once the mocks are in place (the program above installed them), as the program's modules are.
      ({ codeKeyPolicy } = await import('../../../infra/components/user-pool.js'));
    });

    const ROLES = ['arn:aws:iam::123456789012:role/gatehouse-dev-custom-email-sender', 'arn:aws:iam::123456789012:role/gatehouse-dev-custom-sms-sender'];

    it('reads the partition, region and account from the pool\'s ARN', () => {
      const poolArn = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123xyz';
      expect(codeKeyPolicy(poolArn, 'eu-west-1_AbC123xyz', ROLES)).to.deep.equal(
        encryptionKeyPolicy({ partition: 'aws', region: 'eu-west-1', accountId: '123456789012', poolArn, poolId: 'eu-west-1_AbC123xyz', senderRoleArns: ROLES }),
      );
    });

    it('outside the aws partition too: China and GovCloud', () => {
      const chinaRoles = ['arn:aws-cn:iam::210987654321:role/gatehouse-cn-custom-sms-sender'];
      const chinaPool = 'arn:aws-cn:cognito-idp:cn-north-1:210987654321:userpool/cn-north-1_Xy9';
      const china = codeKeyPolicy(chinaPool, 'cn-north-1_Xy9', chinaRoles);
      expect(china).to.deep.equal(
        encryptionKeyPolicy({ partition: 'aws-cn', region: 'cn-north-1', accountId: '210987654321', poolArn: chinaPool, poolId: 'cn-north-1_Xy9', senderRoleArns: chinaRoles }),
      );
      // The account statement names the account's root in that partition; Cognito's grant, that pool and account.
      expect(china.Statement.find((statement) => statement.Sid === KEY_POLICY_SIDS.account)?.Principal).to.deep.equal({ AWS: 'arn:aws-cn:iam::210987654321:root' });
      expect(china.Statement.find((statement) => statement.Sid === KEY_POLICY_SIDS.cognito)?.Condition).to.deep.equal({
        StringEquals: { 'aws:SourceAccount': '210987654321' },
        ArnLike: { 'aws:SourceArn': chinaPool },
      });
      const govPool = 'arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_abc';
      const govRoles = ['arn:aws-us-gov:iam::123456789012:role/gatehouse-gov-custom-email-sender'];
      expect(codeKeyPolicy(govPool, 'us-gov-west-1_abc', govRoles).Statement.find((statement) => statement.Sid === KEY_POLICY_SIDS.account)?.Principal).to.deep.equal({
        AWS: 'arn:aws-us-gov:iam::123456789012:root',
      });
    });

    it('refuses a pool id that is not the ARN\'s, and roles of another partition or account', () => {
      const poolArn = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
      expect(() => codeKeyPolicy(poolArn, 'eu-west-1_other', ROLES)).to.throw(`the pool's ARN "${poolArn}" is not`);
      expect(() => codeKeyPolicy(poolArn, 'eu-west-1_abc', ['arn:aws-cn:iam::123456789012:role/gatehouse-dev-custom-sms-sender'])).to.throw(
        'is not the ARN of a role of account 123456789012',
      );
      expect(() => codeKeyPolicy('not-an-arn', 'eu-west-1_abc', ROLES)).to.throw();
    });

    it('is not put on the key of a pool without custom senders: the key keeps its default policy', () => {
      expect(program.ofType(TYPES.keyPolicy)).to.deep.equal([]);
      expect(program.one(TYPES.key).inputs).to.not.have.property('policy');
      expect(program.one(TYPES.userPool).inputs['lambdaConfig']).to.not.have.property('kmsKeyId');
    });
  });
});
