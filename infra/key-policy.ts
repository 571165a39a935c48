import type { PolicyDocument, PolicyStatement } from './iam-policies';

/**
 * The stack key's policy, as a pure function of plain ARNs and ids. The key encrypts the stack's SSM
 * SecureStrings (SSM decrypts them for the functions, with the parameter's ARN as encryption context) and,
 * once the pool has custom senders, the codes Cognito hands them (AWS Encryption SDK messages whose
 * encryption context is `{aws-crypto-public-key, userpool-id}`).
 *
 * What AWS documents, and what this policy does with it:
 * - Cognito does not hold a static right to encrypt: the principal that creates or updates the pool
 *   creates a one-time grant on the key for Cognito ("Grant this principal CreateGrant permissions",
 *   Cognito developer guide, custom sender triggers). The account statement lets IAM give the deploying
 *   principal that right, so it must be in the key's policy before the pool names the key — it is KMS's
 *   default policy, which the key has from its creation.
 * - An earlier version of the same guide gave the key policy a statement for the service principal
 *   `cognito-idp.amazonaws.com`: `kms:CreateGrant`, with `aws:SourceAccount` and `aws:SourceArn` (the
 *   pool's ARN). It is kept, for this pool only: no version of the guide asks for `kms:Encrypt` or
 *   `kms:GenerateDataKey` in the key policy, so none is given.
 * - The account statement also lets any IAM policy of the account allow `kms:Decrypt`. A code can only be
 *   decrypted with its encryption context (KMS binds it to the ciphertext), so a Deny of `kms:Decrypt` and
 *   `kms:ReEncryptFrom` whenever the request's context has a `userpool-id` key, for every principal but the
 *   sender roles, keeps the codes theirs without touching SSM (whose context is `PARAMETER_ARN`), key
 *   administration or Cognito (which only encrypts).
 *
 * Three statements name the pool, so they can only be applied once the pool exists: the Pulumi program
 * creates the pool under the account-only policy, then puts this one (an `aws.kms.KeyPolicy` after the pool).
 */

/** The encryption context key Cognito sets to the pool's id on every code (see the code decryptor). */
export const CODE_CONTEXT_KEY = 'userpool-id';

export const KEY_POLICY_SIDS = {
  /** The account, and through it IAM policies, may do anything with the key (KMS's own default). */
  account: 'EnableIamUserPermissions',
  /** Cognito may create grants on the key on behalf of this pool of this account only. */
  cognito: 'CognitoGrantsForThisPool',
  /** The sender roles may decrypt codes of this pool. */
  senders: 'SendersDecryptCodesOfThisPool',
  /** Nobody else may decrypt (or re-encrypt elsewhere) anything whose context names a pool. */
  denyOthers: 'DenyCodeDecryptionToOthers',
} as const;

/**
 * `PolicyStatement` (iam-policies.ts) describes identity policies and trust policies: Allow only, a service
 * principal at most, one string per condition. A key policy needs more — a Deny, account and role
 * principals (`{ AWS }`) and `"*"`, several values for one condition key — and requires what that type leaves
 * optional: a Principal, and a Resource, which in a key policy is always `"*"` ("this KMS key"; a statement
 * without one has no effect). So a key policy statement is that type with those members replaced.
 */
export type KeyPolicyPrincipal = '*' | { readonly AWS: string | readonly string[] } | { readonly Service: string };

export interface KeyPolicyStatement extends Omit<PolicyStatement, 'Effect' | 'Principal' | 'Resource' | 'Condition'> {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: KeyPolicyPrincipal;
  readonly Resource: readonly ['*'];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface KeyPolicyDocument extends Omit<PolicyDocument, 'Statement'> {
  readonly Statement: readonly KeyPolicyStatement[];
}

export interface EncryptionKeyPolicyArgs {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly partition: string;
  readonly accountId: string;
  /** The key's and the pool's region. */
  readonly region: string;
  /** The pool and its id, once it exists and has a custom sender; both or neither. */
  readonly poolArn?: string;
  readonly poolId?: string;
  /** The roles of the custom email and SMS sender functions (one or two); none without a pool. */
  readonly senderRoleArns: readonly string[];
}

const PARTITION = /^aws(-[a-z]+)*$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const POOL_ID_SUFFIX = /^[0-9A-Za-z]+$/;
// Without a path: `aws:PrincipalArn` is compared with the role's ARN, and the functions' roles have none.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The ARN Cognito gives a pool, and passes as `aws:SourceArn`: `arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`. */
export function userPoolArn(partition: string, region: string, accountId: string, poolId: string): string {
  return `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${poolId}`;
}

function checkArgs(args: EncryptionKeyPolicyArgs): void {
  const { partition, accountId, region, poolArn, poolId, senderRoleArns } = args;
  if (!PARTITION.test(partition)) throw new Error(`"${partition}" is not an AWS partition`);
  if (!ACCOUNT.test(accountId)) throw new Error(`"${accountId}" is not an AWS account id`);
  if (!REGION.test(region)) throw new Error(`"${region}" is not an AWS region`);
  if ((poolArn === undefined) !== (poolId === undefined)) throw new Error('the pool needs both its ARN and its id, or neither');
  if (poolId === undefined) {
    if (senderRoleArns.length > 0) throw new Error('sender roles may decrypt codes only of a pool: give the pool too');
    return;
  }
  if (!poolId.startsWith(`${region}_`) || !POOL_ID_SUFFIX.test(poolId.slice(region.length + 1))) {
    throw new Error(`"${poolId}" is not the id of a user pool in ${region}`);
  }
  const expected = userPoolArn(partition, region, accountId, poolId);
  if (poolArn !== expected) throw new Error(`the pool's ARN "${poolArn}" is not ${expected}`);
  if (senderRoleArns.length === 0) throw new Error('a pool is given without the sender roles that decrypt its codes');
  const rolePrefix = `arn:${partition}:iam::${accountId}:role/`;
  for (const role of senderRoleArns) {
    if (!role.startsWith(rolePrefix) || !ROLE_NAME.test(role.slice(rolePrefix.length))) {
      throw new Error(`"${role}" is not the ARN of a role of account ${accountId} (without a path)`);
    }
  }
  if (new Set(senderRoleArns).size !== senderRoleArns.length) throw new Error('a sender role is given twice');
}

/**
 * The key's policy: the account statement alone without a pool; with one, also Cognito's grant for that
 * pool, the senders' decryption of its codes, and the Deny that keeps everyone else from them.
 */
export function encryptionKeyPolicy(args: EncryptionKeyPolicyArgs): KeyPolicyDocument {
  checkArgs(args);
  const { partition, accountId, poolArn, poolId } = args;
  const account: KeyPolicyStatement = {
    Sid: KEY_POLICY_SIDS.account,
    Effect: 'Allow',
    Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
    Action: ['kms:*'],
    Resource: ['*'],
  };
  if (poolArn === undefined || poolId === undefined) return { Version: '2012-10-17', Statement: [account] };

  const senders = [...args.senderRoleArns];
  return {
    Version: '2012-10-17',
    Statement: [
      account,
      {
        Sid: KEY_POLICY_SIDS.cognito,
        Effect: 'Allow',
        Principal: { Service: 'cognito-idp.amazonaws.com' },
        Action: ['kms:CreateGrant'],
        Resource: ['*'],
        // As the Cognito developer guide's statement: the account, and the pool (ArnLike on an ARN without
        // wildcards is an exact match).
        Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': poolArn } },
      },
      {
        Sid: KEY_POLICY_SIDS.senders,
        Effect: 'Allow',
        Principal: { AWS: senders },
        Action: ['kms:Decrypt'],
        Resource: ['*'],
        Condition: { StringEquals: { [`kms:EncryptionContext:${CODE_CONTEXT_KEY}`]: poolId } },
      },
      {
        Sid: KEY_POLICY_SIDS.denyOthers,
        Effect: 'Deny',
        // Every principal, services included (a request by a service principal has no aws:PrincipalArn, and
        // a negated operator on an absent key matches); only the sender roles' ARNs are exempt.
        Principal: '*',
        // ReEncryptFrom would hand the code's data key to another key the caller can decrypt with.
        Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
        Resource: ['*'],
        Condition: {
          // The context names a pool (the key part of the condition key is not case-sensitive).
          Null: { [`kms:EncryptionContext:${CODE_CONTEXT_KEY}`]: 'false' },
          ArnNotEquals: { 'aws:PrincipalArn': senders },
        },
      },
    ],
  };
}
