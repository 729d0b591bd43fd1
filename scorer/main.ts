// The scorer as its own process (server deployments scale these; also usable on an embedded data
// directory when nothing else holds it). `npm start` runs the same service in-process instead.
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../app/config.ts';
import { stopOnSignals } from '../app/shutdown.ts';
import { stopOnStorageFailure } from '../app/storage-watch.ts';
import { createBoss, ensureQueues } from '../db/boss.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { loadScorerConfig } from './config.ts';
import { startScorer } from './service.ts';

let appConfig;
try {
  appConfig = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}
const log = pino({ level: appConfig.logLevel, base: { service: 'scorer' } });
const db = await openDatabase({
  databaseUrl: appConfig.databaseUrl,
  dataDir: appConfig.dataDir,
  applicationName: 'seriousness-scorer',
});
let config;
try {
  config = loadScorerConfig(process.env, db.kind);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  await db.close();
  process.exit(2);
}
const attachStorageWatch = stopOnStorageFailure(db, log);
// Server deployments run the one-shot migrate role first; embedded, this process may be alone.
if (db.kind === 'embedded') await migrate(db);
const boss = createBoss(db);
boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
await boss.start();
await ensureQueues(boss);
const scorer = await startScorer({ db, boss, config, log });
log.info('scorer running');

attachStorageWatch(
  stopOnSignals(log, () => [
    // Stops taking jobs and lets the batch in flight commit.
    { name: 'scorer', run: () => scorer.stop() },
    { name: 'pg-boss', run: () => boss.stop({ graceful: true, timeout: 10_000 }) },
    { name: 'database', run: () => db.close() },
  ]),
);
