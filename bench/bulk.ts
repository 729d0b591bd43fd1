// `npm run bench:bulk`: the bulk path (issue #13), as a user runs it. Three parts (PARTS):
//
//  - corpus:  `npm run backfill -- <the shared corpus>` on a fresh embedded data directory, timed
//             from start to exit ("every post scored and counted in subreddit_seriousness_all_time",
//             checked afterwards), with its stage timings and its memory sampled every 250 ms.
//  - app:     the same corpus handed to a running `npm start` (the backfill command finds the data
//             directory held and hands the work over), while /health is read every 100 ms and a psql
//             client reads the all-time view every 2 s; at ~40 % the app gets SIGTERM (time to exit
//             measured), is started again, and the backfill is run again: it continues. Checked the
//             same way at the end, through the app's psql port.
//  - rescore: `npm start` on RESCORE_POSTS scored posts (bench/lib/scored-posts.ts, copied so the
//             kept fill stays as it is), `npm run model:activate` of a second model, timed until the
//             new model is the active one (history re-scored, aggregates refreshed); /health and psql
//             read as above; SIGTERM at ~50 %, restart, and the walk continues.
//
// Writes bench/results/bulk.{md,json} and a chart of the re-score's progress; each app run's debug
// log goes to $SCALE_DATA_ROOT/bench-bulk-logs/.
// Environment: PARTS=corpus,app,rescore RESCORE_POSTS=1000000 SCALE_DATA_ROOT=os.tmpdir()
//   RESULTS_DIR=bench/results
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../db/open.ts';
import { openServer } from '../db/engine/server.ts';
import type { Queryable } from '../db/engine/types.ts';
import { modelByVersion } from '../db/queries/scorer.queries.ts';
import { activeModelAccounting } from '../db/queries/test/checks.queries.ts';
import { startApp, type AppProcess } from '../test/app-process.ts';
import { killChildren, spawnNode, type NodeProcess } from '../test/node-process.ts';
import { compareCaggs } from '../test/pipeline-invariant.ts';
import { writeVariantModel } from '../test/variant-model.ts';
import { lineChart } from './charts/svg.ts';
import { renderBulkReport, type Results } from './lib/bulk-report.ts';
import {
  mergeResponsiveness,
  sampleMemory,
  watchResponsiveness,
  type Responsiveness,
} from './lib/responsiveness.ts';
import { ensureScoredDataDir } from './lib/scored-posts.ts';
import { percentile } from './lib/wrk.ts';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const PARTS = env('PARTS', 'corpus,app,rescore').split(',');
const RESCORE_POSTS = Number(env('RESCORE_POSTS', '1000000'));
const DATA_ROOT = path.resolve(env('SCALE_DATA_ROOT', os.tmpdir()));
const RESULTS_DIR = path.resolve(env('RESULTS_DIR', path.join(import.meta.dirname, 'results')));
const CORPUS_DIR = path.resolve(import.meta.dirname, '../../shared/data/reddit-posts');
const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
process.on('exit', killChildren);

const corpusFiles = fs
  .readdirSync(CORPUS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    fs
      .readdirSync(path.join(CORPUS_DIR, d.name))
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => path.join(CORPUS_DIR, d.name, f)),
  )
  .sort();

const scratch = fs.mkdtempSync(path.join(DATA_ROOT, 'bench-bulk-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** Every post scored by the active model and counted in the all-time view; aggregates exact. */
async function verify(db: Queryable): Promise<{ posts: number; problems: string[] }> {
  const [a] = await activeModelAccounting.run(undefined, db);
  const problems: string[] = [];
  if (!a || a.scored !== a.posts || a.score_rows !== a.posts || a.counted !== a.posts)
    problems.push(`accounting: ${JSON.stringify(a)}`);
  await compareCaggs(db, problems);
  return { posts: a?.posts ?? 0, problems };
}

const apiUrlOf = (app: AppProcess) => /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())![1]!;
const psqlUrlOf = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

/** The app's log of each run (LOG_LEVEL=debug: maintenance jobs with their durations), for a look afterwards. */
const LOG_DIR = path.join(DATA_ROOT, 'bench-bulk-logs');
let appRuns = 0;
function keepLog(app: NodeProcess, part: string): void {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.writeFileSync(path.join(LOG_DIR, `${part}-${++appRuns}.log`), app.output());
}

async function timedStop(app: NodeProcess, part: string): Promise<number> {
  const started = performance.now();
  await app.stop(60_000);
  keepLog(app, part);
  return Math.round(performance.now() - started);
}

function backfillCommand(dataDir: string): NodeProcess {
  return spawnNode(
    ['app/backfill.ts', ...corpusFiles],
    { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    { name: 'npm run backfill', keepOutputChars: 200_000 },
  );
}

const results: Results = {
  machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  date: new Date().toISOString(),
};

if (PARTS.includes('corpus')) {
  log(`corpus: backfilling ${corpusFiles.length} files into a fresh data directory`);
  const dataDir = path.join(scratch, 'corpus');
  const started = performance.now();
  const run = backfillCommand(dataDir);
  const memory = sampleMemory(run.child.pid!);
  const code = await run.exited;
  const wallSeconds = (performance.now() - started) / 1000;
  const { peakMiB, samplesMiB } = memory.stop();
  if (code !== 0) throw new Error(`backfill exited ${code}:\n${run.output()}`);
  const summary = run
    .output()
    .split('\n')
    .find((l) => l.startsWith('backfill: '))!;
  const stages = run
    .output()
    .split('\n')
    .find((l) => l.trim().startsWith('time (s):'))!
    .trim();
  const backfillSeconds = Number(/ in ([\d.]+) s /.exec(summary)![1]);
  const db = await openDatabase({ dataDir });
  const checked = await verify(db).finally(() => db.close());
  results.corpus = {
    files: corpusFiles.length,
    posts: checked.posts,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    postsPerSecondWall: Math.round(checked.posts / wallSeconds),
    backfillSeconds,
    postsPerSecondBackfill: Math.round(checked.posts / backfillSeconds),
    stages,
    rssPeakMiB: peakMiB,
    rssP50MiB: percentile(
      [...samplesMiB].sort((a, b) => a - b),
      0.5,
    ),
    problems: checked.problems,
    summary,
  };
  log(`corpus: ${JSON.stringify(results.corpus)}`);
}

if (PARTS.includes('app')) {
  log('app: the corpus handed to a running npm start');
  const dataDir = path.join(scratch, 'app');
  let app = startApp({ DATA_DIR: dataDir, INGEST: 'off', LOG_LEVEL: 'debug' });
  let port = await app.readyPort();
  const started = performance.now();
  let watch = watchResponsiveness(apiUrlOf(app), psqlUrlOf(port));
  const first = backfillCommand(dataDir);
  // The command prints the app's progress every 5 s (stderr is not a terminal here).
  await first.waitFor(/\b([4-9]\d|100)% /, 600_000);
  // Responsiveness while it works; a stopping app answers nothing, by design.
  const beforeRestart = await watch.stop();
  const sigtermToExitMs = await timedStop(app, 'app');
  const firstExit = await first.exited;
  const stoppedFor = performance.now();
  log(`app: SIGTERM → exit ${sigtermToExitMs} ms (the backfill command exited ${firstExit})`);

  app = startApp({ DATA_DIR: dataDir, INGEST: 'off', LOG_LEVEL: 'debug' });
  port = await app.readyPort();
  const downSeconds = (performance.now() - stoppedFor) / 1000;
  watch = watchResponsiveness(apiUrlOf(app), psqlUrlOf(port));
  const second = backfillCommand(dataDir);
  const secondExit = await second.exited;
  const seconds = (performance.now() - started) / 1000 - downSeconds;
  const afterRestart = await watch.stop();
  if (secondExit !== 0) throw new Error(`second backfill exited ${secondExit}:\n${second.output()}`);
  const db = await openServer({ connectionString: psqlUrlOf(port), max: 1 });
  const checked = await verify(db).finally(() => db.close());
  await timedStop(app, 'app');
  results.app = {
    posts: checked.posts,
    secondsWithoutRestart: Math.round(seconds * 10) / 10,
    postsPerSecond: Math.round(checked.posts / seconds),
    sigtermToExitMs,
    firstCommandExit: firstExit,
    continued: /\(\d+ already loaded\)/.exec(second.output())?.[0] ?? '',
    responsiveness: mergeResponsiveness(beforeRestart, afterRestart),
    problems: checked.problems,
  };
  log(`app: ${JSON.stringify(results.app)}`);
}

if (PARTS.includes('rescore')) {
  const filled = await ensureScoredDataDir(
    { posts: RESCORE_POSTS, subreddits: 1000, days: 30 },
    log,
    DATA_ROOT,
  );
  const dataDir = path.join(scratch, 'rescore');
  log(`rescore: copying ${filled.dataDir}`);
  fs.cpSync(filled.dataDir, dataDir, { recursive: true });
  const appEnv = { DATA_DIR: dataDir, INGEST: 'off', DB_PORT_MODE: 'read-write', LOG_LEVEL: 'debug' };
  let app = startApp(appEnv);
  let port = await app.readyPort();
  let watch = watchResponsiveness(apiUrlOf(app), psqlUrlOf(port));
  const variant = writeVariantModel();
  const activate = spawnNode(['app/activate-model.ts', variant], {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    DB_PORT: String(port),
  });
  if ((await activate.exited) !== 0) throw new Error(`model:activate failed:\n${activate.output()}`);
  const version = /model ([0-9a-f]{64}) activated/.exec(activate.output())![1]!;
  let started = performance.now();
  let activeSeconds = 0;
  const progress: [number, number][] = [];
  let client = await openServer({ connectionString: psqlUrlOf(port), max: 1 });
  let sigtermToExitMs: number | undefined;
  let beforeRestart: Responsiveness | undefined;
  let total = 0;
  for (;;) {
    const [row] = await modelByVersion.run({ version }, client);
    total = row?.rescore_total ?? total;
    const t = activeSeconds + (performance.now() - started) / 1000;
    progress.push([t, row?.rescore_done ?? 0]);
    if (row?.status === 'active') break;
    if (sigtermToExitMs === undefined && total > 0 && (row?.rescore_done ?? 0) >= total / 2) {
      await client.close();
      activeSeconds = t;
      beforeRestart = await watch.stop();
      sigtermToExitMs = await timedStop(app, 'rescore');
      log(`rescore: SIGTERM at ${row?.rescore_done} → exit ${sigtermToExitMs} ms; starting again`);
      app = startApp(appEnv);
      port = await app.readyPort();
      started = performance.now();
      watch = watchResponsiveness(apiUrlOf(app), psqlUrlOf(port));
      client = await openServer({ connectionString: psqlUrlOf(port), max: 1 });
      continue;
    }
    await sleep(1_000);
  }
  const seconds = activeSeconds + (performance.now() - started) / 1000;
  const responsiveness = await watch.stop();
  const checked = await verify(client).finally(() => client.close());
  await timedStop(app, 'rescore');
  results.rescore = {
    posts: total,
    seconds: Math.round(seconds * 10) / 10,
    postsPerSecond: Math.round(total / seconds),
    sigtermToExitMs,
    responsiveness: beforeRestart ? mergeResponsiveness(beforeRestart, responsiveness) : responsiveness,
    problems: checked.problems,
  };
  log(`rescore: ${JSON.stringify(results.rescore)}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'bulk-rescore.svg'),
    lineChart({
      title: `Re-scoring ${total.toLocaleString('en-US')} posts after model:activate (SIGTERM and restart at half way)`,
      xLabel: 'seconds the app ran',
      yLabel: 'posts re-scored',
      series: [{ name: 'posts re-scored', points: progress }],
    }),
  );
}

fs.mkdirSync(RESULTS_DIR, { recursive: true });
const jsonPath = path.join(RESULTS_DIR, 'bulk.json');
const previous = fs.existsSync(jsonPath)
  ? (JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as Results)
  : undefined;
// A run of some PARTS keeps the other parts' last figures.
const merged: Results = { ...previous, ...results };
fs.writeFileSync(jsonPath, `${JSON.stringify(merged, null, 2)}\n`);

const md = renderBulkReport(merged);
fs.writeFileSync(path.join(RESULTS_DIR, 'bulk.md'), md);
console.log(md);
