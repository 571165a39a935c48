/**
 * The cost of a magic-link sign-in: the three built challenge bundles (dist/lambda/*-auth-challenge*),
 * invoked in this process as Lambda invokes them, with the events Cognito sends, against dynalite and
 * the SES stand-in on 127.0.0.1, round by round as Cognito runs a sign-in (define → create → verify →
 * define → create (link mailed) → verify (link used) → define). Prints, per round, the DynamoDB requests
 * it made (exact) and its latency (p50, p95, max over BENCH_SIGN_INS warm sign-ins, one after another),
 * and each bundle's load (module evaluation) and first invocation.
 *
 *   npm run build && npm run bench:magic-link
 *
 * Latencies against in-memory stand-ins on a shared machine measure the handlers' own work, not
 * DynamoDB's or SES's latency; the link round is held to LINK_REQUEST_FLOOR_MS by design (equal timing
 * for known and unknown usernames), so its latency is the floor unless the work outlasts it.
 *
 *   BENCH_SIGN_INS   warm sign-ins measured (default 200; each requests one link, within one window
 *                    per username: every sign-in uses a username of its own)
 */
import '../test/setup';
import { performance } from 'node:perf_hooks';
import { startSesSink } from '../sandbox/mail/mail-sinks';
import { challengeEvent, type SessionRound } from '../test/support/challenge-events';
import { startDynalite } from '../test/support/dynalite';
import { functionEnvironment, loadBundle, startSecrets, withEnvironment } from '../test/support/lambda-bundle';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 200);
const REDIRECT = 'https://app.example.com/sign-in/link';
const BUNDLES = ['define-auth-challenge', 'create-auth-challenge', 'verify-auth-challenge-response'] as const;
const ROUNDS = ['define (start)', 'create (start)', 'verify (request)', 'define (link round)', 'create (link mailed)', 'verify (link used)', 'define (tokens)'];

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const dynamo = await startDynalite();
  const secrets = await startSecrets();
  const ses = await startSesSink();
  const restore = withEnvironment({
    ...functionEnvironment(dynamo.tableName, {
      PASSWORDLESS_ENABLED: 'true',
      PASSWORDLESS_REDIRECT_URLS: REDIRECT,
      MAIL_FROM: 'Example <no-reply@example.com>',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    }),
    AWS_ENDPOINT_URL_SES: ses.endpoint,
  });
  try {
    // Cold: a fresh copy of each bundle (module evaluation), then its first invocation.
    const handlers = {} as Record<(typeof BUNDLES)[number], (event: unknown) => Promise<unknown>>;
    const warmth: string[] = [];
    const first = { userName: 'a0000000-0000-4000-8000-000000000000', sub: 'a0000000-0000-4000-8000-000000000000', email: 'first@example.com' };
    for (const bundle of BUNDLES) {
      const loading = performance.now();
      handlers[bundle] = loadBundle(bundle);
      const loaded = performance.now() - loading;
      const invoking = performance.now();
      const event =
        bundle === 'define-auth-challenge'
          ? challengeEvent('DefineAuthChallenge', first, { session: [] })
          : bundle === 'create-auth-challenge'
            ? challengeEvent('CreateAuthChallenge', first, { challengeName: 'CUSTOM_CHALLENGE', session: [] })
            : challengeEvent('VerifyAuthChallengeResponse', first, { privateChallengeParameters: { round: 'MAGIC_LINK_START' }, challengeAnswer: 'x' }, { magicLink: 'request', redirectUri: REDIRECT });
      await handlers[bundle](event);
      warmth.push(`  ${bundle.padEnd(32)} load ${ms(loaded).padStart(9)}   first invocation ${ms(performance.now() - invoking).padStart(9)}`);
    }

    const latencies = ROUNDS.map(() => [] as number[]);
    let requests: Record<string, number>[] = [];
    for (let signIn = 1; signIn <= SIGN_INS; signIn += 1) {
      const id = `b${String(signIn).padStart(7, '0')}-0000-4000-8000-000000000000`;
      const who = { userName: id, sub: id, email: `user${signIn}@example.com` };
      const session: SessionRound[] = [];
      const perRound: Record<string, number>[] = [];
      let round = 0;
      const timed = async (run: () => Promise<unknown>) => {
        dynamo.resetCounts();
        const started = performance.now();
        const { response } = (await run()) as { response: Record<string, unknown> };
        latencies[round]?.push(performance.now() - started);
        // Sorted: requests sent side by side arrive in either order.
        perRound.push(Object.fromEntries([...dynamo.requests].sort(([a], [b]) => a.localeCompare(b))));
        round += 1;
        return response;
      };
      const request = { magicLink: 'request', redirectUri: REDIRECT };
      await timed(() => handlers['define-auth-challenge'](challengeEvent('DefineAuthChallenge', who, { session })));
      let created = await timed(() => handlers['create-auth-challenge'](challengeEvent('CreateAuthChallenge', who, { challengeName: 'CUSTOM_CHALLENGE', session })));
      let verified = await timed(() =>
        handlers['verify-auth-challenge-response'](challengeEvent('VerifyAuthChallengeResponse', who, { privateChallengeParameters: created['privateChallengeParameters'], challengeAnswer: 'request-link' }, request)),
      );
      session.push({ challengeName: 'CUSTOM_CHALLENGE', challengeResult: verified['answerCorrect'] === true, challengeMetadata: String(created['challengeMetadata']) });
      await timed(() => handlers['define-auth-challenge'](challengeEvent('DefineAuthChallenge', who, { session }, request)));
      created = await timed(() => handlers['create-auth-challenge'](challengeEvent('CreateAuthChallenge', who, { challengeName: 'CUSTOM_CHALLENGE', session }, request)));
      const [mail] = (await ses.messages()).filter((each) => each.to.includes(who.email));
      const token = /#([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
      if (token === undefined) throw new Error(`sign-in ${signIn}: no link was mailed`);
      verified = await timed(() =>
        handlers['verify-auth-challenge-response'](challengeEvent('VerifyAuthChallengeResponse', who, { privateChallengeParameters: created['privateChallengeParameters'], challengeAnswer: token })),
      );
      if (verified['answerCorrect'] !== true) throw new Error(`sign-in ${signIn}: the link was refused`);
      session.push({ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: String(created['challengeMetadata']) });
      const defined = await timed(() => handlers['define-auth-challenge'](challengeEvent('DefineAuthChallenge', who, { session })));
      if (defined['issueTokens'] !== true) throw new Error(`sign-in ${signIn}: no tokens`);
      if (signIn === 1) requests = perRound;
      else if (JSON.stringify(perRound) !== JSON.stringify(requests)) throw new Error(`sign-in ${signIn} made other requests: ${JSON.stringify(perRound)}`);
      if (signIn % 50 === 0) await ses.clear();
    }

    console.log(`Magic-link sign-in: ${SIGN_INS} warm sign-ins, one after another (dynalite, SES stand-in, this process)\n`);
    console.log(`  ${'round'.padEnd(22)} ${'DynamoDB requests'.padEnd(34)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`);
    let total = 0;
    ROUNDS.forEach((name, index) => {
      const sorted = [...(latencies[index] ?? [])].sort((a, b) => a - b);
      const counted = requests[index] ?? {};
      total += Object.values(counted).reduce((sum, count) => sum + count, 0);
      const described = Object.entries(counted).map(([operation, count]) => `${count} ${operation}`).join(', ') || 'none';
      console.log(`  ${name.padEnd(22)} ${described.padEnd(34)} ${ms(quantile(sorted, 0.5)).padStart(9)} ${ms(quantile(sorted, 0.95)).padStart(9)} ${ms(sorted.at(-1) ?? NaN).padStart(9)}`);
    });
    console.log(`\n  DynamoDB requests per sign-in in the challenge triggers: ${total} (PostAuthentication adds its own 3), 1 mail`);
    console.log('\nCold start (a fresh copy of the bundle in this process, its code and the SDK in it evaluated afresh; Node already running):');
    for (const line of warmth) console.log(line);
  } finally {
    restore();
    await ses.stop();
    await secrets.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
