import type { Container } from 'inversify';
import * as z from 'zod/mini';
import type { MigrateUser, MigrationInput } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { compositionRoot, type Composition } from './composition/composition-root';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { migrationModule, readLegacyEndpointSecret } from './composition/modules/migration-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope } from './events/cognito-envelope';

const AUTHENTICATION = 'UserMigration_Authentication';
const FORGOT_PASSWORD = 'UserMigration_ForgotPassword';

const userMigrationEvent = z.extend(cognitoEnvelope, {
  request: z.extend(cognitoEnvelope.shape.request, {
    // Sign-in only; Cognito sends none in the forgot-password flow. Never logged, never echoed.
    password: z.optional(z.nullable(z.string())),
  }),
});

/**
 * UserMigration: Cognito found no user for what was typed, at a sign-in with a password
 * (USER_PASSWORD_AUTH; SRP never shows the password) or at ForgotPassword. A user the legacy directory
 * knows (and, at sign-in, authenticates) is handed back for Cognito to create — the allow-listed
 * attributes, the stack's final status, no welcome message. Anyone else gets the event back untouched:
 * an empty response is how Cognito is told "no such user", and it answers as it answers any unknown user
 * (with PreventUserExistenceErrors, "Incorrect username or password." or a simulated code delivery).
 *
 * Cognito's order for an unknown username with USER_PASSWORD_AUTH: PreAuthentication (`userNotFound:
 * true`, the typed `userName`), then UserMigration_Authentication (the same `userName`), then, once the
 * user exists and the password matched, PostAuthentication (the new user's own username).
 */
export function createUserMigrationHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'UserMigration',
      triggerSources: [AUTHENTICATION, FORGOT_PASSWORD],
      schema: userMigrationEvent,
      async run(event, container) {
        const input: MigrationInput =
          event.triggerSource === AUTHENTICATION
            ? { source: 'authentication', username: event.userName, password: event.request.password ?? '' }
            : { source: 'forgot-password', username: event.userName };
        const result = await container.get<MigrateUser>(TOKENS.MigrateUser).execute(input);
        const user = result.user;
        return {
          outcome: result.outcome,
          incidents: result.incidents,
          ...(result.denial ? { denial: result.denial } : {}),
          ...(user
            ? {
                response: {
                  userAttributes: user.attributes,
                  ...(user.finalUserStatus ? { finalUserStatus: user.finalUserStatus } : {}),
                  // The user is not new to the service: no invitation or welcome message from Cognito.
                  messageAction: 'SUPPRESS',
                },
              }
            : {}),
        };
      },
    },
    composition,
  );
}

/** The secrets UserMigration needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  return Promise.all([readAccountKeySecret(container), readLegacyEndpointSecret(container)]);
}

export const handler = createUserMigrationHandler(
  compositionRoot([ssmModule, accountKeysModule, dynamoDbModule, migrationModule], { warmUp }),
);
