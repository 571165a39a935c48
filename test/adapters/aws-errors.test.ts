import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { isTransientAwsError } from '../../adapters/aws-errors';
import { DeadlineExceededError } from '../../adapters/invocation-deadline';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** An error shaped as the SDK throws it for a service answer that has no class of its own. */
function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`${name} from the service`), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', ...metadata(httpStatusCode) });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

describe('adapters/aws-errors: what counts as "could not answer in time"', () => {
  const transient: [string, () => unknown][] = [
    ['a request timeout (throwOnRequestTimeout)', () => Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a refused connection', () => networkError('ECONNREFUSED')],
    ['a reset connection', () => networkError('ECONNRESET')],
    ['an unresolvable host', () => networkError('ENOTFOUND')],
    ['throttling', () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } })],
    ['ThrottlingException', () => serviceError('ThrottlingException', 400)],
    ['a 500', () => new InternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } })],
    ['a 503', () => serviceError('ServiceUnavailable', 503)],
    ['the invocation deadline', () => new DeadlineExceededError('no time left')],
    ['an abort (only the deadline aborts)', () => Object.assign(new Error('aborted'), { name: 'AbortError' })],
    ['a wrapped timeout (Powertools keeps the cause)', () => new Error('GetParameterError', { cause: networkError('ETIMEDOUT') })],
  ];
  for (const [name, error] of transient) {
    it(`transient: ${name}`, () => expect(isTransientAwsError(error())).to.equal(true));
  }

  const answers: [string, () => unknown][] = [
    ['a missing table', () => new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: { httpStatusCode: 400 } })],
    ['a missing permission', () => serviceError('AccessDeniedException', 400)],
    ['bad credentials', () => serviceError('UnrecognizedClientException', 400)],
    ['a rejected request (a key over the size limit)', () => serviceError('ValidationException', 400)],
    ['a failed condition', () => new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } })],
    ['a missing SSM parameter', () => serviceError('ParameterNotFound', 400)],
    ['a defect', () => new TypeError('cannot read properties of undefined')],
    ['not an error at all', () => 'ECONNREFUSED'],
  ];
  for (const [name, error] of answers) {
    it(`not transient: ${name}`, () => expect(isTransientAwsError(error())).to.equal(false));
  }
});
