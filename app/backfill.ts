// The `backfill` command (`npm run backfill -- <files…>`): loads Pushshift / Arctic Shift NDJSON dumps (optionally .zst or
// .gz) and saved Reddit listing JSON into the database the app uses (DATABASE_URL, or the embedded
// engine in DATA_DIR), scoring the posts as it loads them (ingest/backfill/backfill.ts). When
// `npm start` holds the embedded data directory, the work is handed to that running app through
// its control socket (runtime/control-socket.ts), with the same guarantees; progress shows here.
//
// Ctrl-C / SIGTERM stop after the batch being written; a re-run continues where it stopped.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backfillFiles, type BackfillSummary } from '../ingest/backfill/backfill.ts';
import { ProgressBar, type ProgressState } from '../ingest/backfill/progress.ts';
import { ensureActiveModel, ModelCache, defaultModelPath } from '../model/registry/models.ts';
import { boot } from '../runtime/boot.ts';
import { backfillThroughRunningApp } from '../runtime/control-client.ts';
import { loadScorerConfig } from '../scorer/config.ts';

const USAGE = `usage: npm run backfill -- [--batch-size N] [--restart] <file…>

Loads Reddit posts from NDJSON dumps (Pushshift / Arctic Shift submissions, one JSON object per
line, optionally .zst or .gz) and saved listing JSON ({"kind": "Listing", …}) into the database
(DATABASE_URL, or the embedded engine in DATA_DIR; when \`npm start\` holds it, through the running
app). Posts are scored as they are loaded and written with their scores; the aggregates are
refreshed over the loaded window at the end. Bad records go to ingest_dead_letters.

A run stopped (Ctrl-C, a kill) continues where it stopped when run again; files already read to
the end are skipped unless --restart is given (which re-reads them, refreshing stored posts'
scores and comment counts).`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'batch-size': { type: 'string', default: '2000' },
      restart: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
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
const files = args.positionals.map((f) => path.resolve(f));
if (files.length === 0) fail(USAGE);
const missing = files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
if (missing.length > 0) fail(`not a file: ${missing.join(', ')}`);
const batchSize = Number(args.values['batch-size']);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
  fail('--batch-size must be 1..50000');
const request = { files, batchSize, restart: args.values.restart };

const bar = new ProgressBar(process.stderr);
const stopping = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping.signal.aborted) return;
    console.error(`\n${signal}: stopping after the batch being written (a re-run continues from there)…`);
    stopping.abort();
  });
}

function report(summary: BackfillSummary): void {
  if (process.stderr.isTTY) process.stderr.write('\n');
  const seconds = summary.durationMs / 1000;
  const posts = summary.inserted + summary.updated;
  console.log(
    `backfill: ${summary.files} file(s) (${summary.alreadyLoaded} already loaded), ${summary.records} records in ` +
      `${seconds.toFixed(1)} s (${Math.round(posts / Math.max(seconds, 0.001))} posts/s): ` +
      `${summary.inserted} new posts, ${summary.updated} already stored (updated), ${summary.scored} scores, ` +
      `${summary.queuedForScorer} left to the scorer, ${summary.skipped} user-profile posts skipped, ` +
      `${summary.deadLetters} bad records in ingest_dead_letters; aggregates refreshed over ` +
      `${summary.refreshedWeeks} week(s)` +
      (summary.stopped ? '.\nStopped before the end: run the same command again to continue.' : ''),
  );
  const s = summary.stages;
  console.log(
    `  time (s): reading ${(s.readMs / 1000).toFixed(1)}, scoring ${(s.scoreMs / 1000).toFixed(1)}, ` +
      `waiting for the engine ${(s.waitForWriteMs / 1000).toFixed(1)} (engine writing ${(s.writeMs / 1000).toFixed(1)}), ` +
      `refreshing the aggregates ${(s.refreshMs / 1000).toFixed(1)}`,
  );
}

// Logs go to stderr with the progress bar; stdout gets the summary.
const { db, boss, log, config } = await boot({
  service: 'backfill',
  sections: { scorer: loadScorerConfig },
  logToStderr: true,
  // The running app does the work, through its control socket; this process only shows progress.
  whenDataDirLocked: async (dataDir) => {
    try {
      const summary = await backfillThroughRunningApp<ProgressState, BackfillSummary>(dataDir, request, {
        signal: stopping.signal,
        onProgress: (state) => bar.update(state),
      });
      report(summary);
      process.exit(summary.stopped ? 1 : 0);
    } catch (error) {
      console.error(
        `\nbackfill failed: ${(error as Error).message}\n(Re-running continues after the last committed batch.)`,
      );
      process.exit(1);
    }
  },
});

let exitCode = 0;
const models = new ModelCache(db, config.scorer.modelRefreshMs);
try {
  await ensureActiveModel(db, config.scorer.modelPath ?? defaultModelPath);
  const summary = await backfillFiles({
    db,
    boss,
    models,
    ...request,
    log,
    signal: stopping.signal,
    onProgress: (state, force) => bar.update(state, force),
  });
  report(summary);
  if (summary.stopped) exitCode = 1;
} catch (error) {
  log.error({ err: error }, 'backfill failed');
  console.error(
    `\nbackfill failed: ${(error as Error).message}\n(Re-running continues after the last committed batch.)`,
  );
  exitCode = 1;
} finally {
  await models.close();
  await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
  await db.close();
}
process.exit(exitCode);
