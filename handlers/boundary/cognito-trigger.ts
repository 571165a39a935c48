import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { Container } from 'inversify';
import type * as z from 'zod/mini';
import { isDomainError, type DomainError, type Incident } from '../../domain';
import type { Composition } from '../composition/composition-root';
import { MalformedEventError, parseEnvelope, type CognitoEnvelope } from '../events/cognito-envelope';
import { describeError } from './describe-error';

/** What every user sees when something other than a user-facing rule stops the flow. */
export const GENERIC_FAILURE_MESSAGE = 'Something went wrong, please try again later';

export interface TriggerOutcome {
  /** Recorded in the log line of the invocation (e.g. the sign-in outcome). */
  readonly outcome?: string;
  readonly incidents?: readonly Incident[];
  /** A user-facing domain error to answer with: Cognito fails the flow and shows its message. */
  readonly denial?: DomainError;
}

export interface TriggerDefinition<S extends z.ZodMiniType<CognitoEnvelope>> {
  /** The trigger's name as Cognito reports it, e.g. "PreAuthentication". */
  readonly trigger: string;
  readonly triggerSources: readonly string[];
  readonly schema: S;
  run(event: z.infer<S>, container: Container): Promise<TriggerOutcome>;
}

/**
 * The boundary every trigger shares. It decides, once, what a user may see: user-facing domain
 * errors reach them verbatim; anything else becomes a generic message and an error log with the
 * cause. It never logs the event, passwords, codes or tokens. A malformed event or an unknown
 * trigger source is refused before any use case runs, so nothing is written.
 */
export function cognitoTrigger<S extends z.ZodMiniType<CognitoEnvelope>>(
  definition: TriggerDefinition<S>,
  composition: Composition,
): (event: unknown, context?: Context) => Promise<unknown> {
  const { logger } = composition;
  return async (event, context) => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    logger.appendKeys({ trigger: definition.trigger });
    try {
      const parsed = parseEnvelope(definition.schema, event);
      logger.appendKeys({ triggerSource: parsed.triggerSource, userPoolId: parsed.userPoolId });
      if (!definition.triggerSources.includes(parsed.triggerSource)) {
        throw new MalformedEventError(`unknown trigger source ${parsed.triggerSource} for ${definition.trigger}`);
      }
      const result = await definition.run(parsed, composition.container());
      logIncidents(logger, result.incidents ?? []);
      if (result.denial) {
        logger.info('flow refused', { outcome: result.outcome, code: result.denial.code });
        throw result.denial;
      }
      logger.info('flow accepted', { outcome: result.outcome });
      // The event goes back as it came: an untouched response means Cognito's default behaviour.
      return event;
    } catch (error) {
      throw answerFor(error, logger);
    }
  };
}

function answerFor(error: unknown, logger: Logger): Error {
  if (isDomainError(error) && error.userFacing) return new Error(error.message);
  logger.error('trigger failed', { error: describeError(error) });
  return new Error(GENERIC_FAILURE_MESSAGE);
}

function logIncidents(logger: Logger, incidents: readonly Incident[]): void {
  for (const incident of incidents) {
    const entry = { incident: incident.code, error: describeError(incident.cause) };
    if (incident.severity === 'error') logger.error('incident', entry);
    else logger.warn('incident', entry);
  }
}
