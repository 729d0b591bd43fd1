// The `backfill` command (`npm run backfill -- <files…>`): loads Pushshift / Arctic Shift NDJSON dumps (optionally .zst or
// .gz) and saved Reddit listing JSON into the database the app uses (DATABASE_URL, or the embedded
// engine in DATA_DIR — which must not be open in `npm start` at the same time), through the same
// write path as the poller. Safe to re-run: nothing is stored or enqueued twice.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { backfillFiles } from '../ingest/backfill/backfill.ts';
import { ProgressBar } from '../ingest/backfill/progress.ts';
import { boot } from '../runtime/boot.ts';

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

// Logs go to stderr with the progress bar; stdout gets the summary.
const { db, boss, log } = await boot({
  service: 'backfill',
  sections: {},
  logToStderr: true,
  whenDataDirLocked: '(Stop `npm start` while backfilling the embedded engine, or use DATABASE_URL.)',
});

let exitCode = 0;
try {
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
