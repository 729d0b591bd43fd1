// The one error type for a bad environment, shared by every process's config module, and the one
// way they word a problem: "  VARIABLE: what is wrong", one line each.
import type { z } from 'zod';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }

  static fromProblems(problems: readonly string[]): ConfigError {
    return new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  }
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
}

/** Parses the environment with a schema, or throws a ConfigError naming every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw ConfigError.fromProblems(describeIssues(parsed.error));
  return parsed.data;
}
