// The configuration of `npm start` (the all-in-one process), read once from the environment and
// validated at start-up: a bad value stops the process with a message naming the variable, instead
// of failing later in some corner. Every default lives here.
//
// These names are a contract that scripts, docker-compose and later processes rely on.
import path from 'node:path';
import { z } from 'zod';
import { loadApiConfig, type ApiConfig } from '../api/config.ts';
import { loadIngestConfig, type IngestConfig } from '../ingest/config.ts';
import { loadScorerConfig, type ScorerConfig } from '../scorer/config.ts';
import { ConfigError, describeIssues } from './config-error.ts';
import { WIRE_DEFAULTS, type PortMode } from '../db/wire/defaults.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const port = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(0, 'must be 0..65535 (0 picks a free port)')
    .max(65_535, 'must be 0..65535 (0 picks a free port)')
    .default(fallback);

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const EnvSchema = z.object({
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
  /** Embedded mode: the local Postgres wire port for psql and tools (127.0.0.1 only). */
  DB_PORT: port(5433),
  API_PORT: port(8080),
  UI_PORT: port(3000),
  /** Where the API and the dashboard listen. Loopback for a laptop; the image sets 0.0.0.0. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  UI_HOST: z.string().min(1).default('127.0.0.1'),
  /** Embedded mode: a wire client's transaction idle for this long is rolled back (it blocks the app). */
  DB_PORT_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Embedded mode: read-only (default) or read-write (maintenance) psql port (db/wire/sql-policy.ts). */
  DB_PORT_MODE: z.enum(['read-only', 'read-write']).default(WIRE_DEFAULTS.mode),
  /** Embedded mode: a wire client holding the engine this long from its first statement is ended. */
  DB_PORT_TRANSACTION_MAX_MS: z.coerce.number().int().min(100).default(WIRE_DEFAULTS.transactionMaxMs),
  /** Embedded mode: a psql statement running longer restarts the engine (it cannot be interrupted). */
  DB_PORT_STATEMENT_MAX_MS: z.coerce.number().int().min(1_000).default(WIRE_DEFAULTS.statementMaxMs),
  /** Embedded mode: clients at once on the psql port (the next gets "too many clients"). */
  DB_PORT_MAX_CLIENTS: z.coerce.number().int().min(1).max(1000).default(WIRE_DEFAULTS.maxClients),
  /** Embedded mode: the longest protocol message a psql-port client may send. */
  DB_PORT_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(64 * 1024 * 1024)
    .default(WIRE_DEFAULTS.maxMessageBytes),
  /** Embedded mode: how often maintenance looks for due refresh/compression jobs. */
  MAINTENANCE_TICK_MS: z.coerce.number().int().min(100).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export type AppConfig = Readonly<{
  databaseUrl: string | undefined;
  dataDir: string;
  dbPort: number;
  apiPort: number;
  uiPort: number;
  apiHost: string;
  uiHost: string;
  dbPortTransactionTimeoutMs: number;
  dbPortMode: PortMode;
  dbPortTransactionMaxMs: number;
  dbPortStatementMaxMs: number;
  dbPortMaxClients: number;
  dbPortMaxMessageBytes: number;
  maintenanceTickMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** The services `npm start` runs in-process, each with its own validated section. */
  api: ApiConfig;
  ingest: IngestConfig;
  scorer: ScorerConfig;
}>;

export { ConfigError };

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const engine = env.DATABASE_URL ? 'server' : 'embedded';
  const api = section(problems, () => loadApiConfig(env));
  const ingest = section(problems, () => loadIngestConfig(env));
  const scorer = section(problems, () => loadScorerConfig(env, engine));
  if (!parsed.success || !api || !ingest || !scorer || problems.length > 0) {
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    dbPort: e.DB_PORT,
    apiPort: e.API_PORT,
    uiPort: e.UI_PORT,
    apiHost: e.API_HOST,
    uiHost: e.UI_HOST,
    dbPortTransactionTimeoutMs: e.DB_PORT_TRANSACTION_TIMEOUT_MS,
    dbPortMode: e.DB_PORT_MODE,
    dbPortTransactionMaxMs: e.DB_PORT_TRANSACTION_MAX_MS,
    dbPortStatementMaxMs: e.DB_PORT_STATEMENT_MAX_MS,
    dbPortMaxClients: e.DB_PORT_MAX_CLIENTS,
    dbPortMaxMessageBytes: e.DB_PORT_MAX_MESSAGE_BYTES,
    maintenanceTickMs: e.MAINTENANCE_TICK_MS,
    logLevel: e.LOG_LEVEL,
    api,
    ingest,
    scorer,
  } satisfies AppConfig;
}
