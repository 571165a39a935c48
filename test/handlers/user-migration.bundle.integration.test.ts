/**
 * The built UserMigration bundle, invoked as Lambda invokes it with Cognito's events of both sources,
 * against a second cognito-local as the legacy pool (or a local legacy HTTP endpoint), dynalite and a
 * local SSM endpoint; PreAuthentication's bundle on the same table counts the attempts before it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { readExport, writeUsers } from '../../scripts/import-users';
import { VECTOR_PASSWORD, VECTORS } from '../support/imported-hashes';
import { startDynalite, type DynaliteHandle } from '../support/dynalite';
import { unknownUserPreAuthenticationEvent, userMigrationAuthenticationEvent, userMigrationForgotPasswordEvent } from '../support/cognito-events';
import { ANSWERS } from '../support/answers';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import { functionEnvironment, loadBundle, LogCapture, TEST_ACCOUNT_KEY_PARAMETER, TEST_ACCOUNT_KEY_SECRET, withEnvironment } from '../support/lambda-bundle';
import { SsmEndpoint } from '../../sandbox/secrets/ssm-endpoint';
import { LegacyEndpoint } from '../../sandbox/legacy/legacy-endpoint';
import { startLegacyPool, type LegacyPool } from '../../sandbox/legacy/legacy-pool';

const PASSWORD = 'The-Old-Password-1';
const ALICE = { email: 'alice@example.com', password: PASSWORD, attributes: { given_name: 'Alice', family_name: 'Liddell', 'custom:plan': 'gold' } };
const MIGRATED_ALICE = { email: 'alice@example.com', email_verified: 'true', given_name: 'Alice', family_name: 'Liddell' };

type Response = { response: Record<string, unknown> };

describe('the user-migration bundle', function () {
  describe('with a legacy Cognito pool', function () {
    const standIns = useBundleStandIns();
    const { logs } = standIns;
    let legacy: LegacyPool;
    let restore: () => void;
    before(async () => {
      legacy = await startLegacyPool({ users: [ALICE] });
      restore = withEnvironment({
        MIGRATION_SOURCE: 'cognito',
        MIGRATION_ATTRIBUTES: 'given_name=given_name,family_name=family_name,locale=locale',
        LEGACY_COGNITO_USER_POOL_ID: legacy.userPoolId,
        LEGACY_COGNITO_REGION: 'eu-central-1',
        LEGACY_COGNITO_CLIENT_ID: legacy.clientId,
        LEGACY_COGNITO_ENDPOINT: legacy.endpoint,
      });
    });
    after(async () => {
      restore();
      await legacy.stop();
    });
    beforeEach(() => legacy.cognito.resetCounts());

    it('migrates a legacy user at sign-in: the mapped attributes, CONFIRMED, SUPPRESS; one outcome counted; no password in any line', async () => {
      const migrate = loadBundle('user-migration');
      const answer = (await migrate(userMigrationAuthenticationEvent('alice@example.com', PASSWORD))) as Response;
      expect(answer.response).to.include({ finalUserStatus: 'CONFIRMED', messageAction: 'SUPPRESS' });
      expect(answer.response['userAttributes']).to.deep.equal(MIGRATED_ALICE);
      expect(Object.fromEntries(legacy.cognito.requests)).to.deep.equal({ AdminInitiateAuth: 1, AdminGetUser: 1 });
      expect(Object.fromEntries(standIns.dynamo.requests)).to.deep.equal({ GetItem: 1 });
      expect(logs.entries().filter((entry) => entry['message'] === 'flow')).to.have.length(1);
      expect(logs.entries()[0]).to.include({ result: 'accepted', outcome: 'migrated', trigger: 'UserMigration' });
      expect(logs.metrics().map((metric) => [metric['result'], metric['outcome']])).to.deep.equal([['accepted', 'migrated']]);
      expect(logs.text).not.to.include(PASSWORD);
      expect(logs.text).not.to.include('alice@example.com');
    });

    it('returns a wrong password\'s event and an unknown user\'s untouched', async () => {
      const migrate = loadBundle('user-migration');
      for (const event of [userMigrationAuthenticationEvent('alice@example.com', 'not-it'), userMigrationAuthenticationEvent('nobody@example.com', PASSWORD)]) {
        expect(await migrate(event)).to.deep.equal(event);
      }
      expect(logs.metrics().map((metric) => metric['outcome'])).to.deep.equal(['rejected', 'rejected']);
      expect(logs.text).not.to.include('not-it');
    });

    it('migrates at ForgotPassword with a look-up only', async () => {
      const migrate = loadBundle('user-migration');
      const answer = (await migrate(userMigrationForgotPasswordEvent('alice@example.com'))) as Response;
      expect(answer.response['userAttributes']).to.deep.equal(MIGRATED_ALICE);
      expect(answer.response['finalUserStatus']).to.equal(null);
      expect(Object.fromEntries(legacy.cognito.requests)).to.deep.equal({ AdminGetUser: 1 });
    });

    it('refuses, without asking the legacy pool, a username PreAuthentication locked', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const migrate = loadBundle('user-migration');
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await preAuthentication(unknownUserPreAuthenticationEvent('Mallory.Target@Example.com'));
        expect(await migrate(userMigrationAuthenticationEvent('Mallory.Target@Example.com', `guess-${attempt}`))).to.have.property('response');
      }
      await preAuthentication(unknownUserPreAuthenticationEvent('mallory.target@example.com')).then(
        () => expect.fail('the sixth attempt should be refused'),
        (error: Error) => expect(error.message).to.equal(ANSWERS.locked),
      );
      legacy.cognito.resetCounts();
      const refused = await migrate(userMigrationAuthenticationEvent('mallory.target@example.com', PASSWORD)).catch((error: Error) => error);
      expect((refused as Error).message).to.equal(ANSWERS.locked);
      expect(legacy.cognito.requests.size).to.equal(0);
    });

    it('answers a legacy pool that fails with the generic message and an incident', async () => {
      legacy.cognito.failNext('AdminInitiateAuth', 'InternalErrorException', { status: 500, times: 3 });
      const failed = await loadBundle('user-migration')(userMigrationAuthenticationEvent('alice@example.com', PASSWORD)).catch((error: Error) => error);
      expect((failed as Error).message).to.equal(ANSWERS.generic);
      expect(logs.metrics().map((metric) => metric['incident'] ?? metric['outcome'])).to.deep.equal(['LEGACY_DIRECTORY_UNAVAILABLE', 'unavailable']);
      expect(logs.text).not.to.include(PASSWORD);
    });
  });

  describe('with users imported with their password hashes', function () {
    const standIns = useBundleStandIns({ MIGRATION_SOURCE: 'imported', MIGRATION_ATTRIBUTES: 'given_name=first_name' });
    const { logs } = standIns;
    before(async () => {
      const { users } = readExport(JSON.stringify({ username: 'carol@example.com', passwordHash: VECTORS.djangoPbkdf2Sha256, email: 'carol@example.com', emailVerified: true, attributes: { first_name: 'Carol' } }), TEST_ACCOUNT_KEY_SECRET);
      const client = new DynamoDBClient({ endpoint: standIns.dynamo.endpoint });
      await writeUsers(client, standIns.dynamo.tableName, users);
      client.destroy();
    });

    it('checks the password against the imported hash and migrates the user; a wrong one is answered as unknown', async () => {
      const migrate = loadBundle('user-migration');
      const answer = (await migrate(userMigrationAuthenticationEvent('carol@example.com', VECTOR_PASSWORD))) as Response;
      expect(answer.response['userAttributes']).to.deep.equal({ email: 'carol@example.com', email_verified: 'true', given_name: 'Carol' });
      const wrong = userMigrationAuthenticationEvent('carol@example.com', 'not the password');
      expect(await migrate(wrong)).to.deep.equal(wrong);
      expect(logs.metrics().map((metric) => metric['outcome'])).to.deep.equal(['migrated', 'rejected']);
      expect(logs.text).not.to.include(VECTOR_PASSWORD);
      expect(logs.text).not.to.include(VECTORS.djangoPbkdf2Sha256);
    });
  });

  describe('with a legacy HTTP endpoint', function () {
    const SECRET = 'shared-secret-of-the-legacy-endpoint';
    const SECRET_PARAMETER = '/gatehouse-test/legacy-endpoint-secret';
    const logs = new LogCapture();
    const endpoint = new LegacyEndpoint(SECRET, { 'alice@example.com': { password: PASSWORD, email: 'alice@example.com', emailVerified: true, attributes: { given_name: 'Alice' } } });
    const ssm = new SsmEndpoint({ [TEST_ACCOUNT_KEY_PARAMETER]: TEST_ACCOUNT_KEY_SECRET, [SECRET_PARAMETER]: SECRET });
    let dynamo: DynaliteHandle;
    let restore: () => void;
    before(async () => {
      dynamo = await startDynalite();
      const url = await endpoint.start();
      restore = withEnvironment({
        ...functionEnvironment(dynamo.tableName),
        AWS_ENDPOINT_URL_SSM: await ssm.start(),
        MIGRATION_SOURCE: 'http',
        MIGRATION_FINAL_USER_STATUS: 'RESET_REQUIRED',
        MIGRATION_ATTRIBUTES: 'given_name=given_name',
        LEGACY_ENDPOINT_URL: url,
        LEGACY_ENDPOINT_SECRET_PARAMETER: SECRET_PARAMETER,
      });
    });
    after(async () => {
      restore();
      await endpoint.stop();
      await ssm.stop();
      await dynamo.stop();
    });
    beforeEach(() => {
      logs.clear();
      logs.start();
    });
    afterEach(() => logs.stop());

    it('signs its requests with the secret read from SSM, and applies the stack\'s RESET_REQUIRED', async () => {
      const migrate = loadBundle('user-migration');
      const answer = (await migrate(userMigrationAuthenticationEvent('alice@example.com', PASSWORD))) as Response;
      expect(answer.response).to.include({ finalUserStatus: 'RESET_REQUIRED', messageAction: 'SUPPRESS' });
      expect(answer.response['userAttributes']).to.deep.equal({ email: 'alice@example.com', email_verified: 'true', given_name: 'Alice' });
      expect(endpoint.calls).to.deep.equal([{ action: 'authenticate', username: 'alice@example.com', verdict: 'valid' }]);
      expect(logs.text).not.to.include(PASSWORD);
      expect(logs.text).not.to.include(SECRET);
    });

    it('turns an endpoint outage into the generic message', async () => {
      endpoint.answerWith = { status: 503 };
      const failed = await loadBundle('user-migration')(userMigrationForgotPasswordEvent('alice@example.com')).catch((error: Error) => error);
      endpoint.answerWith = undefined;
      expect((failed as Error).message).to.equal(ANSWERS.generic);
      expect(logs.metrics().map((metric) => metric['incident'] ?? metric['outcome'])).to.deep.equal(['LEGACY_DIRECTORY_UNAVAILABLE', 'unavailable']);
    });
  });
});
