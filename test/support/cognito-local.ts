/** The tests run the sandbox's cognito-local, gaps and all (see scripts/sandbox/cognito/). */
export {
  startCognitoLocal,
  type CodeDelivery,
  type CognitoLocalHandle,
  type CognitoLocalOptions,
  type FaultOptions,
  type TriggerFunction,
} from '../../scripts/sandbox/cognito/cognito-local';
