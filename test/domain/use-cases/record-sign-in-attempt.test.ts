import { expect } from 'chai';
import sinon from 'sinon';
import {
  AccountLockedError,
  DEFAULT_SIGN_IN_PROTECTION,
  DirectoryUnavailableError,
  DomainError,
  InvalidInputError,
  isDomainError,
  PasswordResetRequiredError,
  RecordSignInAttempt,
  SignInUnavailableError,
  StoreRejectedError,
  StoreUnavailableError,
  type SignInAttemptResult,
  type SignInProtectionPolicy,
  type UserDirectory,
} from '../../../domain';
import { nextEventId, withoutId } from '../../support/event-ids';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { deferred, flushPromises } from './deferred';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const POOL = 'eu-west-1_G4tehouse';
const MINUTE = 60_000;

function policyWith(changes: {
  lockout?: Partial<SignInProtectionPolicy['lockout']>;
  forcedReset?: Partial<SignInProtectionPolicy['forcedReset']>;
  storeFailureMode?: SignInProtectionPolicy['storeFailureMode'];
}): SignInProtectionPolicy {
  const base = DEFAULT_SIGN_IN_PROTECTION;
  return {
    lockout: { ...base.lockout, ...changes.lockout },
    forcedReset: { ...base.forcedReset, ...changes.forcedReset },
    storeFailureMode: changes.storeFailureMode ?? base.storeFailureMode,
  };
}

const FORCED_RESET_AT_FIRST_LOCKOUT = policyWith({ forcedReset: { enabled: true, afterLockouts: 1, afterFailures: 0 } });

function setup(policy: SignInProtectionPolicy = DEFAULT_SIGN_IN_PROTECTION) {
  const ledger = new InMemoryAttemptLedger();
  const audit = new InMemoryAuditTrail();
  const directory = {
    requirePasswordReset: sinon.stub<Parameters<UserDirectory['requirePasswordReset']>, Promise<void>>().resolves(),
  };
  const clock = new FixedClock(T0);
  const accountKeys = new PlainAccountKeys();
  const useCase = new RecordSignInAttempt(accountKeys, ledger, audit, directory, clock, policy);
  const attempt = (username = 'alice', accountExists = true) => useCase.execute({ eventId: nextEventId(), poolId: POOL, username, accountExists });
  const attempts = async (count: number, username = 'alice', accountExists = true) => {
    const results: SignInAttemptResult[] = [];
    for (let i = 0; i < count; i += 1) results.push(await attempt(username, accountExists));
    return results;
  };
  return { keys: accountKeys, ledger, audit, directory, clock, useCase, attempt, attempts };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/** What a caller can observe of a result, errors reduced to what a user could see. */
function observable(result: SignInAttemptResult) {
  return {
    verdict: result.verdict,
    outcome: result.outcome,
    denial:
      result.verdict === 'deny'
        ? { name: result.denial.constructor.name, code: result.denial.code, message: result.denial.message }
        : undefined,
    incidents: result.incidents.map((incident) => incident.code),
  };
}

describe('RecordSignInAttempt', () => {
  describe('counting and locking', () => {
    for (const maxFailures of [1, 3, 5]) {
      it(`allows ${maxFailures} attempt(s) and locks the next (maxFailures ${maxFailures})`, async () => {
        const { attempts, attempt, ledger } = setup(policyWith({ lockout: { maxFailures } }));
        const allowed = await attempts(maxFailures);
        expect(allowed.map(observable)).to.deep.equal(
          Array(maxFailures).fill({ verdict: 'allow', outcome: 'attempt', denial: undefined, incidents: [] }),
        );
        const locked = await attempt();
        expect(locked.verdict).to.equal('deny');
        expect(locked.outcome).to.equal('lockout');
        expect(locked.verdict === 'deny' && locked.denial).to.be.instanceOf(AccountLockedError);
        expect(ledger.stateOf('alice')).to.include({ lockedUntil: T0 + 5 * MINUTE, lockouts: 1 });
      });
    }

    it('refuses while locked, without counting, and allows again once the lock ends', async () => {
      const { attempts, attempt, ledger, clock } = setup();
      await attempts(6);
      const locked = ledger.stateOf('alice');
      clock.advance(5 * MINUTE - 1);
      const refused = await attempt();
      expect(observable(refused)).to.deep.include({ verdict: 'deny', outcome: 'rejected' });
      expect(refused.verdict === 'deny' && refused.denial).to.be.instanceOf(AccountLockedError);
      expect(ledger.stateOf('alice')).to.deep.equal(locked);
      clock.advance(1);
      expect(observable(await attempt())).to.deep.include({ verdict: 'allow', outcome: 'attempt' });
    });

    it('answers a locked account with a stable, user-facing error that reveals nothing', async () => {
      const { attempts } = setup();
      const results = await attempts(7);
      const denials = results.flatMap((result) => (result.verdict === 'deny' ? [result.denial] : []));
      expect(denials).to.have.length(2);
      for (const denial of denials) {
        expect(denial).to.be.instanceOf(DomainError);
        expect(isDomainError(denial)).to.equal(true);
        expect(denial.code).to.equal('ACCOUNT_LOCKED');
        expect(denial.userFacing).to.equal(true);
        expect(denial.message).to.equal('Too many failed sign-in attempts, please try again later');
        expect(denial.message).not.to.match(/\.$/);
      }
    });

    it('counts at the clock time, in the policy window, and audits each attempt', async () => {
      const { ledger, audit, attempt } = setup(policyWith({ lockout: { windowSeconds: 120 } }));
      const count = sinon.spy(ledger, 'countAttempt');
      await attempt('alice', false);
      expect(count.calledOnceWithExactly({ key: 'alice' }, T0, 120)).to.equal(true);
      expect(audit.events.map(withoutId)).to.deep.equal([{ account: { key: 'alice' }, outcome: 'attempt', at: T0, accountExists: false }]);
    });

    it('maps every spelling of a username to one account', async () => {
      const { attempt, ledger, audit } = setup();
      const spellings = ['Alice', '  alice', 'ALICE ', '\taLiCe\n', 'alice', ' ALICE '];
      const results: SignInAttemptResult[] = [];
      for (const spelling of spellings) results.push(await attempt(spelling));
      expect(results.map((result) => result.outcome)).to.deep.equal(['attempt', 'attempt', 'attempt', 'attempt', 'attempt', 'lockout']);
      expect(ledger.stateOf('alice')).to.include({ lockouts: 1 });
      expect(ledger.stateOf('Alice')).to.equal(undefined);
      expect(new Set(audit.events.map((event) => event.account.key))).to.deep.equal(new Set(['alice']));
    });

    it('answers "locked" to an attempt that lost the race to engage the lock', async () => {
      const { attempts, useCase, ledger } = setup();
      await attempts(5);
      const engage = sinon.spy(ledger, 'engageLock');
      const racing = await Promise.all([1, 2].map(() => useCase.execute({ eventId: nextEventId(), poolId: POOL, username: 'alice', accountExists: true })));
      expect(engage.callCount).to.equal(2);
      expect(racing.map((result) => result.outcome).sort()).to.deep.equal(['lockout', 'rejected']);
      for (const result of racing) expect(result.verdict === 'deny' && result.denial).to.be.instanceOf(AccountLockedError);
      expect(ledger.stateOf('alice')).to.include({ lockouts: 1, lockedUntil: T0 + 5 * MINUTE });
    });

    for (const username of ['', '   ', '\t\n']) {
      it(`rejects the username ${JSON.stringify(username)} as invalid input, touching nothing`, async () => {
        const { ledger, audit, useCase } = setup();
        const count = sinon.spy(ledger, 'countAttempt');
        const error = await rejectionOf(useCase.execute({ eventId: nextEventId(), poolId: POOL, username, accountExists: true }));
        expect(error).to.be.instanceOf(InvalidInputError);
        expect((error as InvalidInputError).userFacing).to.equal(false);
        expect(count.called).to.equal(false);
        expect(audit.events).to.deep.equal([]);
      });
    }
  });

  describe('forced password reset', () => {
    it('asks the directory once, with the pool and username, for an account that exists', async () => {
      const { attempts, attempt, directory, clock } = setup(FORCED_RESET_AT_FIRST_LOCKOUT);
      await attempts(5);
      const forced = await attempt();
      expect(observable(forced)).to.deep.include({ verdict: 'deny', outcome: 'forced-reset', incidents: [] });
      expect(forced.verdict === 'deny' && forced.denial).to.be.instanceOf(PasswordResetRequiredError);
      expect(directory.requirePasswordReset.calledOnceWithExactly({ poolId: POOL, username: 'alice' })).to.equal(true);
      clock.advance(MINUTE);
      const refused = await attempt();
      expect(observable(refused)).to.deep.include({ verdict: 'deny', outcome: 'rejected' });
      expect(refused.verdict === 'deny' && refused.denial).to.be.instanceOf(PasswordResetRequiredError);
      expect(directory.requirePasswordReset.callCount).to.equal(1);
    });

    it('asks the directory only for the attempt that engaged the lock', async () => {
      const { attempts, useCase, directory } = setup(FORCED_RESET_AT_FIRST_LOCKOUT);
      await attempts(5);
      const racing = await Promise.all([1, 2, 3].map(() => useCase.execute({ eventId: nextEventId(), poolId: POOL, username: 'alice', accountExists: true })));
      expect(racing.map((result) => result.outcome).sort()).to.deep.equal(['forced-reset', 'rejected', 'rejected']);
      for (const result of racing) expect(result.verdict === 'deny' && result.denial).to.be.instanceOf(PasswordResetRequiredError);
      expect(directory.requirePasswordReset.callCount).to.equal(1);
    });

    it('gives an unknown username the same answer without asking the directory', async () => {
      const { attempts, attempt, directory } = setup(FORCED_RESET_AT_FIRST_LOCKOUT);
      await attempts(5, 'nobody', false);
      const forced = await attempt('nobody', false);
      expect(observable(forced)).to.deep.include({ verdict: 'deny', outcome: 'forced-reset', incidents: [] });
      expect(forced.verdict === 'deny' && forced.denial).to.be.instanceOf(PasswordResetRequiredError);
      expect(directory.requirePasswordReset.called).to.equal(false);
    });

    it('answers an unknown and a known account alike over the same history', async () => {
      const policy = policyWith({ forcedReset: { enabled: true, afterLockouts: 2, afterFailures: 0 } });
      const history = async (username: string, accountExists: boolean) => {
        const run = setup(policy);
        const results: SignInAttemptResult[] = [];
        for (const minutesLater of [0, 0, 0, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 1, 30, 0]) {
          run.clock.advance(minutesLater * MINUTE);
          results.push(await run.attempt(username, accountExists));
        }
        return { results: results.map(observable), audited: run.audit.events.map(({ outcome, at }) => ({ outcome, at })) };
      };
      const known = await history('alice', true);
      const unknown = await history('nobody', false);
      expect(known.results.map((result) => result.outcome)).to.include('forced-reset');
      expect(unknown).to.deep.equal(known);
    });

    it('is never asked for with the seed policy, however many lockouts', async () => {
      const { attempts, directory, clock } = setup();
      for (let lockout = 0; lockout < 6; lockout += 1) {
        const results = await attempts(6);
        expect(results.at(-1)?.outcome).to.equal('lockout');
        clock.advance(60 * MINUTE);
      }
      expect(directory.requirePasswordReset.called).to.equal(false);
    });

    it('keeps the lock and answers "locked" when the directory fails, reporting an incident', async () => {
      const { attempts, attempt, directory, ledger } = setup(FORCED_RESET_AT_FIRST_LOCKOUT);
      const failure = new DirectoryUnavailableError('AdminResetUserPassword timed out');
      directory.requirePasswordReset.rejects(failure);
      await attempts(5);
      const result = await attempt();
      expect(observable(result)).to.deep.include({ verdict: 'deny', outcome: 'lockout' });
      expect(result.verdict === 'deny' && result.denial).to.be.instanceOf(AccountLockedError);
      expect(result.incidents).to.deep.equal([{ code: 'FORCED_RESET_FAILED', severity: 'error', cause: failure }]);
      expect(ledger.stateOf('alice')?.lockedUntil).to.equal(T0 + 5 * MINUTE);
    });

    // The lock engaged for the reset must not keep telling the user to look for a code never sent.
    it('keeps saying "locked", not "check your email", for the rest of a lock whose reset failed', async () => {
      const { attempts, attempt, directory, clock } = setup(FORCED_RESET_AT_FIRST_LOCKOUT);
      directory.requirePasswordReset.rejects(new DirectoryUnavailableError('AdminResetUserPassword timed out'));
      await attempts(6);
      clock.advance(MINUTE);
      const refused = await attempt();
      expect(refused.verdict === 'deny' && refused.denial).to.be.instanceOf(AccountLockedError);
    });

    it('answers with a stable, user-facing error', async () => {
      const { attempts } = setup(FORCED_RESET_AT_FIRST_LOCKOUT);
      const last = (await attempts(6)).at(-1);
      const denial = last?.verdict === 'deny' ? last.denial : undefined;
      expect(denial?.code).to.equal('PASSWORD_RESET_REQUIRED');
      expect(denial?.userFacing).to.equal(true);
      expect(denial?.message).not.to.match(/\.$/);
    });
  });

  describe('when the ledger cannot be reached', () => {
    // The ledger and the audit trail share one table: when one cannot answer, neither can the other.
    const storeDown = (ledger: InMemoryAttemptLedger, audit: InMemoryAuditTrail) => {
      ledger.failNext({ only: 'countAttempt' });
      audit.failNext();
    };

    it('lets the attempt through in open mode, as unprotected, with an error incident', async () => {
      const { ledger, audit, attempt } = setup(policyWith({ storeFailureMode: 'open' }));
      storeDown(ledger, audit);
      const result = await attempt();
      expect(observable(result)).to.deep.equal({ verdict: 'allow', outcome: 'unprotected', denial: undefined, incidents: ['STORE_UNAVAILABLE', 'AUDIT_SKIPPED'] });
      expect(result.incidents[0]?.severity).to.equal('error');
      expect(result.incidents[0]?.cause).to.be.instanceOf(StoreUnavailableError);
      // The outcome travels with the incident, to the log.
      expect((result.incidents[1]?.cause as Error).message).to.equal("audit of 'unprotected' skipped");
      expect(audit.outcomes()).to.deep.equal([]);
    });

    it('refuses the attempt in closed mode with a user-facing error and an error incident', async () => {
      const { ledger, audit, attempt } = setup(policyWith({ storeFailureMode: 'closed' }));
      storeDown(ledger, audit);
      const result = await attempt();
      expect(observable(result)).to.deep.include({ verdict: 'deny', outcome: 'refused-unavailable', incidents: ['STORE_UNAVAILABLE', 'AUDIT_SKIPPED'] });
      const denial = result.verdict === 'deny' ? result.denial : undefined;
      expect(denial).to.be.instanceOf(SignInUnavailableError);
      expect(denial?.code).to.equal('SIGN_IN_UNAVAILABLE');
      expect(denial?.userFacing).to.equal(true);
      expect(result.incidents[0]?.severity).to.equal('error');
      expect(audit.outcomes()).to.deep.equal([]);
    });

    it('makes no second store call after the ledger failed, even when the provisional entry was kept', async () => {
      const { ledger, audit, attempt } = setup(policyWith({ storeFailureMode: 'closed' }));
      ledger.failNext({ only: 'countAttempt' });
      const result = await attempt();
      expect(observable(result).incidents).to.deep.equal(['STORE_UNAVAILABLE', 'AUDIT_SKIPPED']);
      expect(audit.writes.map((write) => write.provisional)).to.deep.equal([true]);
    });

    it('refuses in closed mode when the lock cannot be engaged', async () => {
      const { ledger, attempts, attempt } = setup(policyWith({ storeFailureMode: 'closed' }));
      await attempts(5);
      ledger.failNext({ only: 'engageLock' });
      const result = await attempt();
      expect(observable(result)).to.deep.include({ verdict: 'deny', outcome: 'rejected', incidents: ['STORE_UNAVAILABLE', 'AUDIT_SKIPPED'] });
      expect(result.verdict === 'deny' && result.denial).to.be.instanceOf(AccountLockedError);
    });

    // The failure mode applies to attempts that could not be counted; one known to be over the limit
    // is refused whatever the mode.
    it('still refuses an attempt over the limit in open mode when only engaging the lock fails', async () => {
      const { ledger, attempts, attempt } = setup(policyWith({ storeFailureMode: 'open' }));
      await attempts(5);
      ledger.failNext({ only: 'engageLock' });
      const result = await attempt();
      expect(result.verdict).to.equal('deny');
      expect(result.verdict === 'deny' && result.denial).to.be.instanceOf(AccountLockedError);
    });

    it('applies the failure mode when the account key cannot be derived in time, writing nothing', async () => {
      for (const [mode, verdict] of [
        ['open', 'allow'],
        ['closed', 'deny'],
      ] as const) {
        const { keys: accountKeys, ledger, audit, attempt } = setup(policyWith({ storeFailureMode: mode }));
        const count = sinon.spy(ledger, 'countAttempt');
        accountKeys.failNext();
        const result = await attempt();
        expect(observable(result)).to.deep.include({ verdict, incidents: ['STORE_UNAVAILABLE', 'AUDIT_SKIPPED'] });
        expect(count.called).to.equal(false);
        expect(audit.writes).to.deep.equal([]);
      }
    });
  });

  describe('when the store refuses a request (a defect or misconfiguration)', () => {
    // A missing table, a missing permission, a rejected request: never an outage, never an open door.
    for (const mode of ['open', 'closed'] as const) {
      it(`propagates the refusal of the count in ${mode} mode and audits the attempt as refused-error`, async () => {
        const { ledger, audit, attempt } = setup(policyWith({ storeFailureMode: mode }));
        const refusal = new StoreRejectedError('DynamoDB UpdateItem (count attempt) failed (ResourceNotFoundException)');
        ledger.failNext({ only: 'countAttempt', error: () => refusal });
        expect(await rejectionOf(attempt())).to.equal(refusal);
        expect(audit.outcomes()).to.deep.equal(['refused-error']);
      });
    }

    it('propagates the refusal of engaging a lock, even in open mode', async () => {
      const { ledger, attempts, attempt } = setup(policyWith({ storeFailureMode: 'open' }));
      await attempts(5);
      const refusal = new StoreRejectedError('DynamoDB UpdateItem (engage lock) failed (AccessDeniedException)');
      ledger.failNext({ only: 'engageLock', error: () => refusal });
      expect(await rejectionOf(attempt())).to.equal(refusal);
    });

    it('propagates a refusal of the account key (a missing secret), writing nothing', async () => {
      const { keys: accountKeys, audit, attempt } = setup();
      const refusal = new StoreRejectedError('SSM GetParameter failed (ParameterNotFound)');
      accountKeys.failNext({ error: () => refusal });
      expect(await rejectionOf(attempt())).to.equal(refusal);
      expect(audit.writes).to.deep.equal([]);
    });

    it('lets an error that is not a domain error propagate, auditing the refusal', async () => {
      const { ledger, audit, attempt } = setup();
      const bug = new TypeError('cannot read properties of undefined');
      sinon.stub(ledger, 'countAttempt').rejects(bug);
      expect(await rejectionOf(attempt())).to.equal(bug);
      expect(audit.outcomes()).to.deep.equal(['refused-error']);
    });

    it('rejects a username longer than Cognito allows as invalid input, touching nothing', async () => {
      const { ledger, audit, attempt } = setup();
      const count = sinon.spy(ledger, 'countAttempt');
      expect(await attempt('a'.repeat(128))).to.include({ verdict: 'allow' });
      const error = await rejectionOf(attempt('a'.repeat(129)));
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as Error).message).to.equal('username is longer than 128 characters');
      expect(count.callCount).to.equal(1);
      expect(audit.writes).to.have.length(1);
    });
  });

  describe('the audit trail', () => {
    it('is written alongside the count on the common path: one round trip, one write', async () => {
      const { ledger, audit, attempt } = setup();
      const gate = deferred<void>();
      const count = sinon.stub(ledger, 'countAttempt').callsFake(async (...args) => {
        await gate.promise;
        return InMemoryAttemptLedger.prototype.countAttempt.apply(ledger, args);
      });
      const execution = attempt();
      await flushPromises();
      // The count has not answered yet, and the entry is already on its way.
      expect(count.calledOnce).to.equal(true);
      expect(audit.writes.map((write) => [write.event.outcome, write.provisional])).to.deep.equal([['attempt', true]]);
      gate.resolve();
      expect(observable(await execution).outcome).to.equal('attempt');
      expect(audit.writes).to.have.length(1);
    });

    it('writes any other outcome over the provisional entry, keeping one entry per attempt', async () => {
      const { audit, attempts } = setup();
      await attempts(7);
      expect(audit.outcomes()).to.deep.equal(['attempt', 'attempt', 'attempt', 'attempt', 'attempt', 'lockout', 'rejected']);
      expect(audit.writes.filter((write) => !write.provisional).map((write) => write.event.outcome)).to.deep.equal(['lockout', 'rejected']);
      expect(new Set(audit.events.map((event) => event.id)).size).to.equal(7);
    });

    it('writes the entry again when the provisional write failed, so none is lost', async () => {
      const { audit, attempt } = setup();
      audit.failNext();
      const result = await attempt();
      expect(result.incidents).to.deep.equal([]);
      expect(audit.outcomes()).to.deep.equal(['attempt']);
    });

    it('keeps the verdict of an allowed attempt and reports a warning when both writes fail', async () => {
      const healthy = setup();
      const failing = setup();
      failing.audit.failNext({ times: 2 });
      const expected = observable(await healthy.attempt());
      const result = await failing.attempt();
      expect({ ...observable(result), incidents: [] }).to.deep.equal(expected);
      expect(result.incidents).to.have.length(1);
      expect(result.incidents[0]).to.include({ code: 'AUDIT_FAILED', severity: 'warn' });
      expect((result.incidents[0]?.cause as Error).message).to.equal("audit of 'attempt' failed");
      expect((result.incidents[0]?.cause as Error).cause).to.be.instanceOf(StoreUnavailableError);
    });

    it('keeps the lockout and the refusals and reports a warning each time', async () => {
      const { attempts, audit, ledger } = setup();
      await attempts(5);
      audit.failNext({ times: Number.POSITIVE_INFINITY });
      const [locked, refused] = await attempts(2);
      expect(observable(locked!)).to.deep.include({ verdict: 'deny', outcome: 'lockout', incidents: ['AUDIT_FAILED'] });
      expect(observable(refused!)).to.deep.include({ verdict: 'deny', outcome: 'rejected', incidents: ['AUDIT_FAILED'] });
      expect(ledger.stateOf('alice')?.lockedUntil).to.equal(T0 + 5 * MINUTE);
    });
  });
});
