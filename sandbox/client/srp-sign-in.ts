import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';

/** Where a client signs in: a pool API's endpoint, a pool and one of its app clients. */
export interface PoolEndpoint {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
}

export interface SignInOptions {
  /** Sent as InitiateAuth's ClientMetadata (PreAuthentication's `validationData`). */
  readonly validationData?: Record<string, string>;
  /** Sent as ClientMetadata when there is no validation data (both calls carry it). */
  readonly clientMetadata?: Record<string, string>;
}

/**
 * Signs in as a browser would with amazon-cognito-identity-js: `CognitoUser.authenticateUser`, which runs
 * USER_SRP_AUTH (InitiateAuth, then RespondToAuthChallenge with the password proof) against the pool's
 * endpoint. Resolves with the session, or rejects with the error Cognito's answer became.
 */
export function signInWithSrp(target: PoolEndpoint, username: string, password: string, options: SignInOptions = {}): Promise<CognitoUserSession> {
  const store = new Map<string, string>();
  const storage = {
    setItem: (key: string, value: string) => void store.set(key, value),
    getItem: (key: string) => store.get(key) ?? null,
    removeItem: (key: string) => void store.delete(key),
    clear: () => store.clear(),
  };
  const pool = new CognitoUserPool({ UserPoolId: target.userPoolId, ClientId: target.clientId, endpoint: target.endpoint, Storage: storage });
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  const details = new AuthenticationDetails({
    Username: username,
    Password: password,
    ...(options.validationData ? { ValidationData: options.validationData } : {}),
    ...(options.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
  });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: (session) => resolve(session),
      onFailure: (error: { code?: string; message?: string }) => reject(Object.assign(new Error(error.message), { code: error.code ?? 'Unknown' })),
      newPasswordRequired: () => reject(Object.assign(new Error('new password required'), { code: 'NEW_PASSWORD_REQUIRED' })),
      mfaRequired: () => reject(Object.assign(new Error('MFA required'), { code: 'SMS_MFA' })),
      totpRequired: () => reject(Object.assign(new Error('TOTP required'), { code: 'SOFTWARE_TOKEN_MFA' })),
    });
  });
}
