/**
 * `npm start [-- <stack>] [--reset] [--data <folder>] [--ephemeral-ports] [--time-scale N] [--quiet]`: the sandbox in the
 * foreground, one line per service, a ready banner with what a client needs, Ctrl-C to stop.
 */
import { explain, UsageError } from './explain';
import { announceRunning } from './running';
import { EPHEMERAL_PORTS, startSandbox, type Sandbox } from './sandbox';
import { LEGACY_DEMO_USER } from './legacy/demo-users';

interface Arguments {
  stack: string;
  reset: boolean;
  ephemeralPorts: boolean;
  timeScale?: number;
  dataDirectory?: string;
  quiet: boolean;
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { stack: 'dev', reset: false, ephemeralPorts: false, quiet: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--reset') parsed.reset = true;
    else if (argument === '--ephemeral-ports') parsed.ephemeralPorts = true;
    else if (argument === '--quiet') parsed.quiet = true;
    else if (argument === '--data') {
      const value = argv[(index += 1)];
      if (value === undefined || value.startsWith('-')) throw new UsageError('--data takes a folder');
      parsed.dataDirectory = value;
    }
    else if (argument === '--time-scale') {
      const value = Number(argv[(index += 1)]);
      if (!Number.isFinite(value) || value < 1) throw new UsageError('--time-scale takes a number >= 1 (how many times faster waits pass)');
      parsed.timeScale = value;
    } else if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
    else parsed.stack = argument;
  }
  return parsed;
}

function banner(sandbox: Sandbox, readyMs: number): string {
  const { endpoints } = sandbox;
  const line = (name: string, value: string | undefined) => (value === undefined ? [] : [`  ${name.padEnd(16)}${value}`]);
  return [
    '',
    `Gatehouse sandbox for stack "${sandbox.stack}" is ready (${readyMs} ms). Data in ${sandbox.dataDirectory}.`,
    ...line('console', `${endpoints.console}  (mailbox, users, unlock, audit, workflows)`),
    ...line('user pool', `${endpoints.cognito}  (cognito-idp JSON API)`),
    ...line('pool id', sandbox.userPoolId),
    ...line('client id', sandbox.clientId),
    ...line('region', sandbox.region),
    ...line('functions', `${endpoints.lambda}  (Lambda Invoke API)`),
    ...line('table', `${endpoints.dynamodb}  (DynamoDB, dynalite)`),
    ...line('mail (SES)', endpoints.ses),
    ...line('mail (SMTP)', endpoints.smtp),
    ...line('secrets (SSM)', endpoints.ssm),
    ...line('step functions', endpoints.stepFunctions === undefined ? undefined : `${endpoints.stepFunctions}  (waits ${sandbox.timeScale}x faster)`),
    ...line('captcha', endpoints.captcha),
    ...line('keys (KMS)', endpoints.kms === undefined ? undefined : `${endpoints.kms}  (the custom senders' codes)`),
    ...line('mail (SendGrid)', endpoints.sendgrid),
    ...line('texts (SNS)', endpoints.sns),
    ...line('texts (Twilio)', endpoints.twilio),
    ...line(
      'legacy users',
      endpoints.legacy === undefined
        ? undefined
        : `${endpoints.legacy}  (migrated at their first sign-in: ${LEGACY_DEMO_USER.email}, password "${LEGACY_DEMO_USER.password}", with USER_PASSWORD_AUTH)`,
    ),
    '',
    'AWS CLI:',
    `  aws cognito-idp sign-up --endpoint-url ${endpoints.cognito} --region ${sandbox.region} --no-sign-request \\`,
    `    --client-id ${sandbox.clientId} --username jane@example.com --password 'a-long-enough-passphrase' \\`,
    '    --user-attributes Name=email,Value=jane@example.com',
    'AWS SDK for JavaScript v3:',
    `  new CognitoIdentityProviderClient({ endpoint: '${endpoints.cognito}', region: '${sandbox.region}' })`,
    'amazon-cognito-identity-js:',
    `  new CognitoUserPool({ UserPoolId: '${sandbox.userPoolId}', ClientId: '${sandbox.clientId}', endpoint: '${endpoints.cognito}' })`,
    '',
    `In another terminal, \`npm run demo${sandbox.stack === 'dev' ? '' : ` -- ${sandbox.stack}`}\` walks through sign-up, sign-in, a lockout and a recovery.`,
    `An operator's view of an account: \`npm run admin -- status <email> --sandbox${sandbox.stack === 'dev' ? '' : ` ${sandbox.stack}`}\` (also unlock, audit, recent-lockouts).`,
    'Ctrl-C stops it; `npm start -- --reset` starts afresh.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const started = Date.now();
  const sandbox = await startSandbox({
    stack: args.stack,
    reset: args.reset,
    ...(args.dataDirectory === undefined ? {} : { dataDirectory: args.dataDirectory }),
    ...(args.ephemeralPorts ? { ports: EPHEMERAL_PORTS } : {}),
    ...(args.timeScale === undefined ? {} : { timeScale: args.timeScale }),
    ...(args.quiet ? {} : { onLog: ({ functionName, line }) => process.stdout.write(`[${functionName}] ${line}\n`) }),
  });
  const forget = announceRunning(sandbox);
  process.stdout.write(banner(sandbox, Date.now() - started));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox…\n`);
    forget();
    void sandbox.stop().then(() => {
      process.stdout.write('Stopped.\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The sandbox could not start: ${explain(error)}\n`);
  process.exit(1);
});
