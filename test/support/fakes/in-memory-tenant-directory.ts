import type { AccountRef, TenantDirectory } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/** Tenants by account key, as an operator assigns them; counts its reads (one per token issue at most). */
export class InMemoryTenantDirectory implements TenantDirectory {
  readonly tenants = new Map<string, string>();
  reads = 0;
  private readonly failures = new FailureSwitch<'tenantOf'>();

  async tenantOf(account: AccountRef): Promise<string | undefined> {
    this.reads += 1;
    this.failures.check('tenantOf');
    return this.tenants.get(account.key);
  }

  failNext(options?: FailureOptions<'tenantOf'>): void {
    this.failures.failNext(options);
  }
}
