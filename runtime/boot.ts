// The one way a process starts, whatever roles it runs (app/ holds the roles, each a few lines):
//
//   config → logger → database → storage watch → migrations → pg-boss → … the role … → signals
//
// A bad environment exits 2 with every bad variable named; a database that cannot be opened exits 1
// with the engine's own message. Migrations: every process that opens the database applies the
// pending ones first, under the runner's advisory lock (db/migrate.ts), so replicas starting at
// once are safe and all but one find nothing to do; the `migrate` role applies them as a step of
// its own, for deploys that want schema changes before the rollout.
//
// Stopping: `runUntilSignalled` adds pg-boss and the database (last: it flushes the embedded
// engine's files and releases the data directory's lock) after the role's own steps.
import { pino, type Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { createBoss, ensureQueues } from '../db/boss.ts';
import { migrate } from '../db/migrate.ts';
import { DataDirLockedError } from '../db/engine/data-dir-lock.ts';
import { openDatabase, type OpenedDatabase } from '../db/open.ts';
import { ConfigError, loadConfig, type ConfigOf, type SectionLoader } from './config.ts';
import { stopOnSignals, type ShutdownStep } from './shutdown.ts';
import { stopOnStorageFailure } from './storage-watch.ts';

type Sections = Record<string, SectionLoader<unknown>>;

export interface BootOptions<S extends Sections> {
  /** The process's name in log lines and in the server's pg_stat_activity.application_name. */
  service: string;
  /** The configuration sections the roles of this process read, besides the runtime's own. */
  sections: S;
  /** Logs to stderr instead of stdout (commands whose stdout is their answer). */
  logToStderr?: boolean;
  /** Logs the embedded engine host's psql-port lines (the all-in-one process serves the port). */
  engineLog?: boolean;
  /**
   * When the embedded data directory is held by another process: a hint said after the engine's
   * message (then exit 1), or what to do instead (hand the work to that process; it never returns).
   */
  whenDataDirLocked?: string | ((dataDir: string) => Promise<never>);
}

/** A process that has started but opened no database (the dashboard on its own). */
export interface Started<S extends Sections> {
  config: ConfigOf<S>;
  log: Logger;
  /** performance.now() at boot, for "ready in …". */
  startedAt: number;
  /** Exits with `code` after printing `message` (and logging `error`). */
  exit: (code: number, message: string, error?: unknown) => never;
}

/** A process with its database migrated and pg-boss started. */
export interface Runtime<S extends Sections> extends Started<S> {
  db: OpenedDatabase;
  boss: PgBoss;
  /** Runs `steps`, then stops pg-boss and closes the database, on SIGINT/SIGTERM or a storage failure. */
  runUntilSignalled: (steps: () => ShutdownStep[]) => void;
  /** Start-up failed after boot: stops what `steps` started, then pg-boss and the database, exits 1. */
  failStart: (error: unknown, steps?: () => ShutdownStep[]) => Promise<never>;
}

/** config → logger, for every process. */
export function start<S extends Sections>(options: BootOptions<S>): Started<S> {
  const startedAt = performance.now();
  let config: ConfigOf<S>;
  try {
    config = loadConfig(options.sections);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const log = pino(
    { level: config.logLevel, base: { service: options.service } },
    options.logToStderr ? pino.destination(2) : undefined,
  );
  const exit = (code: number, message: string, error?: unknown): never => {
    if (error !== undefined) log.fatal({ err: error }, message);
    console.error(`\n${message}`);
    process.exit(code);
  };
  return { config, log, startedAt, exit };
}

/** The database of a started process, or exit 1 with the engine's own message. */
export async function openDatabaseOf<S extends Sections>(
  started: Started<S>,
  options: BootOptions<S>,
): Promise<OpenedDatabase> {
  const { config, log, exit } = started;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    applicationName: `reddit-seriousness-${options.service}`,
    ...(options.engineLog ? { log: (level, message, fields) => log[level](fields, message) } : {}),
  }).catch((error: unknown) => {
    const instead = options.whenDataDirLocked;
    if (error instanceof DataDirLockedError && typeof instead === 'function') return instead(error.dataDir);
    const hint = error instanceof DataDirLockedError && typeof instead === 'string' ? instead : undefined;
    return exit(1, `${(error as Error).message}${hint ? `\n${hint}` : ''}`, error);
  });
  log.info({ engine: db.kind, dataDir: db.kind === 'embedded' ? db.dataDir : undefined }, 'database open');
  return db;
}

/** config → logger → database → storage watch → migrations → pg-boss. */
export async function boot<S extends Sections>(options: BootOptions<S>): Promise<Runtime<S>> {
  const started = start(options);
  const { log } = started;
  const db = await openDatabaseOf(started, options);
  const attachStorageWatch = stopOnStorageFailure(db, log);
  const boss = createBoss(db);
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));

  const ownSteps = (): ShutdownStep[] => [
    { name: 'pg-boss', run: () => boss.stop({ graceful: true, timeout: 10_000 }) },
    // Last: flushes the embedded engine's files and releases the data directory's lock.
    { name: 'database', run: () => db.close() },
  ];
  const failStart = async (error: unknown, steps: () => ShutdownStep[] = () => []): Promise<never> => {
    // Stop what did start, so the data directory's lock and the ports are released.
    log.fatal({ err: error }, 'start-up failed');
    console.error(`\nstart-up failed: ${(error as Error).message}`);
    for (const step of [...steps(), ...ownSteps()]) await step.run().catch(() => undefined);
    process.exit(1);
  };

  try {
    const migration = await migrate(db, {
      onProgress: ({ migration: m, durationMs }) =>
        log.info({ migration: m.file, durationMs }, 'migration applied'),
    });
    log.info(
      { applied: migration.applied.length, alreadyApplied: migration.alreadyApplied },
      'schema up to date',
    );
    await boss.start();
    await ensureQueues(boss);
  } catch (error) {
    return failStart(error);
  }

  return {
    ...started,
    db,
    boss,
    failStart,
    runUntilSignalled: (steps) => attachStorageWatch(stopOnSignals(log, () => [...steps(), ...ownSteps()])),
  };
}
