import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';

/** How long STS gets to answer, per attempt. */
const TIMEOUT_MS = 10_000;

/**
 * Who the operator is to AWS: `sts:GetCallerIdentity`, which every identity may call (it needs no
 * permission), with the operator's credentials from the SDK's default chain (the same provider the
 * command's other clients use). `AWS_ENDPOINT_URL_STS` points it elsewhere, as the SDK reads it.
 */
export async function callerArn(region: string, credentials: STSClientConfig['credentials'], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const endpoint = env.AWS_ENDPOINT_URL_STS;
  const sts = new STSClient({
    region,
    credentials,
    maxAttempts: 2,
    requestHandler: { requestTimeout: TIMEOUT_MS, connectionTimeout: TIMEOUT_MS },
    ...(endpoint ? { endpoint } : {}),
  });
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Arn) throw new Error('STS GetCallerIdentity answered without an ARN');
    return Arn;
  } finally {
    sts.destroy();
  }
}
