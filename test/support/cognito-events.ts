/**
 * Cognito trigger events with the field set Cognito really sends (see the Cognito developer guide,
 * "Lambda trigger sources" and each trigger's event shape).
 */
export const POOL_ID = 'eu-west-1_gAtEh0uSe';
export const CLIENT_ID = '4example23456789abcdefghij';

export interface Person {
  readonly userName: string;
  readonly sub: string;
  readonly email: string;
}

export const jane: Person = {
  userName: '6a1f2c3e-0b4d-4e5f-8a9b-0c1d2e3f4a5b',
  sub: '6a1f2c3e-0b4d-4e5f-8a9b-0c1d2e3f4a5b',
  email: 'jane.doe@example.com',
};

function envelope(triggerSource: string, userName: string) {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: POOL_ID,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: CLIENT_ID },
    triggerSource,
  };
}

function attributes(person: Person) {
  return {
    sub: person.sub,
    email_verified: 'true',
    'cognito:user_status': 'CONFIRMED',
    email: person.email,
  };
}

export function preAuthenticationEvent(person: Person) {
  return {
    ...envelope('PreAuthentication_Authentication', person.userName),
    request: { userAttributes: attributes(person), validationData: {} },
    response: {},
  };
}

/** What Cognito sends for a username it does not know, with PreventUserExistenceErrors=ENABLED. */
export function unknownUserPreAuthenticationEvent(typedUsername: string) {
  return {
    ...envelope('PreAuthentication_Authentication', typedUsername),
    request: { userAttributes: {}, validationData: {}, userNotFound: true },
    response: {},
  };
}

export function postAuthenticationEvent(person: Person, newDeviceUsed = false) {
  return {
    ...envelope('PostAuthentication_Authentication', person.userName),
    request: { userAttributes: attributes(person), newDeviceUsed, clientMetadata: {} },
    response: {},
  };
}

export function postConfirmationEvent(
  person: Person,
  triggerSource: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
) {
  return {
    ...envelope(triggerSource, person.userName),
    request: { userAttributes: attributes(person), clientMetadata: {} },
    response: {},
  };
}

export type PreSignUpSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';

/** PreSignUp runs before the user exists: its `userName` is what the user or the administrator chose. */
export function preSignUpEvent(
  triggerSource: PreSignUpSource,
  email: string | undefined,
  userName = 'new-user-0001',
  captchaToken = 'widget-token-0001',
) {
  const attributes: Record<string, string> = email === undefined ? {} : { email };
  if (triggerSource === 'PreSignUp_ExternalProvider') attributes['cognito:user_status'] = 'EXTERNAL_PROVIDER';
  return {
    ...envelope(triggerSource, triggerSource === 'PreSignUp_ExternalProvider' ? 'google_104729835732811298543' : userName),
    request: {
      userAttributes: attributes,
      validationData: triggerSource === 'PreSignUp_SignUp' ? { captchaToken } : null,
      clientMetadata: {},
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

export function lambdaContext(functionName: string, awsRequestId = `req-${Math.random().toString(16).slice(2)}`) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/23/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 5000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * A pre token generation event as the developer guide lays it out: version "1" with the ID token's
 * groups (V1_0), or version "2" with the access token's scopes too (V2_0), and the response Cognito
 * sends empty. `claimsToAddOrOverride`-style extras come in as user attributes.
 */
export function preTokenGenerationEvent(
  person: Person,
  options: {
    readonly version?: 'V1_0' | 'V2_0';
    readonly triggerSource?: string;
    readonly groups?: readonly string[];
    readonly attributes?: Readonly<Record<string, string>>;
  } = {},
) {
  const v2 = options.version === 'V2_0';
  return {
    ...envelope(options.triggerSource ?? 'TokenGeneration_Authentication', person.userName),
    version: v2 ? '2' : '1',
    request: {
      userAttributes: { ...attributes(person), ...options.attributes },
      groupConfiguration: { groupsToOverride: [...(options.groups ?? [])], iamRolesToOverride: [], preferredRole: null },
      ...(v2 ? { scopes: ['aws.cognito.signin.user.admin'] } : {}),
    },
    response: v2 ? { claimsAndScopeOverrideDetails: null } : { claimsOverrideDetails: null },
  };
}

/**
 * UserMigration at a sign-in with USER_PASSWORD_AUTH: the typed username, the password, InitiateAuth's
 * ClientMetadata as `validationData`, and a response whose fields are all unset.
 */
export function userMigrationAuthenticationEvent(typedUsername: string, password: string) {
  return {
    ...envelope('UserMigration_Authentication', typedUsername),
    request: { password, validationData: {} },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  };
}

/** UserMigration at ForgotPassword: no password, ForgotPassword's ClientMetadata as `clientMetadata`. */
export function userMigrationForgotPasswordEvent(typedUsername: string) {
  return {
    ...envelope('UserMigration_ForgotPassword', typedUsername),
    request: { clientMetadata: {} },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  };
}
