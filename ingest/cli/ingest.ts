// A standalone ingest process (server mode: one of the separate entry points next to scorer and
// api; `npm start` runs the same `startIngest` inside the all-in-one process instead).
//
//   node ingest/cli/ingest.ts        (DATABASE_URL for a server; DATA_DIR for the embedded engine)
//
// Applies pending migrations (safe: the runner takes a lock), starts pg-boss, polls Reddit until
// SIGINT/SIGTERM. Several of these may run against one server: one polls, the others stand by.
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../../app/config.ts';
import { stopOnSignals } from '../../app/shutdown.ts';
import { stopOnStorageFailure } from '../../app/storage-watch.ts';
import { createBoss, ensureQueues } from '../../db/boss.ts';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';
import { startIngest } from '../service.ts';

let appConfig;
try {
  appConfig = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const ingestConfig = appConfig.ingest;
const log = pino({ level: appConfig.logLevel, base: { service: 'ingest' } });

const db = await openDatabase({
  databaseUrl: appConfig.databaseUrl,
  dataDir: appConfig.dataDir,
  applicationName: 'reddit-seriousness-ingest',
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not open the database');
  console.error(`\n${(error as Error).message}`);
  process.exit(1);
});
const attachStorageWatch = stopOnStorageFailure(db, log);
await migrate(db);
const boss = createBoss(db);
boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
await boss.start();
await ensureQueues(boss);
const ingest = await startIngest({ db, boss, config: ingestConfig, log });
console.log(
  `ingest ready (${db.kind} engine, ${ingestConfig.mode} mode, ${ingestConfig.subreddits.join('+')})`,
);

attachStorageWatch(
  stopOnSignals(log, () => [
    { name: 'ingest', run: () => ingest.stop() },
    { name: 'pg-boss', run: () => boss.stop({ graceful: true, timeout: 10_000 }) },
    { name: 'database', run: () => db.close() },
  ]),
);
