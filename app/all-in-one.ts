// `npm start`: the whole product in one process.
//
// Embedded mode (no DATABASE_URL): opens PGlite-TimescaleDB in DATA_DIR, migrates, starts pg-boss,
// runs the policy jobs that Timescale's background workers would run on a server, and serves the
// database to psql on DB_PORT. Server mode: the same against DATABASE_URL (no wire port, no
// maintenance loop: the server has both).
//
// Prints one ready line with every address, and stops cleanly on SIGINT/SIGTERM: pg-boss stopped,
// port released, data flushed and the data directory's lock removed.
import { BulkActivity } from '../db/bulk-activity.ts';
import { watchDataChanges, type DataChangeFeed } from '../db/data-changes.ts';
import { startMaintenance, type Maintenance } from '../db/maintenance.ts';
import type { HostedWirePort } from '../db/host/hosted.ts';
import { loadApiConfig } from '../api/config.ts';
import { startApi, type ApiServer } from '../api/server.ts';
import { loadIngestConfig } from '../ingest/config.ts';
import { startIngest, type IngestService } from '../ingest/service.ts';
import { backfillFiles } from '../ingest/backfill/backfill.ts';
import { ensureActiveModel, ModelCache } from '../model/registry/models.ts';
import { loadScorerConfig } from '../scorer/config.ts';
import { startScorer, type ScorerService } from '../scorer/service.ts';
import { loadUiConfig } from '../ui/config.ts';
import { startUi, type UiServer } from '../ui/server.ts';
import { boot } from '../runtime/boot.ts';
import { startPipelineReport } from '../runtime/pipeline-report.ts';
import { StageTimings } from '../runtime/stage-timings.ts';
import { startControlSocket, type ControlSocket } from '../runtime/control-socket.ts';
import { loadPsqlPortConfig } from '../runtime/psql-port-config.ts';
import type { ShutdownStep } from '../runtime/shutdown.ts';
import { redactUrl } from '../runtime/redact-url.ts';

const runtime = await boot({
  service: 'all-in-one',
  sections: {
    psqlPort: loadPsqlPortConfig,
    api: loadApiConfig,
    ui: loadUiConfig,
    ingest: loadIngestConfig,
    scorer: loadScorerConfig,
  },
  engineLog: true,
});
const { config, db, boss, log } = runtime;

let wire: HostedWirePort | undefined;
let maintenance: Maintenance | undefined;
let maintenanceChanges: DataChangeFeed | undefined;
let scorer: ScorerService | undefined;
let ingest: IngestService | undefined;
let api: ApiServer | undefined;
let ui: UiServer | undefined;
let control: ControlSocket | undefined;
// Backfills and re-scores hold the embedded refresh policies back while they run (db/bulk-activity.ts).
const bulk = new BulkActivity();
// The embedded maintenance jobs' time on the engine, beside the pipeline's in the timings report.
const maintenanceTimings = new StageTimings();
let stopReport: () => void = () => undefined;

// Stop order: no new requests, no new posts, finish the batch in flight; then (runtime/boot.ts)
// pg-boss and the database.
const stopSteps = (): ShutdownStep[] => [
  // First: a backfill handed over on it stops after its batch in flight (a re-run continues).
  { name: 'control socket', run: async () => control?.close() },
  { name: 'ui', run: async () => ui?.close() },
  { name: 'api', run: async () => api?.close() },
  { name: 'psql port', run: async () => wire?.close() },
  { name: 'ingest', run: async () => ingest?.stop() },
  { name: 'scorer', run: async () => scorer?.stop() },
  {
    name: 'maintenance',
    run: async () => {
      await maintenance?.stop();
      await maintenanceChanges?.close();
    },
  },
  // Last: the report's final line covers the work the steps above finished.
  { name: 'timings report', run: async () => stopReport() },
];

async function startRoles(): Promise<{ api: ApiServer; ui: UiServer }> {
  if (db.kind === 'embedded') {
    maintenanceChanges = await watchDataChanges(db);
    maintenance = startMaintenance(db, {
      tickMs: config.psqlPort.maintenanceTickMs,
      ...(maintenanceChanges ? { changes: maintenanceChanges } : {}),
      bulk,
      onEvent: (event) => {
        // One stage per job, not per id or count ("analyze (3 changed tables)" → maintenance.analyze).
        const stage = event.job.replace(/\s*#\d+/g, '').replace(/ \(\d+ [^)]*\)$/, '');
        maintenanceTimings.record(`maintenance.${stage}`, event.durationMs);
        if (event.error) log.error({ job: event.job, err: event.error }, 'maintenance job failed');
        else log.debug({ job: event.job, durationMs: event.durationMs }, 'maintenance job done');
      },
    });
    wire = await db
      .startWirePort({
        host: '127.0.0.1',
        port: config.psqlPort.port,
        transactionTimeoutMs: config.psqlPort.transactionTimeoutMs,
        mode: config.psqlPort.mode,
        transactionMaxMs: config.psqlPort.transactionMaxMs,
        statementMaxMs: config.psqlPort.statementMaxMs,
        maxClients: config.psqlPort.maxClients,
        maxMessageBytes: config.psqlPort.maxMessageBytes,
      })
      .catch((error: unknown) => {
        throw portError('DB_PORT', config.psqlPort.port, error);
      });
  }

  // The pipeline. Neither waits on the other: ingest keeps retrying an unreachable Reddit with
  // backoff, while the scorer, the port and the API carry on.
  if (config.scorer.enabled) scorer = await startScorer({ db, boss, config: config.scorer, log, bulk });
  if (config.ingest.enabled) ingest = await startIngest({ db, boss, config: config.ingest, log });

  // The API and backfills score with the scorer's models; with the scorer off they load them.
  const models = scorer?.models ?? new ModelCache(db, config.scorer.modelRefreshMs);
  const apiServer = await startApi({
    db,
    models,
    boss,
    config: config.api,
    log: log.child({ service: 'api' }),
  }).catch((error: unknown) => {
    throw portError('API_PORT', config.api.port, error);
  });

  // The dashboard reads only the API (server-side rendering included); builds itself if needed.
  api = apiServer;
  ui = await startUi({
    apiUrl: apiServer.url,
    port: config.ui.port,
    host: config.ui.host,
    log: (line) => log.info(line),
  }).catch((error: unknown) => {
    throw portError('UI_PORT', config.ui.port, error);
  });

  // `npm run backfill` beside this app hands its work over here (the data directory is ours).
  // Not fatal: a socket path past the kernel's ~107-byte limit (a deep DATA_DIR) loses only this.
  if (db.kind === 'embedded' && db.dataDir !== null) {
    control = await startControlSocket({
      dataDir: db.dataDir,
      log,
      runBackfill: async (request, signal, onProgress) => {
        await ensureActiveModel(db, config.scorer.modelPath);
        return bulk.during(() => backfillFiles({ db, boss, models, ...request, log, signal, onProgress }));
      },
    }).catch((error: unknown) => {
      log.warn({ err: error }, 'no control socket: `npm run backfill` cannot hand its work to this app');
      return undefined;
    });
  }
  return { api: apiServer, ui };
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

const served = await startRoles().catch((error: unknown) => runtime.failStart(error, stopSteps));
stopReport = startPipelineReport({
  log,
  intervalSeconds: config.timingsReportSeconds,
  sources: () => [ingest?.timings, scorer?.worker.timings, maintenanceTimings].filter((t) => t !== undefined),
  ...(db.kind === 'embedded' ? { engineThreadUtilization: () => db.engineThreadUtilization() } : {}),
});
const seconds = ((performance.now() - runtime.startedAt) / 1000).toFixed(1);
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
  `  API:   ${served.api.url}   (docs: ${served.api.url}/docs, OpenAPI: ${served.api.url}/openapi.json)`,
  `  UI:    ${served.ui.url}`,
];
console.log(lines.join('\n'));

runtime.runUntilSignalled(stopSteps);
