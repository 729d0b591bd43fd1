// The API as its own process (server mode: the `api` role of the image, next to scorer and ingest;
// `npm start` runs the same `startApi` inside the all-in-one process instead).
//
//   node api/main.ts        (DATABASE_URL for a server; DATA_DIR for the embedded engine)
//
// Binds API_HOST (default 0.0.0.0: in a container the port must be reachable from outside the
// network namespace; set API_HOST=127.0.0.1 on a shared host) and API_PORT. Does not migrate in
// server mode (the one-shot `migrate` role does); on an embedded data directory it may be alone, so
// it migrates there. On SIGTERM: stop accepting, let requests in flight finish, close pg-boss and
// the pool.
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../app/config.ts';
import { stopOnSignals } from '../app/shutdown.ts';
import { createBoss } from '../db/boss.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { ModelCache } from '../model/registry/models.ts';
import { startApi } from './server.ts';

const HOST = /^[A-Za-z0-9.:-]+$/;

let appConfig;
let host: string;
try {
  appConfig = loadConfig();
  host = process.env.API_HOST || '0.0.0.0';
  if (!HOST.test(host)) {
    throw new ConfigError(
      `Invalid environment:\n  API_HOST: must be an IP address or host name, got ${JSON.stringify(host)}`,
    );
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}
const log = pino({ level: appConfig.logLevel, base: { service: 'api' } });
const db = await openDatabase({
  databaseUrl: appConfig.databaseUrl,
  dataDir: appConfig.dataDir,
  applicationName: 'seriousness-api',
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not open the database');
  console.error(`\n${(error as Error).message}`);
  process.exit(1);
});
if (db.kind === 'embedded') await migrate(db);
// pg-boss only to read the score queue's depth for /status: this process takes no jobs.
const boss = createBoss(db);
boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
await boss.start();
const api = await startApi({
  db,
  models: new ModelCache(db, appConfig.scorer.modelRefreshMs),
  boss,
  config: appConfig.api,
  log,
  port: appConfig.apiPort,
  host,
});
console.log(`api ready on ${api.url} (${db.kind} engine, bound to ${host})`);

stopOnSignals(log, () => [
  { name: 'api', run: () => api.close() },
  { name: 'pg-boss', run: () => boss.stop({ graceful: true, timeout: 10_000 }) },
  { name: 'database', run: () => db.close() },
]);
