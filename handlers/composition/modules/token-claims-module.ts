import { ContainerModule, type Container } from 'inversify';
import { CustomiseTokenClaims, type AccountKeys, type TenantDirectory } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';
import type * as TenantRecordsModule from './tenant-records-module';

/** The claims policy of the stack's tokens; with a tenant from the record, the keys and the reader too (`tenantRecordsModules`). */
export const tokenClaimsModule = new ContainerModule(({ bind }) => {
  bind<CustomiseTokenClaims>(TOKENS.CustomiseTokenClaims)
    .toDynamicValue((context) => {
      const { claims } = context.get<HandlerConfig>(TOKENS.Config);
      if (claims.tenant?.from !== 'account-record') return new CustomiseTokenClaims(claims);
      return new CustomiseTokenClaims(claims, {
        keys: context.get<AccountKeys>(TOKENS.AccountKeys),
        tenants: context.get<TenantDirectory>(TOKENS.TenantDirectory),
      });
    })
    .inSingletonScope();
});

/**
 * The modules of a stack's claims policy. The account record's reader (DynamoDB, SSM and the account
 * keys) is loaded only for a policy that takes the tenant from the record: the bundler keeps a `require`
 * inside a function as a module evaluated on that call, so a tenant from an attribute never evaluates the
 * two SDK clients on a cold start (`npm run bench:load`).
 */
export function tokenClaimsModules(config: HandlerConfig): readonly ContainerModule[] {
  if (config.claims.tenant?.from !== 'account-record') return [tokenClaimsModule];
  return [tokenClaimsModule, ...tenantRecords().tenantRecordsModules];
}

/** Starts reading the account key secret while the function initialises, when the policy needs it. */
export function warmUpTokenClaims(container: Container): Promise<unknown> {
  const { claims } = container.get<HandlerConfig>(TOKENS.Config);
  return claims.tenant?.from === 'account-record' ? tenantRecords().readAccountKeySecret(container) : Promise.resolve();
}

function tenantRecords(): typeof TenantRecordsModule {
  return require('./tenant-records-module') as typeof TenantRecordsModule;
}
