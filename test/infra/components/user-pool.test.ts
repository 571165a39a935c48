import { expect } from 'chai';
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
});
