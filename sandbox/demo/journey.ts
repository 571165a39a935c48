import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StackConfig } from '../../infra/config';
import { answer, fragmentOf, linkIn, requestLink, signInWithLink } from '../client/magic-link-sign-in';
import { NotRefusedError, refusalOf } from '../client/refusal';
import { signInWithSrp } from '../client/srp-sign-in';
import { ConsoleClient } from './console-client';
import { LEGACY_POOL_NAME } from '../legacy/demo-users';
import { JourneyError, seconds, waitUntil } from './waiting';

export { JourneyError } from './waiting';

/** The sandbox the journey runs against: what `npm start` announces. */
export interface JourneyTarget {
  readonly stack: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly timeScale: number;
  readonly endpoints: { readonly cognito?: string; readonly console?: string; readonly legacy?: string };
}

export interface JourneyOptions {
  /** The stack's configuration, read by the same code as the sandbox's. */
  readonly config: StackConfig;
  /** Each line of the transcript, as it happens. */
  readonly print: (line: string) => void;
  /** Makes this run's addresses its own, so the journey can run again over kept data. */
  readonly runId: string;
  /** The sandbox stops when the journey ends (the demo started it): no console to point at afterwards. */
  readonly stopsAfterwards?: boolean;
}

export interface StepRecord {
  readonly title: string;
  readonly outcome: 'done' | 'skipped';
}

const REFUSED_FOR_DEMO = 'mailinator.com';
/** A number reserved for drama by Ofcom: never anyone's. */
const PHONE = '+447700900123';

/**
 * The demo journey: what a newcomer wants to see a Gatehouse pool do, against a running sandbox, each
 * step checked (a step that does not go as a Gatehouse pool should ends the journey with the reason).
 * Steps the stack's configuration rules out are skipped with a note, never faked.
 */
export async function runJourney(target: JourneyTarget, options: JourneyOptions): Promise<StepRecord[]> {
  const { config, print, runId } = options;
  if (!target.endpoints.cognito || !target.endpoints.console) throw new JourneyError('the sandbox announces no pool or console endpoint');
  const pool = { endpoint: target.endpoints.cognito, userPoolId: target.userPoolId, clientId: target.clientId };
  const cognito = new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: target.region,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  const console = new ConsoleClient(target.endpoints.console);
  const steps: StepRecord[] = [];
  let number = 0;
  const step = async (title: string, body: () => Promise<'skipped' | void>) => {
    number += 1;
    print('');
    print(`${number}. ${title}`);
    const outcome = (await body()) === 'skipped' ? 'skipped' : 'done';
    steps.push({ title, outcome });
  };
  const say = (line: string) => print(`   ${line}`);
  const domain = config.signUp.allowedDomains[0]?.replace(/^\*\./, 'app.') ?? 'example.com';
  const address = (name: string) => `${name}+${runId}@${domain}`;
  const password = `demo passphrase ${runId} long enough`;
  const validationData = async () =>
    config.signUp.captcha.provider === 'none' ? [] : [{ Name: 'captchaToken', Value: await console.captchaToken() }];
  const personalised = config.messages.email === 'custom-message';
  /** The pool's emails sent by Gatehouse's custom email sender: the same templates, another way out. */
  const sentBySender = config.messages.email === 'custom-sender';
  const inUserLanguage = personalised || sentBySender;
  /** With personalised messages, the main user reads French: the templates' language follows the user's. */
  const LOCALE = 'fr';
  const signUp = async (email: string, attributes: { Name: string; Value: string }[] = []) =>
    cognito.send(
      new SignUpCommand({
        ClientId: pool.clientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }, ...attributes],
        ValidationData: await validationData(),
      }),
    );

  try {
    print(`Gatehouse demo — stack "${target.stack}", pool ${target.userPoolId}, console ${target.endpoints.console}`);

    await step('Sign up with an address the stack refuses', async () => {
      const refused = refusedAddress(config, runId);
      if (!refused) {
        say('This stack refuses no domain (no blocked domains, throw-away addresses allowed): nothing to show.');
        return 'skipped';
      }
      say(`SignUp ${refused.address}  (${refused.why})`);
      const error = await failure(signUp(refused.address));
      expect(error.name === 'UserLambdaValidationException', `the sign-up was not refused by PreSignUp (${error.name}: ${error.message})`);
      say(`→ refused: ${error.message}`);
    });

    let unconfirmed: { email: string; username: string } | undefined;
    let signedUpAt = 0;
    if (config.signUp.reminders.enabled) {
      await step('Someone signs up and never confirms (the reminder workflow takes it from here)', async () => {
        const email = address('lin');
        signedUpAt = Date.now() - 1000;
        const { UserSub } = await signUp(email);
        unconfirmed = { email, username: String(UserSub) };
        say(`SignUp ${email} → UNCONFIRMED, user ${UserSub}`);
        const workflows = await console.workflows();
        const started = workflows.find((execution) => execution.username === UserSub);
        expect(started !== undefined, 'no reminder workflow started for the sign-up');
        say(`→ reminder workflow ${started?.name} is ${started?.status}`);
      });
    }

    const email = address('ada');
    let username = '';
    await step('Sign up properly', async () => {
      say(`SignUp ${email}${inUserLanguage ? ` (locale ${LOCALE}, name Ada)` : ''}`);
      const { UserSub, UserConfirmed } = await signUp(email, inUserLanguage ? [{ Name: 'locale', Value: LOCALE }, { Name: 'name', Value: 'Ada' }] : []);
      expect(UserConfirmed === false, 'the new user is already confirmed');
      username = String(UserSub);
      say(`→ accepted by PreSignUp; user ${username} is UNCONFIRMED`);
    });

    await step('Read the code from the mailbox and confirm', async () => {
      // At the demo's pace the reminder workflow may send a fresh code within a second of the sign-up (the
      // first then no longer confirms): the sign-up's own message is the first, the newest code confirms.
      const code = await console.waitForCode(email, 0);
      say(`mailbox → code ${code} for ${email}`);
      if (personalised) {
        // The function's own bundle wrote it: the mail is the stack's template, in the user's language.
        const entry = (await console.mailbox()).filter((each) => each.kind === 'code' && each.to === email).at(-1);
        expect(entry?.subject?.includes(config.messages.appName) === true, `the code came without the stack's subject (got ${String(entry?.subject)})`);
        const body = entry.text ?? '';
        expect(body.includes(`lang="${LOCALE}"`) && body.includes(entry.code ?? code) && body.includes('Ada'), `the code mail is not the stack's ${LOCALE} template with the code and the name`);
        say(`→ written by CustomMessage from the stack's template, in the user's language: "${entry?.subject}"`);
      }
      if (sentBySender) {
        // Cognito handed the code to the custom email sender encrypted; the sender decrypted it and sent the mail itself.
        const entry = await console.firstWithCode(email);
        expect(entry?.kind === 'mail', `the code did not come in a mail the sender sent (got ${String(entry?.kind)})`);
        expect(entry.subject?.includes(config.messages.appName) === true, `the sender's mail came without the stack's subject (got ${String(entry.subject)})`);
        expect(entry.text?.includes('Ada') === true, 'the sender\'s mail does not greet the user by name');
        say(`→ sent by CustomEmailSender through ${config.email.provider}: Cognito encrypted the code under the stack's key, the sender decrypted it and sent the stack's template in the user's language: "${entry.subject}"`);
      }
      const confirm = (value: string) => cognito.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: email, ConfirmationCode: value }));
      await confirm(code).catch(async (error: Error) => {
        if (error.name !== 'CodeMismatchException') throw error;
        let fresh: string | undefined;
        await waitUntil(10_000, async () => (fresh = (await console.latestWithCode(email))?.code) !== code, `${code} no longer confirms and no fresher code came`);
        say(`mailbox → the reminder's fresher code ${String(fresh)} replaced it`);
        await confirm(fresh as string);
      });
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }));
      expect(user.UserStatus === 'CONFIRMED', `the user is ${user.UserStatus} after ConfirmSignUp`);
      const { record } = await console.account(username);
      expect(record?.confirmedAt !== undefined, 'PostConfirmation recorded no account');
      say(`ConfirmSignUp → CONFIRMED; PostConfirmation recorded the account (confirmed at ${new Date(record.confirmedAt).toISOString()})`);
      if (config.welcome.enabled) {
        const welcome = await console.waitForMail(email);
        say(`mailbox → welcome mail "${welcome.subject}"`);
      }
    });

    const { claims: policy } = config;
    const tenant = policy.enabled ? policy.tenant : undefined;
    if (tenant?.from === 'attribute' && tenant.attribute !== undefined && tenant.whenMissing === 'refuse') {
      const attribute = tenant.attribute;
      await step('Sign in before an administrator assigns a tenant: no tokens', async () => {
        const refused = await failure(signInWithSrp(pool, email, password));
        expect(refused.message.startsWith('PreTokenGeneration failed with error'), `the sign-in was not refused by PreTokenGeneration: ${refused.message}`);
        say(`USER_SRP_AUTH → ${refused.message}`);
        say(`(the tenant fails closed: a token without ${tenant.claim} could be read as anyone's)`);
      });
      const [group, roles] = Object.entries(policy.roles?.groups ?? {})[0] ?? [];
      await step(`An administrator assigns the tenant${group ? ` and the group ${group}` : ''}; users cannot`, async () => {
        const value = `acme-${runId}`;
        const forged = await failure(signUp(address('mallory'), [{ Name: attribute, Value: value }]));
        expect(forged.name === 'NotAuthorizedException', `a sign-up that sets ${attribute} was not refused (${forged.name}: ${forged.message})`);
        say(`SignUp ${address('mallory')} with ${attribute}=${value} → ${forged.name}: ${forged.message}`);
        await cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.userPoolId, Username: username, UserAttributes: [{ Name: attribute, Value: value }] }));
        say(`AdminUpdateUserAttributes ${attribute}=${value} (the app client's write attributes leave it out: only administrators set it)`);
        if (group) {
          await cognito.send(new CreateGroupCommand({ UserPoolId: pool.userPoolId, GroupName: group })).catch((error: Error) => {
            if (error.name !== 'GroupExistsException') throw error;
          });
          await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: username, GroupName: group }));
          say(`AdminAddUserToGroup ${group} (roles ${(roles ?? []).join(', ') || 'none'})`);
        }
      });
    }

    await step('Sign in with SRP', async () => {
      const session = await signInWithSrp(pool, email, password);
      const claims = session.getIdToken().decodePayload() as Record<string, unknown>;
      if (!policy.enabled) {
        say(`USER_SRP_AUTH → tokens; the ID token says sub ${String(claims['sub'])}, email ${String(claims['email'])}`);
        return;
      }
      const access = session.getAccessToken().decodePayload() as Record<string, unknown>;
      const shown = (token: Record<string, unknown>) =>
        [tenant?.claim, policy.roles?.claim].filter((name): name is string => name !== undefined).map((name) => `${name} ${JSON.stringify(token[name])}`).join(', ');
      say(`USER_SRP_AUTH → tokens (PreTokenGeneration, event ${policy.eventVersion})`);
      say(`ID token: sub ${String(claims['sub'])}, ${shown(claims)}; ${policy.suppress.map((name) => `${name} ${name in claims ? 'present' : 'suppressed'}`).join(', ')}`);
      for (const name of policy.suppress) expect(!(name in claims), `the ID token still carries ${name}`);
      if (tenant) expect(typeof claims[tenant.claim] === 'string', `the ID token carries no ${tenant.claim}`);
      if (policy.eventVersion === 'V2_0') {
        const scopes = String(access['scope'] ?? '').split(' ');
        for (const scope of policy.scopes) expect(scopes.includes(scope), `the access token lacks the scope ${scope}`);
        if (tenant) expect(access[tenant.claim] === claims[tenant.claim], `the access token's ${tenant.claim} is not the ID token's`);
        say(`access token: ${shown(access)}; scope "${String(access['scope'])}"`);
      }
    });

    const maxFailures = config.lockout.maxFailures;
    await step(`${maxFailures} wrong passwords, then the right one is refused`, async () => {
      const mailsBefore = (await console.ownMailsTo(email)).length;
      for (let attempt = 1; attempt <= maxFailures; attempt += 1) {
        const error = await failure(signInWithSrp(pool, email, 'not the password at all'));
        say(`wrong password #${attempt} → ${error.message}`);
      }
      const refused = await failure(signInWithSrp(pool, email, password));
      expect(refused.message.startsWith('PreAuthentication failed with error'), `the right password was not refused by PreAuthentication: ${refused.message}`);
      say(`right password → ${refused.message}`);
      const { user } = await console.account(username);
      expect(user.protection.locked, 'the console does not show the account as locked');
      say(`console → locked until ${new Date(user.protection.lockedUntil ?? 0).toISOString()}, backoff level ${user.protection.lockouts}`);
      // Counted as CloudWatch would count it (the functions' metric lines), and read by the stack's lockouts alarm.
      let lockouts: number | undefined;
      await waitUntil(
        10_000,
        async () => {
          lockouts = (await console.metrics()).totals.find(
            (metric) => metric.metricName === 'Invocations' && metric.dimensions['trigger'] === 'PreAuthentication' && metric.dimensions['outcome'] === 'lockout',
          )?.value;
          return lockouts !== undefined;
        },
        'the lockout was not counted in the metrics',
      );
      const alarm = (await console.metrics()).alarms.find((each) => each.name.endsWith('-lockouts'));
      say(
        `metrics → Invocations of PreAuthentication refused/lockout: ${String(lockouts)} since the sandbox started` +
          (alarm ? `; alarm ${alarm.name} ${alarm.state} (${alarm.value ?? 0} of ${alarm.threshold} in 5 minutes)` : ''),
      );
      if (config.alerts.accountLocked) {
        // The attempt that engaged the lock mailed the owner (PreAuthentication, through the stack's
        // mailer); one more attempt during the lock must not mail again.
        await waitUntil(10_000, async () => (await console.ownMailsTo(email)).length > mailsBefore, `no lock alert for ${email} in the mailbox`);
        const again = await failure(signInWithSrp(pool, email, password));
        expect(again.message === refused.message, `an attempt during the lock was answered otherwise: ${again.message}`);
        const alerts = (await console.ownMailsTo(email)).slice(0, -mailsBefore || undefined);
        expect(alerts.length === 1, `the lock alert arrived ${alerts.length} times, not once`);
        say(`mailbox → lock alert "${alerts[0]?.subject}", once (another attempt during the lock sent none)`);
      }
    });

    const newPassword = `${password} renewed`;
    await step('Recover with forgot-password and sign in again', async () => {
      const before = await console.codesFor(email);
      await cognito.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: email }));
      const code = await console.waitForCode(email, before);
      const entry = await console.latestWithCode(email);
      say(`ForgotPassword → mailbox → code ${code}${inUserLanguage && entry?.subject ? `, "${entry.subject}"` : ''}${sentBySender ? ' (sent by CustomEmailSender)' : ''}`);
      await cognito.send(new ConfirmForgotPasswordCommand({ ClientId: pool.clientId, Username: email, ConfirmationCode: code, Password: newPassword }));
      say('ConfirmForgotPassword → new password; PostConfirmation cleared the lock (recovery beats lockout)');
      const session = await signInWithSrp(pool, email, newPassword);
      expect(session.isValid(), 'no valid session after the recovery');
      const { audit } = await console.account(username);
      say(`USER_SRP_AUTH with the new password → tokens; audit trail: ${audit.slice(0, 4).map((entry) => entry.outcome).join(', ')}, …`);
    });

    if (config.passwordless.enabled) {
      const { redirectUrls, linkValidityMinutes } = config.passwordless;
      const redirectUri = redirectUrls[0] as string;
      /** The newest sign-in link mailed to this address once there are more than `seen` mails. */
      const waitForLink = async (seen: number) => {
        await waitUntil(10_000, async () => (await console.ownMailsTo(email)).length > seen, `no sign-in link for ${email} in the mailbox`);
        const [mail] = await console.ownMailsTo(email);
        const link = linkIn(mail?.text ?? '', redirectUrls);
        expect(link !== undefined, `the mail "${String(mail?.subject)}" carries no link to ${redirectUri}`);
        return { link, subject: mail?.subject };
      };
      let used = '';
      await step('Sign in by magic link, without a password', async () => {
        const seen = (await console.ownMailsTo(email)).length;
        say(`InitiateAuth CUSTOM_AUTH ${email} → round MAGIC_LINK_START; RespondToAuthChallenge with ClientMetadata { magicLink: "request", redirectUri: "${redirectUri}" }`);
        const pending = await requestLink(cognito, pool.clientId, email, redirectUri);
        expect(pending.ChallengeParameters?.['round'] === 'MAGIC_LINK_SENT', `the pool did not answer with the link round (${JSON.stringify(pending.ChallengeParameters)})`);
        say(`→ round ${pending.ChallengeParameters?.['round']}: CreateAuthChallenge mailed a link valid ${linkValidityMinutes} min; the app keeps the Session`);
        const { link, subject } = await waitForLink(seen);
        say(`mailbox → "${subject}": ${link.replace(/#.*/, '#<token>')}`);
        const signedIn = await answer(cognito, pool.clientId, pending, fragmentOf(link));
        expect(signedIn.AuthenticationResult?.IdToken !== undefined, 'the link did not sign the user in');
        const claims = JSON.parse(Buffer.from(signedIn.AuthenticationResult.IdToken.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
        say(`RespondToAuthChallenge ANSWER=<the link's fragment> → tokens; the ID token says email ${String(claims['email'])}`);
        used = link;
      });
      await step('The same link again, and a link opened in another browser', async () => {
        const reused = await signInWithLink(cognito, pool.clientId, used);
        expect(reused.AuthenticationResult === undefined, 'a used link signed the user in again');
        say(`the used link, in a sign-in of its own → no tokens: round ${reused.ChallengeParameters?.['round']} (a wrong answer, counted like a wrong password)`);
        const seen = (await console.ownMailsTo(email)).length;
        await requestLink(cognito, pool.clientId, email, redirectUri);
        const { link } = await waitForLink(seen);
        say('a new link, asked for in one browser and opened in another: InitiateAuth with the username the link names, its first round answered with the link');
        const elsewhere = await signInWithLink(cognito, pool.clientId, link);
        expect(elsewhere.AuthenticationResult?.AccessToken !== undefined, 'the link opened in another browser did not sign in');
        say('→ tokens');
      });
    }

    if (config.messages.sms === 'custom-sender') {
      await step('An administrator invites a user by text message', async () => {
        const invited = address('grace');
        // A temporary password with the characters Cognito HTML-escapes before it hands it to the sender.
        const temporary = `Temp <&> ${runId} pass`;
        const before = await console.codesFor(PHONE);
        say(`AdminCreateUser ${invited}, phone ${PHONE}, delivered by SMS, temporary password "${temporary}"`);
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId: pool.userPoolId,
            Username: invited,
            TemporaryPassword: temporary,
            DesiredDeliveryMediums: ['SMS'],
            UserAttributes: [{ Name: 'email', Value: invited }, { Name: 'phone_number', Value: PHONE }, { Name: 'locale', Value: LOCALE }],
          }),
        );
        const received = await console.waitForCode(PHONE, before);
        expect(received === temporary, 'the text does not carry the temporary password as the administrator set it');
        const text = await console.latestWithCode(PHONE);
        say(`→ CustomSMSSender decrypted it (and undid Cognito's HTML escaping), then sent through ${config.sms.provider}: "${text?.text}"`);
      });
    }

    if (config.migration.enabled) {
      const legacyPool = config.migration.source === 'cognito' ? target.endpoints.legacy : undefined;
      /** A user of the old system, as the old pool holds them: created there for this run, confirmed, with its password. */
      const legacyUser = async (name: string, oldPassword: string) => {
        if (legacyPool === undefined) throw new JourneyError('the sandbox announces no legacy pool');
        const old = new CognitoIdentityProviderClient({ endpoint: legacyPool, region: target.region, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' }, maxAttempts: 1 });
        try {
          const { UserPools = [] } = await old.send(new ListUserPoolsCommand({ MaxResults: 10 }));
          const poolId = UserPools.find((each) => each.Name === LEGACY_POOL_NAME)?.Id;
          expect(poolId !== undefined, 'the legacy pool has no pool named legacy-users');
          const legacyEmail = address(name);
          const attributes = [{ Name: 'email', Value: legacyEmail }, { Name: 'email_verified', Value: 'true' }, { Name: 'given_name', Value: name.charAt(0).toUpperCase() + name.slice(1) }];
          await old.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: legacyEmail, UserAttributes: attributes, MessageAction: 'SUPPRESS' }));
          await old.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: legacyEmail, Password: oldPassword, Permanent: true }));
          return legacyEmail;
        } finally {
          old.destroy();
        }
      };
      const skipUnlessLegacyPool = () => {
        if (legacyPool !== undefined) return false;
        say(`This stack migrates from ${config.migration.source === 'http' ? 'an HTTP endpoint' : 'imported password hashes'}: the journey adds its users to a legacy Cognito pool only. Sign in as the user \`npm start\` prints instead.`);
        return true;
      };

      await step('A user of the old system signs in with their old password and becomes a user of this pool', async () => {
        if (skipUnlessLegacyPool()) return 'skipped';
        const oldPassword = `old system password ${runId}`;
        const legacyEmail = await legacyUser('lee', oldPassword);
        say(`the old pool has ${legacyEmail}, password "${oldPassword}"; this pool does not know them`);
        // SRP never shows the password: migration needs USER_PASSWORD_AUTH, which a migrating stack's client allows.
        const { AuthenticationResult } = await cognito.send(
          new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: legacyEmail, PASSWORD: oldPassword } }),
        );
        expect(AuthenticationResult?.IdToken !== undefined, 'the legacy user got no tokens');
        const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: legacyEmail }));
        const attributes = Object.fromEntries((user.UserAttributes ?? []).map(({ Name, Value }) => [Name, Value]));
        expect(user.UserStatus === config.migration.finalUserStatus, `the migrated user is ${user.UserStatus}`);
        say(`USER_PASSWORD_AUTH → PreAuthentication counted the attempt, UserMigration checked the old password with the old pool → tokens`);
        say(`→ now user ${user.Username} of this pool, ${user.UserStatus}, email_verified ${attributes['email_verified']}, given_name ${attributes['given_name']}`);
        const session = await signInWithSrp(pool, legacyEmail, oldPassword);
        expect(session.isValid(), 'the migrated user cannot sign in with SRP');
        say('USER_SRP_AUTH with the same password → tokens: the pool knows them now, the old system is no longer asked');
      });

      await step('A user of the old system who forgot their password gets a reset code from this pool', async () => {
        if (skipUnlessLegacyPool()) return 'skipped';
        const legacyEmail = await legacyUser('max', `forgotten password ${runId}`);
        const before = await console.codesFor(legacyEmail);
        await cognito.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: legacyEmail }));
        const code = await console.waitForCode(legacyEmail, before);
        say(`ForgotPassword ${legacyEmail} → UserMigration looked them up in the old pool → mailbox → code ${code}`);
        const renewed = `a new password for ${runId}`;
        await cognito.send(new ConfirmForgotPasswordCommand({ ClientId: pool.clientId, Username: legacyEmail, ConfirmationCode: code, Password: renewed }));
        const session = await signInWithSrp(pool, legacyEmail, renewed);
        expect(session.isValid(), 'no valid session after the migrated reset');
        say('ConfirmForgotPassword → USER_SRP_AUTH with the new password → tokens');
      });
    }

    if (unconfirmed) {
      const waiting = unconfirmed;
      const { remindAfterHours, deleteAfterDays } = config.signUp.reminders;
      const remindMs = (remindAfterHours * 3_600_000) / target.timeScale;
      const deleteMs = (deleteAfterDays * 86_400_000) / target.timeScale;
      await step(`The unconfirmed user is reminded after ${remindAfterHours} h, then deleted after ${deleteAfterDays} more days`, async () => {
        say(`at this sandbox's pace (${target.timeScale}x) that is ${seconds(remindMs)} and ${seconds(deleteMs)}${target.timeScale < 20_000 ? ' (start the sandbox with --time-scale 100000 to hurry it)' : ''}`);
        const code = await console.waitForCode(waiting.email, 1, remindMs + 30_000);
        say(`mailbox → reminder for ${waiting.email}: a fresh code ${code}`);
        await waitUntil(deleteMs + 30_000, async () => {
          const gone = await failure(cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: waiting.username }))).catch(() => undefined);
          return gone?.name === 'UserNotFoundException';
        }, 'the unconfirmed user was not deleted');
        let execution: Awaited<ReturnType<ConsoleClient['workflows']>>[number] | undefined;
        await waitUntil(
          5_000,
          async () => {
            execution = (await console.workflows()).find((each) => each.username === waiting.username);
            return execution?.status === 'SUCCEEDED';
          },
          'the reminder workflow did not end',
        );
        const audited = (await console.audit()).some((entry) => entry.outcome === 'deleted-unconfirmed' && entry.at >= signedUpAt);
        expect(audited, 'the deletion is not in the audit trail');
        say(`→ deleted; workflow ${execution?.name} ended with ${execution?.outcome ?? 'deleted-unconfirmed'}; the audit trail has the deletion`);
        // The workflow counts its reminders and deletions itself (PutMetricData), beside the functions' counts.
        const { totals } = await console.metrics();
        const counted = (outcome: string) =>
          totals.find((metric) => metric.metricName === 'Invocations' && metric.dimensions['trigger'] === 'ReminderWorkflow' && metric.dimensions['outcome'] === outcome)?.value ?? 0;
        expect(counted('reminded') >= 1 && counted('deleted') >= 1, 'the reminder workflow did not count its reminder and deletion');
        say(`metrics → Invocations of ReminderWorkflow accepted/reminded: ${counted('reminded')}, accepted/deleted: ${counted('deleted')} since the sandbox started`);
      });
    }
  } finally {
    cognito.destroy();
  }
  print('');
  print(`Done: ${steps.filter((each) => each.outcome === 'done').length} steps shown${steps.some((each) => each.outcome === 'skipped') ? `, ${steps.filter((each) => each.outcome === 'skipped').length} skipped by this stack's configuration` : ''}. ${options.stopsAfterwards ? 'The sandbox stops now: `npm start` keeps one running, with its console.' : `Open ${target.endpoints.console} to look around.`}`);
  return steps;
}

/** An address the stack's sign-up rules refuse, and why; none when the rules refuse nothing. */
function refusedAddress(config: StackConfig, runId: string): { address: string; why: string } | undefined {
  const blocked = config.signUp.blockedDomains[0];
  if (blocked) return { address: `mallory+${runId}@${blocked.replace(/^\*\./, 'mail.')}`, why: `${blocked} is blocked` };
  if (config.signUp.refuseDisposable) return { address: `mallory+${runId}@${REFUSED_FOR_DEMO}`, why: 'a throw-away address' };
  if (config.signUp.allowedDomains.length > 0) return { address: `mallory+${runId}@not-allowed.example`, why: 'not an allowed domain' };
  return undefined;
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new JourneyError(message);
}

/** A call the journey expects to be refused; one that succeeds ends the journey. */
async function failure(attempt: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    const { code, message } = await refusalOf(attempt);
    return { name: code, message };
  } catch (error) {
    if (error instanceof NotRefusedError) throw new JourneyError('a call that should have been refused succeeded');
    throw error;
  }
}
