import { expect } from 'chai';
import { buildGatehouse, defaultProgram, TYPES, type BuiltProgram } from '../support/program';

describe('infra/components: UserPool', () => {
  let program: BuiltProgram;
  let strict: BuiltProgram;
  let plain: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
    strict = await buildGatehouse('strict', {
      pool: {
        mfa: 'required',
        deviceTracking: 'always',
        deletionProtection: true,
        password: { minimumLength: 16, requireSymbols: true, temporaryPasswordValidityDays: 1 },
        tokens: { accessTokenMinutes: 15, idTokenMinutes: 30, refreshTokenDays: 7 },
      },
    });
    plain = await buildGatehouse('plain', { pool: { mfa: 'off', deviceTracking: 'off' } });
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

    it('takes its password policy from the stack', () => {
      expect(program.one(TYPES.userPool).inputs['passwordPolicy']).to.deep.equal({
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      });
      expect(strict.one(TYPES.userPool).inputs['passwordPolicy']).to.include({
        minimumLength: 16,
        requireSymbols: true,
        temporaryPasswordValidityDays: 1,
      });
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

    it('protects the pool from deletion when the stack says so', () => {
      expect(program.one(TYPES.userPool).inputs['deletionProtection']).to.equal('INACTIVE');
      expect(strict.one(TYPES.userPool).inputs['deletionProtection']).to.equal('ACTIVE');
    });
  });

  describe('the app client', () => {
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
