import { expect } from 'chai';
import { awsFailure, DIRECTORY_FAILURES, STORE_FAILURES } from '../../../adapters/aws-errors';
import { InvalidInputError, UnauditedUnlockError, UnknownAccountError } from '../../../domain';
import { UsageError } from '../../../scripts/admin/arguments';
import { EXIT, explainFailure } from '../../../scripts/admin/failures';
import type { Target } from '../../../scripts/admin/target';

const TARGET: Target = { name: 'stack prod', region: 'eu-west-1', tableName: 'gatehouse-prod', accountKeyParameter: '/gatehouse-prod/account-key', userPoolId: 'eu-west-1_AbC' };
const sdkError = (name: string) => Object.assign(new Error(`${name} from the service`), { name, $metadata: { httpStatusCode: 400 } });

describe('scripts/admin/failures: what an operator reads when a command fails', () => {
  it('says how to provide credentials when the default chain found none, under whatever wraps it', () => {
    const explained = explainFailure(awsFailure('DynamoDB Query (account)', sdkError('CredentialsProviderError'), STORE_FAILURES), TARGET);
    expect(explained.exitCode).to.equal(EXIT.failed);
    expect(explained.message).to.match(/^no AWS credentials: sign in as for the AWS CLI .*Nothing was written\.$/);
  });

  it('tells expired or refused credentials from a refused permission', () => {
    expect(explainFailure(sdkError('ExpiredTokenException'), TARGET).message).to.contain('AWS refused the credentials (ExpiredTokenException): refresh them');
    expect(explainFailure(awsFailure('DynamoDB DeleteItem (unlock)', sdkError('AccessDeniedException'), STORE_FAILURES), TARGET).message).to.equal(
      'AWS denied a call the command needs (DynamoDB DeleteItem (unlock) failed (AccessDeniedException)) (stack prod, region eu-west-1): ' +
        'the operator needs the policy `npm run admin -- policy` prints. Nothing was written.',
    );
  });

  it('names the missing table or pool with the flag and output to check', () => {
    expect(explainFailure(awsFailure('DynamoDB Query (account)', sdkError('ResourceNotFoundException'), STORE_FAILURES), TARGET).message).to.contain(
      'no table gatehouse-prod (stack prod, region eu-west-1): check --table and --region',
    );
    expect(explainFailure(awsFailure('Cognito AdminGetUser', sdkError('ResourceNotFoundException'), DIRECTORY_FAILURES), TARGET).message).to.contain(
      'no user pool eu-west-1_AbC (stack prod, region eu-west-1): check --user-pool-id',
    );
  });

  it('reports an unaudited unlock as done, never as nothing written', () => {
    const explained = explainFailure(new UnauditedUnlockError('the account was unlocked, but DynamoDB PutItem (audit of the unlock) failed (ThrottlingException)'), TARGET);
    expect(explained.message).to.contain('the account was unlocked');
    expect(explained.message).to.not.contain('Nothing was written');
  });

  it('exits 2 for usage and 3 for an unknown account', () => {
    expect(explainFailure(new UsageError('name a command'))).to.deep.equal({ message: 'name a command', exitCode: EXIT.usage, usage: true });
    expect(explainFailure(new UnknownAccountError('the pool has no user x')).exitCode).to.equal(EXIT.unknownAccount);
    expect(explainFailure(new InvalidInputError('the period may span at most 90 days'))).to.deep.equal({ message: 'the period may span at most 90 days', exitCode: EXIT.usage });
  });
});
