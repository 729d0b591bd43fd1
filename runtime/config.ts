// Configuration, read once per process from the environment and validated at start-up: a bad value
// stops the process with a message naming every bad variable, instead of failing later in some
// corner. Every process reads the runtime's own variables (which database, how loud) plus the
// sections of the roles it runs — the scorer reads no Reddit credentials, `migrate` no port.
//
// These names are a contract that scripts, docker-compose and the Kubernetes manifests rely on.
import path from 'node:path';
import { z } from 'zod';
import type { EngineKind } from '../db/engine/types.ts';
import { ConfigError, describeIssues } from './config-error.ts';

export { ConfigError };

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** A TCP port variable: 0..65535, 0 picks a free port. */
export const portVariable = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(0, 'must be 0..65535 (0 picks a free port)')
    .max(65_535, 'must be 0..65535 (0 picks a free port)')
    .default(fallback);

/** A bind address variable: an IP address or a host name. */
export const hostVariable = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name')
      .default(fallback),
  );

const RuntimeEnv = z.object({
  /** Server mode: a postgres:// URL of a TimescaleDB. Unset: the embedded engine. */
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  ),
  /**
   * Embedded mode: the app's directory — its lock file and the engine's files in pgdata/ (the
   * default's pgdata/ is where earlier versions kept them, so an existing checkout keeps its data).
   */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(path.join(PROJECT_ROOT, '.data'))),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Every this many seconds a log line says where the pipeline's time went (0: never). */
  TIMINGS_REPORT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
});

export type LogLevel = z.infer<typeof RuntimeEnv>['LOG_LEVEL'];

/** What every process reads: where the data is and how much to log. */
export type RuntimeConfig = Readonly<{
  databaseUrl: string | undefined;
  engine: EngineKind;
  dataDir: string;
  logLevel: LogLevel;
  timingsReportSeconds: number;
}>;

/** Reads one role's section of the environment; throws a ConfigError naming its bad variables. */
export type SectionLoader<T> = (env: NodeJS.ProcessEnv, engine: EngineKind) => T;

type Sections = Record<string, SectionLoader<unknown>>;
export type ConfigOf<S extends Sections> = RuntimeConfig & { readonly [K in keyof S]: ReturnType<S[K]> };

/** Runs one section's loader, collecting its problems instead of stopping at the first section. */
function section<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.message.split('\n').slice(1));
    return undefined;
  }
}

/** The runtime's variables and the given sections, all checked before any is used. */
export function loadConfig<S extends Sections>(
  sections: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<S> {
  const parsed = RuntimeEnv.safeParse(env);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const engine: EngineKind = env.DATABASE_URL ? 'server' : 'embedded';
  const loaded: Record<string, unknown> = {};
  for (const [name, load] of Object.entries(sections))
    loaded[name] = section(problems, () => load(env, engine));
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    engine,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    timingsReportSeconds: e.TIMINGS_REPORT_SECONDS,
    ...loaded,
  } as ConfigOf<S>;
}
