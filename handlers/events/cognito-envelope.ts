import * as z from 'zod/mini';

/**
 * The fields every Cognito trigger event carries. Parsing is permissive (Cognito adds fields over
 * time): unknown fields pass through untouched, only what the handlers rely on is checked.
 */
export const cognitoEnvelope = z.looseObject({
  version: z.optional(z.string()),
  region: z.optional(z.string()),
  userPoolId: z.string().check(z.minLength(1)),
  userName: z.string().check(z.minLength(1)),
  triggerSource: z.string().check(z.minLength(1)),
  callerContext: z.optional(
    z.looseObject({ awsSdkVersion: z.optional(z.string()), clientId: z.optional(z.string()) }),
  ),
  request: z.looseObject({
    userAttributes: z.optional(z.record(z.string(), z.unknown())),
  }),
  response: z.nullish(z.record(z.string(), z.unknown())),
});

export type CognitoEnvelope = z.infer<typeof cognitoEnvelope>;

export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/** Names the offending fields without echoing their values (they may hold credentials). */
export function parseEnvelope<T extends z.ZodMiniType>(schema: T, event: unknown): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(event)'))];
    throw new MalformedEventError(`malformed event: invalid or missing ${fields.join(', ')}`);
  }
  return parsed.data;
}

/** A string user attribute, or undefined when absent or not a non-empty string. */
export function stringAttribute(attributes: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = attributes?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
