// `npm run bench:scale`: `npm start` on a full data directory (issue #9, "Scale"). For each size in
// SCALE_POSTS it fills (or reuses) an embedded data directory with that many scored posts
// (bench/lib/scored-posts.ts: real corpus texts, SCALE_SUBREDDITS subreddits over SCALE_DAYS days,
// policies run), then starts the all-in-one process on it as a user does (Node 24 on app/all-in-one.ts,
// test/app-process.ts) with INGEST=off — nothing new arrives, so what is measured is the data
// already there — and measures:
//   - start: spawn → the ready line, and spawn → the first 200 of GET /subreddits; SIGTERM → exit;
//   - memory of that process (VmRSS and VmHWM from /proc/<pid>/status): at the ready line, after
//     the API load, and after IDLE_SECONDS idle;
//   - API: GET /subreddits and GET /subreddit/:name (random of all subreddits): SEQUENTIAL
//     unloaded keep-alive requests, then wrk -t2 -cWRK_CONNECTIONS -dWRK_DURATION, p50/p99, req/s;
//   - the plans of the API's queries (EXPLAIN ANALYZE through the psql port, the product's own
//     query text and parameters), so a route that slows with size shows which query did;
//   - the data directory's size on disk.
// Writes bench/results/scale.{md,json} and scale-{rss,api-p99,start}.svg; prints the tables.
//
// Environment: SCALE_POSTS=100000,1000000,5000000  SCALE_SUBREDDITS=1000  SCALE_DAYS=30
//   SETTLE_SECONDS=15 (after ready, before measuring: the maintenance loop's first pass)
//   SEQUENTIAL=200  WRK_CONNECTIONS=16  WRK_DURATION=15s  IDLE_SECONDS=60  START_TIMEOUT_SECONDS=600
//   SCALE_DATA_ROOT=os.tmpdir()  RESULTS_DIR=bench/results
//   SCALE_RENDER_ONLY=1: write the tables and charts again from RESULTS_DIR/scale.json, measure nothing
// Filled directories are kept (keyed by size) so a re-run skips the fill; the command to remove
// them is printed. Needs wrk (Debian: apt-get install -y wrk).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { dataDirLayout } from '../db/engine/data-dir-lock.ts';
import { seededRandom } from '../model/train/random.ts';
import { psql, startApp, type AppProcess } from '../test/app-process.ts';
import { ensureBuilt } from '../ui/build.ts';
import { diskUsageBytes } from './lib/disk-usage.ts';
import { processMemory } from './lib/process-memory.ts';
import { explainApiQueries } from './lib/api-plans.ts';
import {
  apiTable,
  charts,
  failed,
  int,
  markdown,
  planTable,
  startTable,
  type Outcome,
  type RouteResult,
  type ScaleSettings,
  type SizeResult,
} from './lib/scale-report.ts';
import { cleanCommand, ensureScoredDataDir, scoredSubredditNames } from './lib/scored-posts.ts';
import { requireWrk, runWrk, sequentialLatency } from './lib/wrk.ts';

const numbers = (raw: string) =>
  raw
    .split(',')
    .map((s) => Number(s.replace(/_/g, '')))
    .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = numbers(process.env.SCALE_POSTS ?? '100000,1000000,5000000');
const SUBREDDITS = Number(process.env.SCALE_SUBREDDITS ?? 1_000);
const DAYS = Number(process.env.SCALE_DAYS ?? 30);
const SETTLE_SECONDS = Number(process.env.SETTLE_SECONDS ?? 15);
const SEQUENTIAL = Number(process.env.SEQUENTIAL ?? 200);
const WRK_CONNECTIONS = Number(process.env.WRK_CONNECTIONS ?? 16);
const WRK_DURATION = process.env.WRK_DURATION ?? '15s';
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const START_TIMEOUT_MS = Number(process.env.START_TIMEOUT_SECONDS ?? 600) * 1000;
const DATA_ROOT = path.resolve(process.env.SCALE_DATA_ROOT ?? os.tmpdir());
const RESULTS_DIR = path.resolve(process.env.RESULTS_DIR ?? path.join(import.meta.dirname, 'results'));

const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls GET /subreddits from spawn on; resolves with the time of the first 200. */
async function firstOk(apiUrl: string, app: AppProcess, spawnedAt: number): Promise<number> {
  const deadline = spawnedAt + START_TIMEOUT_MS;
  for (;;) {
    if (app.child.exitCode !== null)
      throw new Error(`npm start exited (${app.child.exitCode}):\n${app.output()}`);
    const ok = await fetch(`${apiUrl}/subreddits`)
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status === 200;
      })
      .catch(() => false);
    if (ok) return performance.now() - spawnedAt;
    if (performance.now() > deadline) throw new Error(`no 200 from ${apiUrl}/subreddits:\n${app.output()}`);
    await sleep(20);
  }
}

/** Resolves at the ready line (the time seen here, and the port of psql it names). */
function readyLine(
  app: AppProcess,
  spawnedAt: number,
): Promise<{ ms: number; seconds: number; dbPort: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${START_TIMEOUT_MS / 1000} s:\n${app.output()}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const out = app.output();
      const ready = /ready in ([\d.]+)s/.exec(out);
      const port = /psql postgres:\/\/postgres@127\.0\.0\.1:(\d+)\/postgres/.exec(out);
      if (ready && port) {
        clearTimeout(timer);
        app.child.stdout?.off('data', check);
        resolve({ ms: performance.now() - spawnedAt, seconds: Number(ready[1]), dbPort: Number(port[1]) });
      }
    };
    app.child.stdout?.on('data', check);
    app.exited
      .then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before its ready line:\n${app.output()}`));
      })
      .catch(reject);
  });
}

async function measureSize(posts: number, names: readonly string[]): Promise<SizeResult> {
  const spec = { posts, subreddits: SUBREDDITS, days: DAYS };
  const filled = await ensureScoredDataDir(spec, log, DATA_ROOT);
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  log(`${posts.toLocaleString('en-US')}: npm start on ${filled.dataDir} (INGEST=off, API on ${apiPort})…`);
  const spawnedAt = performance.now();
  const app = startApp({ DATA_DIR: filled.dataDir, INGEST: 'off', API_PORT: String(apiPort) });
  let stopped = false;
  try {
    const [ready, firstOkMs] = await Promise.all([
      readyLine(app, spawnedAt),
      firstOk(apiUrl, app, spawnedAt),
    ]);
    const pid = app.child.pid!;
    const atReady = processMemory(pid);
    log(
      `  ready after ${(ready.ms / 1000).toFixed(1)} s, first 200 after ${(firstOkMs / 1000).toFixed(1)} s; ` +
        `RSS ${atReady.rssMiB} MiB; settling ${SETTLE_SECONDS} s`,
    );
    await sleep(SETTLE_SECONDS * 1000);

    const random = seededRandom(posts);
    const namePath = () => `/subreddit/${names[Math.floor(random() * names.length)]!}`;
    const cases = [
      { route: 'GET /subreddits', next: () => '/subreddits', paths: ['/subreddits'] },
      { route: 'GET /subreddit/:name', next: namePath, paths: names.map((n) => `/subreddit/${n}`) },
    ];
    const routes: RouteResult[] = [];
    const loadBefore = os.loadavg()[0]!;
    for (const c of cases) {
      const sequential = await sequentialLatency(apiUrl, c.next, SEQUENTIAL);
      log(`  ${c.route}: sequential p50 ${sequential.p50Ms.toFixed(1)} ms; wrk ${WRK_DURATION}…`);
      const loaded = await runWrk({
        baseUrl: apiUrl,
        paths: c.paths,
        connections: WRK_CONNECTIONS,
        duration: WRK_DURATION,
      });
      log(`    p99 ${loaded.p99Ms.toFixed(1)} ms, ${Math.round(loaded.requestsPerSecond)} req/s`);
      routes.push({ route: c.route, sequential, loaded });
    }
    const afterLoad = processMemory(pid);
    const loadAfter = os.loadavg()[0]!;
    log(`  RSS after load ${afterLoad.rssMiB} MiB`);

    // This PGlite build boots with enable_seqscan = off: say so next to the plans it shapes.
    const enableSeqscan = await psql(ready.dbPort, 'SHOW enable_seqscan');
    const plans = await explainApiQueries(ready.dbPort, names[0]!);
    for (const p of plans) log(`  EXPLAIN ANALYZE ${p.query}: ${p.executionMs.toFixed(1)} ms`);
    log(`  idle ${IDLE_SECONDS} s`);
    await sleep(IDLE_SECONDS * 1000);
    const afterIdle = processMemory(pid);

    const stopAt = performance.now();
    app.child.kill('SIGTERM');
    const exitCode = await Promise.race([app.exited, sleep(60_000).then(() => 'timeout' as const)]);
    if (exitCode === 'timeout')
      throw new Error(`npm start did not stop within 60 s of SIGTERM:\n${app.output()}`);
    stopped = true;
    const stopMs = performance.now() - stopAt;
    const dataDirMiB = Math.round(diskUsageBytes(filled.dataDir) / 2 ** 20);
    const walMiB = Math.round(
      diskUsageBytes(path.join(dataDirLayout(filled.dataDir).engineDir, 'pg_wal')) / 2 ** 20,
    );
    log(`  stopped in ${(stopMs / 1000).toFixed(1)} s (exit ${exitCode}); data dir ${dataDirMiB} MiB`);
    return {
      posts,
      fill: { ...filled.record, reused: filled.reused },
      dataDirMiB,
      walMiB,
      start: {
        readyMs: Math.round(ready.ms),
        readyLineSeconds: ready.seconds,
        firstOkMs: Math.round(firstOkMs),
        stopMs: Math.round(stopMs),
        exitCode,
      },
      memory: { ready: atReady, afterLoad, afterIdle },
      routes,
      loadAverage: { beforeLoad: loadBefore, afterLoad: loadAfter },
      enableSeqscan,
      plans,
    };
  } finally {
    if (!stopped) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    // Next to the data directory, for whoever wants to see what the app said.
    fs.writeFileSync(path.join(path.dirname(filled.dataDir), 'npm-start.log'), app.output());
  }
}

// ---- main ---------------------------------------------------------------------------------

const settings: ScaleSettings = {
  subreddits: SUBREDDITS,
  days: DAYS,
  settleSeconds: SETTLE_SECONDS,
  sequential: SEQUENTIAL,
  wrkConnections: WRK_CONNECTIONS,
  wrkDuration: WRK_DURATION,
  idleSeconds: IDLE_SECONDS,
  ingest: 'off',
};
const jsonPath = path.join(RESULTS_DIR, 'scale.json');

/** Measures every size and saves the figures to scale.json. */
async function measureAll(): Promise<{ machine: string; outcomes: Outcome[] }> {
  requireWrk();
  if (SIZES.length === 0) {
    console.error('SCALE_POSTS must list positive integers, e.g. 100000,1000000,5000000');
    process.exit(2);
  }
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${new Date().toISOString().slice(0, 10)}`;
  log(
    `scale: ${SIZES.map(int).join(', ')} posts; ${SUBREDDITS} subreddits over ${DAYS} days; data under ${DATA_ROOT}`,
  );
  await ensureBuilt(log);
  const names = scoredSubredditNames(SUBREDDITS);
  const outcomes: Outcome[] = [];
  for (const posts of SIZES) {
    try {
      outcomes.push(await measureSize(posts, names));
    } catch (error) {
      log(`${posts.toLocaleString('en-US')} posts failed: ${(error as Error).stack ?? String(error)}`);
      outcomes.push({ posts, error: (error as Error).message });
    }
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(jsonPath, `${JSON.stringify({ machine, settings, sizes: outcomes }, null, 2)}\n`);
  return { machine, outcomes };
}

/** SCALE_RENDER_ONLY=1: the tables and charts again from scale.json, nothing measured. */
function savedFigures(): { machine: string; outcomes: Outcome[] } {
  const saved = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as {
    machine: string;
    settings: typeof settings;
    sizes: Outcome[];
  };
  // The labels quote the settings: render with those the figures were taken with.
  if (JSON.stringify(saved.settings) !== JSON.stringify(settings)) {
    console.error(
      `${jsonPath} was measured with ${JSON.stringify(saved.settings)}: set the same environment`,
    );
    process.exit(2);
  }
  log(`rendering ${jsonPath} again (nothing measured)`);
  return { machine: saved.machine, outcomes: saved.sizes };
}

const { machine, outcomes } = process.env.SCALE_RENDER_ONLY === '1' ? savedFigures() : await measureAll();
fs.writeFileSync(path.join(RESULTS_DIR, 'scale.md'), markdown(outcomes, machine, settings));
for (const [file, svg] of Object.entries(charts(outcomes, settings)))
  fs.writeFileSync(path.join(RESULTS_DIR, file), svg);

console.log(`\n${machine}; ${SUBREDDITS} subreddits over ${DAYS} days; INGEST=off\n`);
console.log(startTable(outcomes));
console.log('');
console.log(apiTable(outcomes, settings));
console.log('');
console.log(planTable(outcomes));
console.log(
  `\nwrote ${RESULTS_DIR}/scale.${process.env.SCALE_RENDER_ONLY === '1' ? 'md' : '{md,json}'} and scale-{rss,api-p99,start}.svg`,
);
console.log(`filled data directories are kept for re-runs; remove them with: ${cleanCommand(DATA_ROOT)}`);
if (outcomes.some(failed)) {
  console.error(
    `failed: ${outcomes
      .filter(failed)
      .map((o) => `${int(o.posts)} posts`)
      .join(', ')}`,
  );
  process.exit(1);
}
