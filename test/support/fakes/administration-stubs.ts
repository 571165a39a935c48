import sinon from 'sinon';
import type { AccountAdministration } from '../../../domain';

/** An `AccountAdministration` of sinon stubs: nothing kept, nothing to unlock, no lockouts. */
export function administrationStubs() {
  return {
    read: sinon.stub<Parameters<AccountAdministration['read']>, ReturnType<AccountAdministration['read']>>().resolves({ audit: [] }),
    unlock: sinon.stub<Parameters<AccountAdministration['unlock']>, ReturnType<AccountAdministration['unlock']>>().resolves(undefined),
    recentLockouts: sinon.stub<Parameters<AccountAdministration['recentLockouts']>, ReturnType<AccountAdministration['recentLockouts']>>().resolves([]),
  };
}
