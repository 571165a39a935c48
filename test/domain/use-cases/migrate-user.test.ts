import { expect } from 'chai';
import sinon from 'sinon';
import {
  AccountLockedError,
  DEFAULT_SIGN_IN_PROTECTION,
  LegacyDirectoryRejectedError,
  LegacyDirectoryUnavailableError,
  MigrateUser,
  MigrationUnavailableError,
  RecordSignInAttempt,
  SignInUnavailableError,
  StoreRejectedError,
  type LegacyAuthentication,
  type LegacyDirectory,
  type LegacyLookUp,
  type MigrationPolicy,
} from '../../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../../handlers/boundary/cognito-trigger';
import { nextEventId } from '../../support/event-ids';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { InMemoryLockReader } from '../../support/fakes/in-memory-lock-reader';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';

const POOL = 'eu-west-1_G4tehouse';
const PASSWORD = 'legacy-Secret-42';
const ALICE = { email: 'alice@example.com', emailVerified: true, attributes: { given_name: 'Alice', role: 'admin' } };
const POLICY: MigrationPolicy = { finalUserStatus: 'CONFIRMED', attributes: { given_name: 'given_name' } };

function setup(options: { policy?: MigrationPolicy; storeFailureMode?: 'open' | 'closed' } = {}) {
  const keys = new PlainAccountKeys();
  const ledger = new InMemoryAttemptLedger();
  const locks = new InMemoryLockReader(ledger);
  const clock = new FixedClock();
  const directory = {
    authenticate: sinon.stub<[string, string], Promise<LegacyAuthentication>>().resolves({ outcome: 'authenticated', user: ALICE }),
    lookUp: sinon.stub<[string], Promise<LegacyLookUp>>().resolves({ outcome: 'found', user: ALICE }),
  } satisfies LegacyDirectory;
  const migrate = new MigrateUser(keys, locks, directory, clock, options.policy ?? POLICY, options.storeFailureMode ?? 'open');
  // PreAuthentication's use case on the same ledger: what Cognito runs first for an unknown user.
  const preAuthentication = new RecordSignInAttempt(keys, ledger, new InMemoryAuditTrail(), { requirePasswordReset: sinon.stub().resolves() }, clock, DEFAULT_SIGN_IN_PROTECTION);
  const attemptAsUnknown = (username: string) =>
    preAuthentication.execute({ eventId: nextEventId(), poolId: POOL, username, accountExists: false });
  return { keys, ledger, locks, clock, directory, migrate, attemptAsUnknown };
}

describe('MigrateUser', () => {
  describe('at sign-in (UserMigration_Authentication)', () => {
    it('migrates a user the legacy directory authenticates: the mapped attributes, the stack\'s final status', async () => {
      const { migrate, directory } = setup({ policy: { ...POLICY, finalUserStatus: 'RESET_REQUIRED' } });
      const result = await migrate.execute({ source: 'authentication', username: ' Alice@Example.com', password: PASSWORD });
      expect(result).to.deep.equal({
        outcome: 'migrated',
        incidents: [],
        user: {
          attributes: { email: 'Alice@Example.com', email_verified: 'true', given_name: 'Alice' },
          finalUserStatus: 'RESET_REQUIRED',
        },
      });
      expect(directory.authenticate.calledOnceWithExactly('Alice@Example.com', PASSWORD)).to.equal(true);
    });

    it('answers a wrong password and an unknown user alike: nothing to create, nothing user-facing', async () => {
      const { migrate, directory } = setup();
      directory.authenticate.resolves({ outcome: 'rejected' });
      const rejected = await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: 'wrong' });
      directory.authenticate.resolves({ outcome: 'unknown' });
      const unknown = await migrate.execute({ source: 'authentication', username: 'bob@example.com', password: 'whatever' });
      expect(rejected).to.deep.equal({ outcome: 'rejected', incidents: [] });
      expect(unknown).to.deep.equal({ outcome: 'not-found', incidents: [] });
    });

    it('never asks the legacy side about what cannot be a username, nor with an empty password', async () => {
      const { migrate, directory, locks } = setup();
      expect((await migrate.execute({ source: 'authentication', username: 'correct horse', password: PASSWORD })).outcome).to.equal('not-found');
      expect((await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: '' })).outcome).to.equal('rejected');
      expect(directory.authenticate.called).to.equal(false);
      expect(locks.reads).to.deep.equal([]);
    });

    it('refuses an account PreAuthentication locked, under the same key, before the legacy side is asked', async () => {
      const { migrate, directory, attemptAsUnknown, locks } = setup();
      // Five failed legacy sign-ins (each counted by PreAuthentication, none followed by a success)...
      for (let i = 0; i < DEFAULT_SIGN_IN_PROTECTION.lockout.maxFailures; i += 1) {
        expect((await attemptAsUnknown('Alice@Example.com')).verdict).to.equal('allow');
        directory.authenticate.resolves({ outcome: 'rejected' });
        expect((await migrate.execute({ source: 'authentication', username: 'Alice@Example.com', password: `guess-${i}` })).outcome).to.equal('rejected');
      }
      // ...the sixth is refused by PreAuthentication, which locks the account.
      expect((await attemptAsUnknown('alice@example.com')).outcome).to.equal('lockout');
      directory.authenticate.resetHistory();
      const result = await migrate.execute({ source: 'authentication', username: 'ALICE@example.com', password: PASSWORD });
      expect(result.outcome).to.equal('locked');
      expect(result.denial).to.be.instanceOf(AccountLockedError);
      expect(result.user).to.equal(undefined);
      expect(directory.authenticate.called).to.equal(false);
      expect(new Set(locks.reads)).to.deep.equal(new Set(['alice@example.com']));
    });

    it('counts nothing itself: PreAuthentication has already counted the attempt', async () => {
      const { migrate, ledger, attemptAsUnknown, directory } = setup();
      await attemptAsUnknown('alice@example.com');
      directory.authenticate.resolves({ outcome: 'rejected' });
      await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: 'wrong' });
      await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: 'wrong' });
      expect(ledger.stateOf('alice@example.com')?.attemptsInWindow).to.equal(1);
    });

    it('reports a legacy outage or refusal as an incident and answers with the generic failure, never as "unknown"', async () => {
      for (const error of [new LegacyDirectoryUnavailableError('timeout'), new LegacyDirectoryRejectedError('HTTP 401')]) {
        const { migrate, directory } = setup();
        directory.authenticate.rejects(error);
        const result = await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: PASSWORD });
        expect(result.outcome).to.equal('unavailable');
        expect(result.denial).to.be.instanceOf(MigrationUnavailableError);
        expect(result.denial?.message).to.equal(GENERIC_FAILURE_MESSAGE);
        expect(result.incidents.map((incident) => [incident.code, incident.severity])).to.deep.equal([[error.code, 'error']]);
      }
    });

    it('applies the stack\'s failure mode when the lock cannot be read', async () => {
      const open = setup({ storeFailureMode: 'open' });
      open.locks.failNext();
      const allowed = await open.migrate.execute({ source: 'authentication', username: 'alice@example.com', password: PASSWORD });
      expect(allowed.outcome).to.equal('migrated');
      expect(allowed.incidents.map((incident) => incident.code)).to.deep.equal(['STORE_UNAVAILABLE']);

      const closed = setup({ storeFailureMode: 'closed' });
      closed.keys.failNext();
      const refused = await closed.migrate.execute({ source: 'authentication', username: 'alice@example.com', password: PASSWORD });
      expect(refused.outcome).to.equal('unavailable');
      expect(refused.denial).to.be.instanceOf(SignInUnavailableError);
      expect(closed.directory.authenticate.called).to.equal(false);
    });

    it('lets a defect through to the boundary (a store that refuses is never an open door)', async () => {
      const { migrate, locks, directory } = setup({ storeFailureMode: 'open' });
      locks.failNext({ error: () => new StoreRejectedError('AccessDenied') });
      await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: PASSWORD }).then(
        () => expect.fail('should have thrown'),
        (error: unknown) => expect(error).to.be.instanceOf(StoreRejectedError),
      );
      expect(directory.authenticate.called).to.equal(false);
    });

    it('never puts the password into what it returns, even when the legacy side fails with it in its message', async () => {
      const { migrate, directory } = setup();
      directory.authenticate.rejects(new LegacyDirectoryUnavailableError('timeout'));
      const result = await migrate.execute({ source: 'authentication', username: 'alice@example.com', password: PASSWORD });
      expect(JSON.stringify({ ...result, incidents: result.incidents.map((incident) => ({ ...incident, cause: String(incident.cause) })) })).not.to.include(PASSWORD);
    });
  });

  describe('in the forgot-password flow (UserMigration_ForgotPassword)', () => {
    it('migrates a known legacy user with a verified address, without a final status, whatever the lock', async () => {
      const { migrate, directory, attemptAsUnknown, locks } = setup({ policy: { ...POLICY, finalUserStatus: 'RESET_REQUIRED' } });
      for (let i = 0; i <= DEFAULT_SIGN_IN_PROTECTION.lockout.maxFailures; i += 1) await attemptAsUnknown('alice@example.com');
      const result = await migrate.execute({ source: 'forgot-password', username: 'alice@example.com' });
      expect(result).to.deep.equal({
        outcome: 'migrated',
        incidents: [],
        user: { attributes: { email: 'alice@example.com', email_verified: 'true', given_name: 'Alice' } },
      });
      expect(directory.lookUp.calledOnceWithExactly('alice@example.com')).to.equal(true);
      expect(directory.authenticate.called).to.equal(false);
      expect(locks.reads).to.deep.equal([]);
    });

    it('leaves an unknown user, and one Cognito could not send a code to, as unknown', async () => {
      const { migrate, directory } = setup();
      directory.lookUp.resolves({ outcome: 'unknown' });
      expect(await migrate.execute({ source: 'forgot-password', username: 'nobody@example.com' })).to.deep.equal({ outcome: 'not-found', incidents: [] });
      directory.lookUp.resolves({ outcome: 'found', user: { ...ALICE, emailVerified: false } });
      expect(await migrate.execute({ source: 'forgot-password', username: 'alice@example.com' })).to.deep.equal({ outcome: 'not-verified', incidents: [] });
    });

    it('reports a legacy outage with the generic failure', async () => {
      const { migrate, directory } = setup();
      directory.lookUp.rejects(new LegacyDirectoryUnavailableError('HTTP 503'));
      const result = await migrate.execute({ source: 'forgot-password', username: 'alice@example.com' });
      expect(result.outcome).to.equal('unavailable');
      expect(result.denial).to.be.instanceOf(MigrationUnavailableError);
    });
  });
});
