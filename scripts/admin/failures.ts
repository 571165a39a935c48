import { DomainError, InvalidInputError, UnauditedUnlockError, UnknownAccountError } from '../../domain';
import { StackConfigError } from '../../infra/config';
import { UsageError } from './arguments';
import { TargetError } from './stack-outputs';
import type { Target } from './target';

export const EXIT = { ok: 0, failed: 1, usage: 2, unknownAccount: 3 } as const;

export interface Explained {
  readonly message: string;
  readonly exitCode: number;
  readonly usage?: boolean;
}

/** The SDK error under a domain error (adapters keep it as the cause), or the error itself. */
function rootCause(error: unknown): Error | undefined {
  let current = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    const cause = (current as { cause?: unknown }).cause;
    if (!(cause instanceof Error)) return current;
    current = cause;
  }
  return current instanceof Error ? current : undefined;
}

const REFUSED_CREDENTIALS = ['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch'];

/**
 * What went wrong, in a sentence that says what to do: the SDK's own errors are recognised by name
 * (a missing table, parameter or pool, missing or refused credentials, a refused permission).
 */
export function explainFailure(error: unknown, target?: Target): Explained {
  if (error instanceof UsageError) return { message: error.message, exitCode: EXIT.usage, usage: true };
  // The domain's own refusals of what was asked (an empty name, a period too long) are a wrong command line.
  if (error instanceof InvalidInputError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof UnknownAccountError) return { message: `unknown account: ${error.message}. Nothing was written.`, exitCode: EXIT.unknownAccount };
  if (error instanceof UnauditedUnlockError) {
    return { message: `${error.message}: the audit trail lacks this unlock, so record who did it and when elsewhere.`, exitCode: EXIT.failed };
  }
  if (error instanceof TargetError || error instanceof StackConfigError) return { message: error.message, exitCode: EXIT.failed };
  const cause = rootCause(error);
  const name = cause?.name ?? '';
  const where = target ? ` (${target.name}, region ${target.region})` : '';
  const nothing = ' Nothing was written.';
  if (name === 'CredentialsProviderError') {
    return {
      message:
        'no AWS credentials: sign in as for the AWS CLI (`aws sso login`, or AWS_PROFILE naming a configured profile, or ' +
        `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run against the local sandbox with --sandbox.${nothing}`,
      exitCode: EXIT.failed,
    };
  }
  if (REFUSED_CREDENTIALS.includes(name)) return { message: `AWS refused the credentials (${name}): refresh them (\`aws sso login\`) and try again.${nothing}`, exitCode: EXIT.failed };
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'NotAuthorizedException') {
    return { message: `AWS denied a call the command needs (${describe(error)})${where}: the operator needs the policy \`npm run admin -- policy\` prints.${nothing}`, exitCode: EXIT.failed };
  }
  if (name === 'ParameterNotFound' && target) {
    return { message: `no parameter ${target.accountKeyParameter}${where}: check --account-key-parameter (the stack output accountKeyParameter).${nothing}`, exitCode: EXIT.failed };
  }
  if (name === 'ResourceNotFoundException' && target) {
    const message = describe(error).startsWith('Cognito')
      ? `no user pool ${target.userPoolId ?? ''}${where}: check --user-pool-id (the stack output userPoolId).`
      : `no table ${target.tableName}${where}: check --table and --region (the stack outputs tableName and region).`;
    return { message: `${message}${nothing}`, exitCode: EXIT.failed };
  }
  if (error instanceof DomainError) return { message: `${error.message}.${nothing}`, exitCode: EXIT.failed };
  return { message: error instanceof Error ? error.message : String(error), exitCode: EXIT.failed };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
