import { expect } from 'chai';
import { POOL_CONTEXT_KEY } from '../../adapters/kms/esdk-code-decryptor';
import {
  CODE_CONTEXT_KEY,
  encryptionKeyPolicy,
  KEY_POLICY_SIDS,
  userPoolArn,
  type EncryptionKeyPolicyArgs,
  type KeyPolicyDocument,
  type KeyPolicyStatement,
} from '../../infra/key-policy';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const REGION = 'eu-west-1';
const POOL_ID = 'eu-west-1_AbC123xyz';
const POOL_ARN = `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/${POOL_ID}`;
const OTHER_POOL_ID = 'eu-west-1_Other0000';
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const EMAIL_SENDER = role('gatehouse-dev-custom-email-sender');
const SMS_SENDER = role('gatehouse-dev-custom-sms-sender');
const PRE_AUTHENTICATION = role('gatehouse-dev-pre-authentication');
const DEPLOYER = role('deployer');
const PARAMETER_ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/gatehouse-dev/account-key`;

const base = { partition: 'aws', accountId: ACCOUNT, region: REGION };
const WITHOUT_SENDERS: EncryptionKeyPolicyArgs = { ...base, senderRoleArns: [] };
const EMAIL_ONLY: EncryptionKeyPolicyArgs = { ...base, poolArn: POOL_ARN, poolId: POOL_ID, senderRoleArns: [EMAIL_SENDER] };
const BOTH: EncryptionKeyPolicyArgs = { ...base, poolArn: POOL_ARN, poolId: POOL_ID, senderRoleArns: [EMAIL_SENDER, SMS_SENDER] };

const ACCOUNT_STATEMENT = {
  Sid: 'EnableIamUserPermissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: ['kms:*'],
  Resource: ['*'],
};

const COGNITO_STATEMENT = {
  Sid: 'CognitoGrantsForThisPool',
  Effect: 'Allow',
  Principal: { Service: 'cognito-idp.amazonaws.com' },
  Action: ['kms:CreateGrant'],
  Resource: ['*'],
  Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': POOL_ARN } },
};

const sendersStatement = (senders: string[]) => ({
  Sid: 'SendersDecryptCodesOfThisPool',
  Effect: 'Allow',
  Principal: { AWS: senders },
  Action: ['kms:Decrypt'],
  Resource: ['*'],
  Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': POOL_ID } },
});

const denyStatement = (senders: string[]) => ({
  Sid: 'DenyCodeDecryptionToOthers',
  Effect: 'Deny',
  Principal: '*',
  Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
  Resource: ['*'],
  Condition: {
    Null: { 'kms:EncryptionContext:userpool-id': 'false' },
    ArnNotEquals: { 'aws:PrincipalArn': senders },
  },
});

// --- A small model of how KMS decides on a request (key policy only; no grants) -----------------------
// Enough to judge these documents, and no more: an operator or principal form it does not know fails the
// test instead of being guessed at. IAM semantics as documented: an absent key matches no positive
// operator and every negated one; Null tests presence; a value list matches if any value does (a negated
// operator if none does); condition key names are not case-sensitive (nor is the key part of
// kms:EncryptionContext:*), values are; the account principal (`:root`) delegates to IAM policies.

type Caller =
  | { readonly kind: 'iam'; readonly arn: string; readonly account: string; readonly iamAllows: boolean }
  | { readonly kind: 'service'; readonly service: string };

interface KmsRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** Global keys a service passes when it acts for one of its resources (aws:SourceArn, aws:SourceAccount). */
  readonly source?: { readonly account: string; readonly arn: string };
}

const glob = (pattern: string, value: string, ignoreCase = false) => {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
};

function contextValue(request: KmsRequest, key: string): string | undefined {
  const lower = key.toLowerCase();
  const prefix = 'kms:encryptioncontext:';
  if (lower.startsWith(prefix)) {
    const wanted = lower.slice(prefix.length);
    const found = Object.entries(request.encryptionContext ?? {}).find(([name]) => name.toLowerCase() === wanted);
    return found?.[1];
  }
  switch (lower) {
    case 'aws:principalarn':
      return request.caller.kind === 'iam' ? request.caller.arn : undefined;
    case 'aws:sourcearn':
      return request.source?.arn;
    case 'aws:sourceaccount':
      return request.source?.account;
    default:
      throw new Error(`the model does not know the condition key ${key}`);
  }
}

function conditionHolds(operator: string, key: string, values: readonly string[], request: KmsRequest): boolean {
  const actual = contextValue(request, key);
  switch (operator) {
    case 'StringEquals':
      return actual !== undefined && values.includes(actual);
    case 'ArnLike':
    case 'ArnEquals':
      return actual !== undefined && values.some((value) => glob(value, actual));
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return actual === undefined || !values.some((value) => glob(value, actual));
    case 'Null':
      if (values.length !== 1 || (values[0] !== 'true' && values[0] !== 'false')) throw new Error(`Null takes "true" or "false"`);
      return (actual === undefined) === (values[0] === 'true');
    default:
      throw new Error(`the model does not know the operator ${operator}`);
  }
}

const list = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : value);

/** 'match' for a principal the statement names; 'delegated' when it names the caller's account (IAM decides). */
function principalMatch(statement: KeyPolicyStatement, caller: Caller): 'match' | 'delegated' | 'no' {
  const principal = statement.Principal;
  if (principal === '*') return 'match';
  if ('Service' in principal) return caller.kind === 'service' && caller.service === principal.Service ? 'match' : 'no';
  if (caller.kind !== 'iam') return 'no';
  for (const arn of list(principal.AWS)) {
    if (arn === '*' || arn === caller.arn) return 'match';
    if (/^arn:[^:]+:iam::\d{12}:root$/.test(arn)) {
      if (arn.split(':')[4] === caller.account) return 'delegated';
    } else if (!/^arn:[^:]+:iam::\d{12}:role\/[^/]+$/.test(arn)) {
      throw new Error(`the model does not know the principal ${arn}`);
    }
  }
  return 'no';
}

function applies(statement: KeyPolicyStatement, request: KmsRequest): 'match' | 'delegated' | 'no' {
  if (!statement.Action.some((action) => glob(action, request.action, true))) return 'no';
  const principal = principalMatch(statement, request.caller);
  if (principal === 'no') return 'no';
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      if (!conditionHolds(operator, key, list(value), request)) return 'no';
    }
  }
  return principal;
}

function decide(document: KeyPolicyDocument, request: KmsRequest): 'allowed' | 'denied' | 'implicitly denied' {
  const matching = document.Statement.map((statement) => [statement, applies(statement, request)] as const);
  if (matching.some(([statement, match]) => statement.Effect === 'Deny' && match !== 'no')) return 'denied';
  const allowed = matching.some(
    ([statement, match]) =>
      statement.Effect === 'Allow' && (match === 'match' || (match === 'delegated' && request.caller.kind === 'iam' && request.caller.iamAllows)),
  );
  return allowed ? 'allowed' : 'implicitly denied';
}

// --- Who asks, and with what -----------------------------------------------------------------------------

const iam = (arn: string, iamAllows: boolean): Caller => ({ kind: 'iam', arn, account: arn.split(':')[4] ?? '', iamAllows });
const COGNITO: Caller = { kind: 'service', service: 'cognito-idp.amazonaws.com' };
const ROOT_USER = iam(`arn:aws:iam::${ACCOUNT}:root`, true);

/** The context of a code Cognito encrypted for a pool, as the Encryption SDK sends it to KMS. */
const codeContext = (poolId: string) => ({ 'aws-crypto-public-key': 'AlczLFaGrh5wIhxGCVS7Ctf+8SOXp197v+wYRZha/igA', 'userpool-id': poolId });
const ssmContext = { PARAMETER_ARN: PARAMETER_ARN };

/** Every principal but the senders, each as privileged as IAM can make it. */
const OTHERS: readonly [string, Caller][] = [
  ['the account root user', ROOT_USER],
  ['the deploying role (IAM allows kms:*)', iam(DEPLOYER, true)],
  ['another trigger role (IAM allows kms:Decrypt)', iam(PRE_AUTHENTICATION, true)],
  ['a role of another account', iam(role('attacker', OTHER_ACCOUNT), true)],
  ['the Cognito service principal', COGNITO],
  ['another service principal', { kind: 'service', service: 'ssm.amazonaws.com' }],
];

describe('infra: the encryption key policy', () => {
  it('is the account statement alone, as the default KMS gives a key, for a stack without custom senders', () => {
    expect(encryptionKeyPolicy(WITHOUT_SENDERS)).to.deep.equal({ Version: '2012-10-17', Statement: [ACCOUNT_STATEMENT] });
  });

  it('adds Cognito for this pool, the email sender role decrypting its codes and the Deny for the others, with the email sender only', () => {
    expect(encryptionKeyPolicy(EMAIL_ONLY)).to.deep.equal({
      Version: '2012-10-17',
      Statement: [ACCOUNT_STATEMENT, COGNITO_STATEMENT, sendersStatement([EMAIL_SENDER]), denyStatement([EMAIL_SENDER])],
    });
  });

  it('names both sender roles, in both statements, with both senders', () => {
    expect(encryptionKeyPolicy(BOTH)).to.deep.equal({
      Version: '2012-10-17',
      Statement: [ACCOUNT_STATEMENT, COGNITO_STATEMENT, sendersStatement([EMAIL_SENDER, SMS_SENDER]), denyStatement([EMAIL_SENDER, SMS_SENDER])],
    });
  });

  it('follows the partition, the region and the account', () => {
    const poolId = 'us-gov-west-1_Q1w2E3r4';
    const sender = 'arn:aws-us-gov:iam::210987654321:role/sender';
    const document = encryptionKeyPolicy({
      partition: 'aws-us-gov',
      accountId: OTHER_ACCOUNT,
      region: 'us-gov-west-1',
      poolId,
      poolArn: `arn:aws-us-gov:cognito-idp:us-gov-west-1:${OTHER_ACCOUNT}:userpool/${poolId}`,
      senderRoleArns: [sender],
    });
    const [account, cognito] = document.Statement;
    expect(account?.Principal).to.deep.equal({ AWS: `arn:aws-us-gov:iam::${OTHER_ACCOUNT}:root` });
    expect(cognito?.Condition).to.deep.equal({
      StringEquals: { 'aws:SourceAccount': OTHER_ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws-us-gov:cognito-idp:us-gov-west-1:${OTHER_ACCOUNT}:userpool/${poolId}` },
    });
    expect(userPoolArn('aws', REGION, ACCOUNT, POOL_ID)).to.equal(POOL_ARN);
  });

  it('conditions codes on the context key the code decryptor checks', () => {
    expect(CODE_CONTEXT_KEY).to.equal(POOL_CONTEXT_KEY);
  });

  it('gives every statement a unique Sid, a Principal and the Resource "*" (this key), and serialises to JSON unchanged', () => {
    for (const args of [WITHOUT_SENDERS, EMAIL_ONLY, BOTH]) {
      const document = encryptionKeyPolicy(args);
      const sids = document.Statement.map((statement) => statement.Sid);
      expect(new Set(sids).size).to.equal(sids.length);
      expect(sids.every((sid) => /^[A-Za-z0-9]+$/.test(sid))).to.equal(true);
      for (const statement of document.Statement) {
        expect(statement.Principal, statement.Sid).to.not.equal(undefined);
        expect(statement.Resource, statement.Sid).to.deep.equal(['*']);
      }
      expect(JSON.parse(JSON.stringify(document))).to.deep.equal(document);
    }
    expect(Object.values(KEY_POLICY_SIDS)).to.have.members(encryptionKeyPolicy(BOTH).Statement.map((statement) => statement.Sid));
  });

  it('lets no statement but the senders statement allow Decrypt to a named principal, and that one only for this pool', () => {
    for (const args of [EMAIL_ONLY, BOTH]) {
      const decrypting = encryptionKeyPolicy(args).Statement.filter(
        (statement) => statement.Effect === 'Allow' && statement.Action.some((action) => glob(action, 'kms:Decrypt', true)),
      );
      // The account statement delegates to IAM; the Deny (below) is what keeps IAM policies from the codes.
      expect(decrypting.map((statement) => statement.Sid)).to.deep.equal([KEY_POLICY_SIDS.account, KEY_POLICY_SIDS.senders]);
      const senders = decrypting[1];
      expect(senders?.Principal).to.deep.equal({ AWS: args.senderRoleArns });
      expect(senders?.Condition).to.deep.equal({ StringEquals: { 'kms:EncryptionContext:userpool-id': POOL_ID } });
    }
  });

  describe('decides as intended (a model of how KMS evaluates the key policy)', () => {
    const document = encryptionKeyPolicy(BOTH);

    it('lets the sender roles decrypt codes of this pool on the key policy alone, and not codes of another pool', () => {
      for (const sender of [EMAIL_SENDER, SMS_SENDER]) {
        expect(decide(document, { caller: iam(sender, false), action: 'kms:Decrypt', encryptionContext: codeContext(POOL_ID) })).to.equal('allowed');
        expect(decide(document, { caller: iam(sender, false), action: 'kms:Decrypt', encryptionContext: codeContext(OTHER_POOL_ID) })).to.equal(
          'implicitly denied',
        );
      }
    });

    it('denies codes (any pool, any spelling of the key) to every other principal, whatever IAM allows, and ReEncryptFrom too', () => {
      for (const [name, caller] of OTHERS) {
        for (const context of [codeContext(POOL_ID), codeContext(OTHER_POOL_ID), { 'UserPool-Id': POOL_ID }]) {
          expect(decide(document, { caller, action: 'kms:Decrypt', encryptionContext: context }), name).to.equal('denied');
          expect(decide(document, { caller, action: 'kms:ReEncryptFrom', encryptionContext: context }), name).to.equal('denied');
        }
      }
    });

    it('leaves the SSM SecureStrings to IAM: a function role IAM allows decrypts them, one it does not cannot', () => {
      for (const caller of [iam(PRE_AUTHENTICATION, true), iam(EMAIL_SENDER, true), iam(DEPLOYER, true)]) {
        expect(decide(document, { caller, action: 'kms:Decrypt', encryptionContext: ssmContext })).to.equal('allowed');
      }
      expect(decide(document, { caller: iam(PRE_AUTHENTICATION, false), action: 'kms:Decrypt', encryptionContext: ssmContext })).to.equal(
        'implicitly denied',
      );
      expect(decide(document, { caller: iam(role('other', OTHER_ACCOUNT), true), action: 'kms:Decrypt', encryptionContext: ssmContext })).to.equal(
        'implicitly denied',
      );
    });

    it('cannot lock out the administrators: the account keeps every administrative action (the lockout check passes)', () => {
      const administration = [
        'kms:PutKeyPolicy',
        'kms:GetKeyPolicy',
        'kms:CreateGrant',
        'kms:RevokeGrant',
        'kms:ScheduleKeyDeletion',
        'kms:EnableKeyRotation',
        'kms:DescribeKey',
      ];
      for (const args of [WITHOUT_SENDERS, EMAIL_ONLY, BOTH]) {
        for (const action of administration) {
          for (const caller of [ROOT_USER, iam(DEPLOYER, true)]) {
            expect(decide(encryptionKeyPolicy(args), { caller, action }), action).to.equal('allowed');
          }
        }
      }
      // The Deny names only the two actions that yield a code's data key.
      const deny = document.Statement.find((statement) => statement.Effect === 'Deny');
      expect(deny?.Action).to.deep.equal(['kms:Decrypt', 'kms:ReEncryptFrom']);
      expect(document.Statement.filter((statement) => statement.Effect === 'Deny')).to.have.length(1);
    });

    it('lets the deploying principal create the grant Cognito needs, and SSM encrypt, while the policy is in place', () => {
      expect(decide(document, { caller: iam(DEPLOYER, true), action: 'kms:CreateGrant', encryptionContext: { 'userpool-id': POOL_ID } })).to.equal('allowed');
      for (const action of ['kms:Encrypt', 'kms:GenerateDataKey']) {
        expect(decide(document, { caller: iam(DEPLOYER, true), action, encryptionContext: ssmContext })).to.equal('allowed');
      }
    });

    it('lets Cognito create grants for this pool of this account only, and use no other action from the key policy', () => {
      const forThisPool = { account: ACCOUNT, arn: POOL_ARN };
      expect(decide(document, { caller: COGNITO, action: 'kms:CreateGrant', source: forThisPool })).to.equal('allowed');
      expect(decide(document, { caller: COGNITO, action: 'kms:CreateGrant' })).to.equal('implicitly denied');
      expect(
        decide(document, { caller: COGNITO, action: 'kms:CreateGrant', source: { account: ACCOUNT, arn: userPoolArn('aws', REGION, ACCOUNT, OTHER_POOL_ID) } }),
      ).to.equal('implicitly denied');
      expect(
        decide(document, {
          caller: COGNITO,
          action: 'kms:CreateGrant',
          source: { account: OTHER_ACCOUNT, arn: userPoolArn('aws', REGION, OTHER_ACCOUNT, POOL_ID) },
        }),
      ).to.equal('implicitly denied');
      for (const action of ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt', 'kms:PutKeyPolicy']) {
        expect(decide(document, { caller: COGNITO, action, source: forThisPool, encryptionContext: codeContext(POOL_ID) }), action).to.not.equal('allowed');
      }
    });

    it('gives nothing to anyone outside the account, and without a pool gives no service anything', () => {
      const outsider = iam(role('attacker', OTHER_ACCOUNT), true);
      for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:PutKeyPolicy']) {
        expect(decide(document, { caller: outsider, action, encryptionContext: ssmContext }), action).to.not.equal('allowed');
        expect(
          decide(encryptionKeyPolicy(WITHOUT_SENDERS), { caller: COGNITO, action, source: { account: ACCOUNT, arn: POOL_ARN } }),
          action,
        ).to.equal('implicitly denied');
      }
    });
  });

  it('refuses arguments that would make a policy for the wrong pool, account or principals', () => {
    const cases: [string, EncryptionKeyPolicyArgs][] = [
      ['a partition', { ...WITHOUT_SENDERS, partition: 'azure' }],
      ['an account id', { ...WITHOUT_SENDERS, accountId: '1234' }],
      ['a region', { ...WITHOUT_SENDERS, region: 'Europe' }],
      ['the pool ARN without its id', { ...base, poolArn: POOL_ARN, senderRoleArns: [EMAIL_SENDER] }],
      ['the pool id without its ARN', { ...base, poolId: POOL_ID, senderRoleArns: [EMAIL_SENDER] }],
      ['senders without a pool', { ...base, senderRoleArns: [EMAIL_SENDER] }],
      ['a pool without senders', { ...EMAIL_ONLY, senderRoleArns: [] }],
      ['a pool id of another region', { ...EMAIL_ONLY, poolId: 'us-east-1_AbC123xyz', poolArn: userPoolArn('aws', 'us-east-1', ACCOUNT, 'us-east-1_AbC123xyz') }],
      ['a pool ARN of another pool', { ...EMAIL_ONLY, poolArn: userPoolArn('aws', REGION, ACCOUNT, OTHER_POOL_ID) }],
      ['a pool ARN of another account', { ...EMAIL_ONLY, poolArn: userPoolArn('aws', REGION, OTHER_ACCOUNT, POOL_ID) }],
      ['a sender role of another account', { ...EMAIL_ONLY, senderRoleArns: [role('sender', OTHER_ACCOUNT)] }],
      ['a sender that is a user', { ...EMAIL_ONLY, senderRoleArns: [`arn:aws:iam::${ACCOUNT}:user/sender`] }],
      ['a sender role with a path', { ...EMAIL_ONLY, senderRoleArns: [role('service-role/sender')] }],
      ['the account as a sender', { ...EMAIL_ONLY, senderRoleArns: [`arn:aws:iam::${ACCOUNT}:root`] }],
      ['a wildcard sender', { ...EMAIL_ONLY, senderRoleArns: [role('*')] }],
      ['a sender role twice', { ...EMAIL_ONLY, senderRoleArns: [EMAIL_SENDER, EMAIL_SENDER] }],
    ];
    for (const [name, args] of cases) expect(() => encryptionKeyPolicy(args), name).to.throw(Error);
  });
});
