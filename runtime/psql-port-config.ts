// The embedded engine's psql port and maintenance loop, as `npm start` serves them (and as the
// commands that reach a running app through the port find it). Server mode reads none of these.
import { z } from 'zod';
import { WIRE_DEFAULTS, type PortMode } from '../db/wire/defaults.ts';
import { parseEnv } from './config-error.ts';
import { portVariable } from './config.ts';

const PsqlPortEnv = z.object({
  /** The local Postgres wire port for psql and tools (127.0.0.1 only). */
  DB_PORT: portVariable(5433),
  /** A wire client's transaction idle for this long is rolled back (it blocks the app). */
  DB_PORT_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** read-only (default) or read-write (maintenance) psql port (db/wire/sql-policy.ts). */
  DB_PORT_MODE: z.enum(['read-only', 'read-write']).default(WIRE_DEFAULTS.mode),
  /** A wire client holding the engine this long from its first statement is ended. */
  DB_PORT_TRANSACTION_MAX_MS: z.coerce.number().int().min(100).default(WIRE_DEFAULTS.transactionMaxMs),
  /** A psql statement running longer restarts the engine (it cannot be interrupted). */
  DB_PORT_STATEMENT_MAX_MS: z.coerce.number().int().min(1_000).default(WIRE_DEFAULTS.statementMaxMs),
  /** Clients at once on the psql port (the next gets "too many clients"). */
  DB_PORT_MAX_CLIENTS: z.coerce.number().int().min(1).max(1000).default(WIRE_DEFAULTS.maxClients),
  /** The longest protocol message a psql-port client may send. */
  DB_PORT_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(64 * 1024 * 1024)
    .default(WIRE_DEFAULTS.maxMessageBytes),
  /** How often maintenance looks for due refresh/compression jobs (Timescale's jobs, run in-process). */
  MAINTENANCE_TICK_MS: z.coerce.number().int().min(100).default(5_000),
});

export type PsqlPortConfig = Readonly<{
  port: number;
  transactionTimeoutMs: number;
  mode: PortMode;
  transactionMaxMs: number;
  statementMaxMs: number;
  maxClients: number;
  maxMessageBytes: number;
  maintenanceTickMs: number;
}>;

export function loadPsqlPortConfig(env: NodeJS.ProcessEnv = process.env): PsqlPortConfig {
  const e = parseEnv(PsqlPortEnv, env);
  return {
    port: e.DB_PORT,
    transactionTimeoutMs: e.DB_PORT_TRANSACTION_TIMEOUT_MS,
    mode: e.DB_PORT_MODE,
    transactionMaxMs: e.DB_PORT_TRANSACTION_MAX_MS,
    statementMaxMs: e.DB_PORT_STATEMENT_MAX_MS,
    maxClients: e.DB_PORT_MAX_CLIENTS,
    maxMessageBytes: e.DB_PORT_MAX_MESSAGE_BYTES,
    maintenanceTickMs: e.MAINTENANCE_TICK_MS,
  } satisfies PsqlPortConfig;
}

/** How a command on this machine reaches a running app's engine: through its psql port. */
export function psqlPortUrl(config: PsqlPortConfig): string {
  return `postgres://postgres@127.0.0.1:${config.port}/postgres`;
}
