import type { LegacyAuthentication, LegacyLookUp } from '../model/legacy-user';

/**
 * The user directory a pool migrates from (an older Cognito pool, an HTTP service of the old system).
 * An unknown username and a wrong password are answers, not errors. Implementations throw
 * `LegacyDirectoryUnavailableError` when the directory cannot answer in time and
 * `LegacyDirectoryRejectedError` when it refuses Gatehouse itself (a missing permission, a bad signature):
 * neither may ever be mistaken for an answer about the user.
 */
export interface LegacyDirectory {
  authenticate(username: string, password: string): Promise<LegacyAuthentication>;
  lookUp(username: string): Promise<LegacyLookUp>;
}
