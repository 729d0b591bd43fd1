// `npm run backfill -- <files…>`: loads Pushshift / Arctic Shift NDJSON dumps (optionally .zst or
// .gz) and saved Reddit listing JSON into the database the app uses (DATABASE_URL, or the embedded
// engine in DATA_DIR — which must not be open in `npm start` at the same time), through the same
// write path as the poller. Safe to re-run: nothing is stored or enqueued twice.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../../app/config.ts';
import { createBoss, ensureQueues } from '../../db/boss.ts';
import { DataDirLockedError } from '../../db/engine/data-dir-lock.ts';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';
import { backfillFiles } from '../backfill/backfill.ts';
import { ProgressBar } from '../backfill/progress.ts';

const USAGE = `usage: npm run backfill -- [--batch-size N] <file…>

Loads Reddit posts from NDJSON dumps (Pushshift / Arctic Shift submissions, one JSON object per
line, optionally .zst or .gz) and saved listing JSON ({"kind": "Listing", …}) into the database
(DATABASE_URL, or the embedded engine in DATA_DIR). New posts get a score job; posts already
stored only have their score and comment count updated. Bad records go to ingest_dead_letters.`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { 'batch-size': { type: 'string', default: '1000' }, help: { type: 'boolean', short: 'h' } },
  });
}
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const files = args.positionals;
if (files.length === 0) fail(USAGE);
const missing = files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
if (missing.length > 0) fail(`not a file: ${missing.join(', ')}`);
const batchSize = Number(args.values['batch-size']);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
  fail('--batch-size must be 1..50000');

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
// Logs go to stderr with the progress bar; stdout gets the summary.
const log = pino({ level: config.logLevel, base: { service: 'backfill' } }, pino.destination(2));

const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  applicationName: 'reddit-seriousness-backfill',
}).catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    fail(
      `${error.message}\n(Stop \`npm start\` while backfilling the embedded engine, or use DATABASE_URL.)`,
      1,
    );
  }
  fail(`could not open the database: ${(error as Error).message}`, 1);
});

let exitCode = 0;
const boss = createBoss(db);
boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
try {
  await migrate(db);
  await boss.start();
  await ensureQueues(boss);
  const bar = new ProgressBar(process.stderr);
  const summary = await backfillFiles({
    db,
    boss,
    files,
    batchSize,
    log,
    onProgress: (state, force) => bar.update(state, force),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `backfill: ${summary.files} file(s), ${summary.records} records in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
      `${summary.inserted} new posts (score jobs enqueued), ${summary.updated} already stored (updated), ` +
      `${summary.skipped} user-profile posts skipped, ${summary.deadLetters} bad records in ingest_dead_letters`,
  );
} catch (error) {
  log.error({ err: error }, 'backfill failed');
  console.error(
    `\nbackfill failed: ${(error as Error).message}\n(Re-running is safe: committed batches are not duplicated.)`,
  );
  exitCode = 1;
} finally {
  await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
  await db.close();
}
process.exit(exitCode);
