import { OWN_TAG_PREFIX, OWN_TAGS_PER_RESOURCE } from './config-schema';

/**
 * Tags on every resource that takes them: the stack's own (`gatehouse:tags`) and Gatehouse's, which say
 * where a resource comes from:
 *
 * - `gatehouse:project` — the Pulumi project,
 * - `gatehouse:stack` — the Pulumi stack,
 * - `gatehouse:component` — `user-pool`, `table`, `encryption-key`, `account-key`, `stack-secret`,
 *   `trigger-function`, `email-identity` or `reminder-workflow`,
 * - `gatehouse:trigger` — the trigger, on a trigger function's function, role and log group.
 *
 * Gatehouse's keys win over nothing: the configuration refuses stack tags under `gatehouse:`.
 */
export type Tags = Readonly<Record<string, string>>;

export type Component =
  | 'user-pool'
  | 'table'
  | 'encryption-key'
  | 'account-key'
  | 'stack-secret'
  | 'trigger-function'
  | 'email-identity'
  | 'reminder-workflow'
  | 'undelivered-messages'
  | 'alarm-topic'
  | 'operations'
  | 'pool-firewall';

export const TAG_KEYS = {
  project: `${OWN_TAG_PREFIX}project`,
  stack: `${OWN_TAG_PREFIX}stack`,
  component: `${OWN_TAG_PREFIX}component`,
  trigger: `${OWN_TAG_PREFIX}trigger`,
} as const;

// The configuration leaves room for exactly these next to the stack's own tags.
const ownKeys: number = Object.keys(TAG_KEYS).length;
if (ownKeys !== OWN_TAGS_PER_RESOURCE) {
  throw new Error(`infra/tags.ts sets ${ownKeys} tags of its own, config-schema.ts leaves room for ${OWN_TAGS_PER_RESOURCE}`);
}

/** The tags every resource of a stack carries: the stack's own, then the project and the stack. */
export function stackTags(configured: Tags, where: { readonly project: string; readonly stack: string }): Tags {
  return { ...configured, [TAG_KEYS.project]: where.project, [TAG_KEYS.stack]: where.stack };
}

/** The tags of one component's resources. */
export function componentTags(base: Tags, component: Component, extra: { readonly trigger?: string } = {}): Tags {
  return {
    ...base,
    [TAG_KEYS.component]: component,
    ...(extra.trigger === undefined ? {} : { [TAG_KEYS.trigger]: extra.trigger }),
  };
}
