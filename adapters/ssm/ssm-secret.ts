import type { SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { StoreRejectedError, StoreUnavailableError } from '../../domain';
import { errorName, isTransientAwsError } from '../aws-errors';

/**
 * A secret kept as an SSM SecureString (encrypted under the stack's KMS key), read and decrypted once
 * per cold start through Powertools Parameters. It never reaches an environment variable: the
 * function knows only the parameter's name.
 */
export class SsmSecret {
  private readonly provider: SSMProvider;
  private cached?: string;
  private inflight?: Promise<string>;

  constructor(
    client: SSMClient,
    private readonly parameterName: string,
  ) {
    this.provider = new SSMProvider({ awsSdkV3Client: client });
  }

  /**
   * The decrypted value: read once, shared by concurrent callers (a read started at load time serves
   * the first invocation), and read again after a failure.
   */
  value(): Promise<string> {
    if (this.cached !== undefined) return Promise.resolve(this.cached);
    this.inflight ??= this.read().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async read(): Promise<string> {
    let value: string | undefined;
    try {
      // Kept for the life of the execution environment: the secret is not meant to change.
      value = await this.provider.get(this.parameterName, { decrypt: true, maxAge: Number.MAX_SAFE_INTEGER });
    } catch (error) {
      const message = `SSM GetParameter (${this.parameterName}) failed (${errorName(error)})`;
      throw isTransientAwsError(error)
        ? new StoreUnavailableError(message, { cause: error })
        : new StoreRejectedError(message, { cause: error });
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new StoreRejectedError(`SSM parameter ${this.parameterName} is empty`);
    }
    this.cached = value;
    return value;
  }
}
