// Validation at the route: parse the raw input with its zod schema and use the parsed value from
// then on; a failure is a 400 naming each bad field (never a 500).
import type { z } from 'zod';
import { badRequest } from './middleware/errors.ts';
import { issuesOf } from './schemas.ts';

export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const first = issues[0];
    throw badRequest(
      `Invalid ${what}${first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`,
      issues,
    );
  }
  return parsed.data;
}
