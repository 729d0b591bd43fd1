// `npm start`: the whole product in one process.
//
// Embedded mode (no DATABASE_URL): opens PGlite-TimescaleDB in DATA_DIR, migrates, starts pg-boss,
// runs the policy jobs that Timescale's background workers would run on a server, and serves the
// database to psql on DB_PORT. Server mode: the same against DATABASE_URL (no wire port, no
// maintenance loop: the server has both).
//
// Prints one ready line with every address, and stops cleanly on SIGINT/SIGTERM: pg-boss stopped,
// port released, data flushed and the data directory's lock removed.
import { pino } from 'pino';
import { createBoss, ensureQueues } from '../db/boss.ts';
import { openDatabase } from '../db/open.ts';
import { startMaintenance, type Maintenance } from '../db/maintenance.ts';
import { migrate } from '../db/migrate.ts';
import type { HostedWirePort } from '../db/host/hosted.ts';
import type { PgBoss } from 'pg-boss';
import { startApi, type ApiServer } from '../api/server.ts';
import { startIngest, type IngestService } from '../ingest/service.ts';
import { ModelCache } from '../model/registry/models.ts';
import { startScorer, type ScorerService } from '../scorer/service.ts';
import { startUi, type UiServer } from '../ui/server.ts';
import { ConfigError, loadConfig } from './config.ts';
import { stopOnSignals, type ShutdownStep } from './shutdown.ts';
import { stopOnStorageFailure } from './storage-watch.ts';
import { redactUrl } from './redact-url.ts';

const started = performance.now();
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const log = pino({ level: config.logLevel, base: { service: 'all-in-one' } });

const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  log: (level, message, fields) => log[level](fields, message),
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not open the database');
  console.error(`\n${(error as Error).message}`);
  process.exit(1);
});
log.info({ engine: db.kind, dataDir: db.kind === 'embedded' ? db.dataDir : undefined }, 'database open');
const attachStorageWatch = stopOnStorageFailure(db, log);

let boss: PgBoss | undefined;
let wire: HostedWirePort | undefined;
let maintenance: Maintenance | undefined;
let scorer: ScorerService | undefined;
let ingest: IngestService | undefined;
let api: ApiServer | undefined;
let ui: UiServer | undefined;

// Stop order: no new requests, no new posts, finish the batch in flight, then the database.
const stopSteps = (): ShutdownStep[] => [
  { name: 'ui', run: async () => ui?.close() },
  { name: 'api', run: async () => api?.close() },
  { name: 'psql port', run: async () => wire?.close() },
  { name: 'ingest', run: async () => ingest?.stop() },
  { name: 'scorer', run: async () => scorer?.stop() },
  { name: 'maintenance', run: async () => maintenance?.stop() },
  { name: 'pg-boss', run: async () => boss?.stop({ graceful: true, timeout: 10_000 }) },
  // Last: flushes the embedded engine's files and releases the data directory's lock.
  { name: 'database', run: () => db.close() },
];

try {
  const migration = await migrate(db, {
    onProgress: ({ migration: m, durationMs }) =>
      log.info({ migration: m.file, durationMs }, 'migration applied'),
  });
  log.info(
    { applied: migration.applied.length, alreadyApplied: migration.alreadyApplied },
    'schema up to date',
  );

  boss = createBoss(db);
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await ensureQueues(boss);

  if (db.kind === 'embedded') {
    maintenance = startMaintenance(db, {
      tickMs: config.maintenanceTickMs,
      onEvent: (event) =>
        event.error
          ? log.error({ job: event.job, err: event.error }, 'maintenance job failed')
          : log.debug({ job: event.job, durationMs: event.durationMs }, 'maintenance job done'),
    });
    wire = await db
      .startWirePort({
        host: '127.0.0.1',
        port: config.dbPort,
        transactionTimeoutMs: config.dbPortTransactionTimeoutMs,
        mode: config.dbPortMode,
        transactionMaxMs: config.dbPortTransactionMaxMs,
        statementMaxMs: config.dbPortStatementMaxMs,
        maxClients: config.dbPortMaxClients,
        maxMessageBytes: config.dbPortMaxMessageBytes,
      })
      .catch((error: unknown) => {
        throw portError('DB_PORT', config.dbPort, error);
      });
  }

  // The pipeline. Neither waits on the other: ingest keeps retrying an unreachable Reddit with
  // backoff, while the scorer, the port and the API carry on.
  if (config.scorer.enabled) scorer = await startScorer({ db, boss, config: config.scorer, log });
  if (config.ingest.enabled) ingest = await startIngest({ db, boss, config: config.ingest, log });

  // The API explains scores with the scorer's models; with the scorer off it loads them itself.
  api = await startApi({
    db,
    models: scorer?.models ?? new ModelCache(db, config.scorer.modelRefreshMs),
    boss,
    config: config.api,
    log: log.child({ service: 'api' }),
    port: config.apiPort,
    host: config.apiHost,
  }).catch((error: unknown) => {
    throw portError('API_PORT', config.apiPort, error);
  });

  // The dashboard reads only the API (server-side rendering included); builds itself if needed.
  ui = await startUi({
    apiUrl: api.url,
    port: config.uiPort,
    host: config.uiHost,
    log: (line) => log.info(line),
  }).catch((error: unknown) => {
    throw portError('UI_PORT', config.uiPort, error);
  });
} catch (error) {
  // Stop what did start, so the data directory's lock and the ports are released.
  log.fatal({ err: error }, 'start-up failed');
  console.error(`\nstart-up failed: ${(error as Error).message}`);
  for (const step of stopSteps()) await step.run().catch(() => undefined);
  process.exit(1);
}

/** A port already taken is the likeliest start-up failure: say which variable moves it. */
function portError(variable: string, port: number, error: unknown): Error {
  const code =
    (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code;
  if (code === 'EADDRINUSE' || /EADDRINUSE/.test((error as Error).message)) {
    return new Error(`port ${port} is already in use: set ${variable} to another port (0 picks a free one)`, {
      cause: error,
    });
  }
  return error as Error;
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const lines = [
  `ready in ${seconds}s (${db.kind} engine${db.kind === 'embedded' ? `, data in ${db.dataDir}` : ''})`,
  wire
    ? `  psql:  psql ${wire.connectionString()}   (or: psql -h 127.0.0.1 -p ${wire.port} -U postgres postgres)`
    : `  database: ${redactUrl(config.databaseUrl ?? '')}`,
  ingest
    ? `  ingest: polling ${config.ingest.subreddits.map((name) => `r/${name}`).join(', ')} every ${config.ingest.pollIntervalMs} ms ` +
      `via ${config.ingest.mode === 'oauth' ? `OAuth at ${config.ingest.apiUrl}` : `Reddit's public JSON at ${config.ingest.publicUrl} (no credentials: lower rate limit)`}`
    : `  ingest: off (INGEST=off)`,
  scorer
    ? `  scorer: batches of ${config.scorer.batchSize}, model ${(scorer.activeVersion ?? '').slice(0, 12)}`
    : `  scorer: off (SCORER=off)`,
  `  API:   ${api.url}   (docs: ${api.url}/docs, OpenAPI: ${api.url}/openapi.json)`,
  `  UI:    ${ui.url}`,
];
console.log(lines.join('\n'));

attachStorageWatch(stopOnSignals(log, stopSteps));
