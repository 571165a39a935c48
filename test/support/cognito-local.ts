/** The tests run the sandbox's cognito-local, gaps and all (see sandbox/cognito/). */
export {
  startCognitoLocal,
  type CodeDelivery,
  type CognitoLocalHandle,
  type CognitoLocalOptions,
  type FaultOptions,
  type TriggerFunction,
} from '../../sandbox/cognito/cognito-local';
