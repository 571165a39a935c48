import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { Container } from 'inversify';
import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import { withDeadline } from '../../adapters/invocation-deadline';
import { isDomainError, type DomainError, type Incident } from '../../domain';
import type { Composition } from '../composition/composition-root';
import { MalformedEventError, parseEnvelope, type CognitoEnvelope } from '../events/cognito-envelope';
import { describeError } from './describe-error';
import type { FlowResult } from './trigger-metrics';

/** What every user sees when something other than a user-facing rule stops the flow. */
export const GENERIC_FAILURE_MESSAGE = 'Something went wrong, please try again later';

/** Cognito waits this long for a synchronous trigger, whatever the function's own timeout. */
export const COGNITO_BUDGET_MS = 5000;

/**
 * Kept back from the invocation's time for what follows the last AWS call: answering, Lambda's and
 * Cognito's own overhead, and on a cold start the initialisation, which Cognito's five seconds include
 * but the function's remaining time does not.
 */
export const DEADLINE_MARGIN_MS = 500;

export interface TriggerOutcome {
  /** Recorded in the flow line of the invocation (e.g. the sign-in outcome). */
  readonly outcome?: string;
  readonly incidents?: readonly Incident[];
  /** A user-facing domain error to answer with: Cognito fails the flow and shows its message. */
  readonly denial?: DomainError;
  /** Further facts for the flow line (what else happened): short words, never user data. */
  readonly details?: Readonly<Record<string, string>>;
  /** Fields set on the event's `response` (e.g. a personalised message); without them, Cognito's default behaviour. */
  readonly response?: Readonly<Record<string, unknown>>;
}

/** What a trigger knows of the invocation it serves. */
export interface Invocation {
  /** Unique per invocation: Lambda's request id when there is one. */
  readonly id: string;
}

export interface TriggerDefinition<S extends z.ZodMiniType<CognitoEnvelope>> {
  /** The trigger's name as Cognito reports it, e.g. "PreAuthentication". */
  readonly trigger: string;
  readonly triggerSources: readonly string[];
  readonly schema: S;
  /**
   * Invoked asynchronously (the custom senders): Cognito does not wait, so its five seconds do not
   * apply and the function's own timeout bounds the AWS calls. A thrown error makes Lambda retry.
   */
  readonly asynchronous?: boolean;
  run(event: z.infer<S>, container: Container, invocation: Invocation): Promise<TriggerOutcome>;
}

/**
 * The end of the invocation's time for AWS calls: Cognito's budget or the function's, whichever ends
 * first; the function's alone when Cognito does not wait for the answer.
 */
export function invocationDeadline(context: Context | undefined, now: number, asynchronous = false): number {
  const remaining = context?.getRemainingTimeInMillis?.() ?? COGNITO_BUDGET_MS;
  return now + (asynchronous ? remaining : Math.min(remaining, COGNITO_BUDGET_MS)) - DEADLINE_MARGIN_MS;
}

/**
 * The boundary every trigger shares. It decides, once, what a user may see: user-facing domain
 * errors reach them verbatim; anything else becomes a generic message. Every invocation logs exactly
 * one flow line (accepted, refused or failed, with the cause of a failure), plus one line per
 * incident; never the event, passwords, codes or tokens. A malformed event or an unknown trigger source
 * is refused before any use case runs, so nothing is written. Every AWS call the invocation makes
 * shares one deadline.
 */
export function cognitoTrigger<S extends z.ZodMiniType<CognitoEnvelope>>(
  definition: TriggerDefinition<S>,
  composition: Composition,
): (event: unknown, context?: Context) => Promise<unknown> {
  const { logger, metrics } = composition;
  const { trigger } = definition;
  return async (event, context) => {
    const started = Date.now();
    logger.resetKeys();
    if (context) logger.addContext(context);
    logger.appendKeys({ trigger: definition.trigger });
    const invocation: Invocation = { id: context?.awsRequestId ?? randomUUID() };
    const elapsed = () => Date.now() - started;
    let result: TriggerOutcome;
    try {
      const parsed = parseEnvelope(definition.schema, event);
      logger.appendKeys({ triggerSource: parsed.triggerSource, userPoolId: parsed.userPoolId });
      if (!definition.triggerSources.includes(parsed.triggerSource)) {
        throw new MalformedEventError(`unknown trigger source ${parsed.triggerSource} for ${definition.trigger}`);
      }
      result = await withDeadline(invocationDeadline(context, started, definition.asynchronous), () =>
        definition.run(parsed, composition.container(), invocation),
      );
    } catch (error) {
      const answer = answerFor(error, logger, elapsed());
      metrics.flow(trigger, answer.result, undefined);
      throw answer.error;
    }
    logIncidents(logger, result.incidents ?? []);
    for (const incident of result.incidents ?? []) metrics.incident(trigger, incident.code);
    if (result.denial) {
      // A refusal may have done more than refuse (the lock it engaged mailed the owner): its facts too.
      logger.info('flow', { result: 'refused', outcome: result.outcome, code: result.denial.code, ...result.details, durationMs: elapsed() });
      metrics.flow(trigger, 'refused', result.outcome);
      throw new Error(result.denial.message);
    }
    logger.info('flow', { result: 'accepted', outcome: result.outcome, ...result.details, durationMs: elapsed() });
    metrics.flow(trigger, 'accepted', result.outcome);
    // An untouched response means Cognito's default behaviour; a trigger's fields are set on it, the rest
    // of the event goes back as it came.
    if (result.response && Object.keys(result.response).length > 0) {
      const received = event as { response?: unknown };
      const response = typeof received.response === 'object' && received.response !== null ? received.response : {};
      return { ...received, response: { ...response, ...result.response } };
    }
    return event;
  };
}

function answerFor(error: unknown, logger: Logger, durationMs: number): { error: Error; result: FlowResult } {
  if (isDomainError(error) && error.userFacing) {
    logger.info('flow', { result: 'refused', code: error.code, durationMs });
    return { error: new Error(error.message), result: 'refused' };
  }
  logger.error('flow', { result: 'failed', error: describeError(error), durationMs });
  return { error: new Error(GENERIC_FAILURE_MESSAGE), result: 'failed' };
}

function logIncidents(logger: Logger, incidents: readonly Incident[]): void {
  for (const incident of incidents) {
    const entry = { incident: incident.code, error: describeError(incident.cause) };
    if (incident.severity === 'error') logger.error('incident', entry);
    else logger.warn('incident', entry);
  }
}
