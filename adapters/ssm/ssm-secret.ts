import type { SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { StoreRejectedError } from '../../domain';
import { awsFailure, STORE_FAILURES } from '../aws-errors';

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
      // `cached` keeps it for the life of the execution environment (the secret is not meant to change);
      // a second copy in the provider's own cache would serve nothing.
      value = await this.provider.get(this.parameterName, { decrypt: true, maxAge: 0 });
    } catch (error) {
      throw awsFailure(`SSM GetParameter (${this.parameterName})`, error, STORE_FAILURES);
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new StoreRejectedError(`SSM parameter ${this.parameterName} is empty`);
    }
    this.cached = value;
    return value;
  }
}
