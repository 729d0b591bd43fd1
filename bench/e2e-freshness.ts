// `node bench/e2e-freshness.ts`: end-to-end freshness and throughput (issue #9), the product as a
// user runs it. Starts `npm start` (Node 24, app/start.ts) as a child process on a fresh embedded
// data directory, pointed at an in-process fake Reddit; publishes posts into SUBREDDITS at a fixed
// rate; and watches `GET /subreddit/:name` of every subreddit until each post is counted.
//
// Freshness of a post = time from its publication in the fake's listing to the API's answer in
// which (a) the hourly series' postCount for the post's hour and (b) the all-time postCount reach
// the number of that subreddit's posts published up to and including it. Counts are monotonic, so
// "count ≥ rank" means the post (or an equal number of its predecessors) is in the figure. The
// time taken is the moment the API's answer arrived (an upper bound, off by ≤ one observe period).
//
// Throughput: after the freshness rates, the rate is ramped (×1.5) until lag grows without bound
// (backlog rising through the stage, or not drained within DRAIN_SECONDS after the publisher
// stops), then bisected; a stage that never drained is followed by a fresh app and data directory. Baseline: a raw batched INSERT of the same kind of rows (posts +
// scores, 1,000 per transaction, db/test/fixtures.ts) on a fresh embedded engine after the app has
// stopped. Writes bench/results/e2e-*.{json,svg} and prints a Markdown table for the README.
//
// Environment (defaults keep the whole run under ~8 minutes on 2 cores):
//   FRESHNESS_RATES=10,100,1000  STAGE_SECONDS=20  WARMUP_SECONDS=5  OBSERVE_MS=200  RAMP_OBSERVE_MS=1000
//   RAMP_STAGE_SECONDS=15  MAX_RAMP_STAGES=3  DRAIN_SECONDS=30  RAW_POSTS=50000
//   BENCH_SUBREDDITS=a,b,…(10)  RESULTS_DIR=bench/results
//   MAX_PAGES_PER_POLL=10  SUBREDDITS_PER_LISTING=1 (passed to the app; see below)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbedded } from '../db/engine/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { makeActive, registerModel } from '../db/queries/scorer.queries.ts';
import { insertPostScores, insertPosts, type TestPost } from '../db/test/fixtures.ts';
import { loadCorpus, type CorpusPost } from '../ingest/fake-reddit/corpus.ts';
import { startFakeReddit, type FakePostInput, type FakeReddit } from '../ingest/fake-reddit/server.ts';
import { barChart, lineChart } from './charts/svg.ts';

const numbers = (raw: string) =>
  raw
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const FRESHNESS_RATES = numbers(process.env.FRESHNESS_RATES ?? '10,100,1000');
const STAGE_SECONDS = Number(process.env.STAGE_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 5);
const OBSERVE_MS = Number(process.env.OBSERVE_MS ?? 200);
// The observers' reads are real-time aggregates on the same single-session engine: at 200 ms x 10
// subreddits they take a large share of it. The ramp watches less often to measure the pipeline.
const RAMP_OBSERVE_MS = Number(process.env.RAMP_OBSERVE_MS ?? 1000);
const RAMP_STAGE_SECONDS = Number(process.env.RAMP_STAGE_SECONDS ?? 15);
const MAX_RAMP_STAGES = Number(process.env.MAX_RAMP_STAGES ?? 3);
const DRAIN_SECONDS = Number(process.env.DRAIN_SECONDS ?? 30);
const RAW_POSTS = Number(process.env.RAW_POSTS ?? 50_000);
const MAX_PAGES_PER_POLL = process.env.MAX_PAGES_PER_POLL ?? '10';
// One listing per subreddit: a listing holds only its newest 1,000 posts (Reddit's cap, post-store.ts),
// so one `/r/a+b+…/new` listing cannot follow much more than ~1,000 posts per poll cycle.
const SUBREDDITS_PER_LISTING = process.env.SUBREDDITS_PER_LISTING ?? '1';
const POLL_INTERVAL_MS = 1000;
const SUBREDDITS = (
  process.env.BENCH_SUBREDDITS ??
  'askscience,Jokes,worldnews,dadjokes,science,funny,AskHistorians,Showerthoughts,explainlikeimfive,memes'
).split(',');
const RESULTS_DIR = path.resolve(process.env.RESULTS_DIR ?? path.join(import.meta.dirname, 'results'));
const NODE = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const HOUR_MS = 3_600_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---- the fake Reddit and the published posts -----------------------------------------------

interface Tracked {
  stage: number;
  publishedAt: number;
  hour: number;
  measured: boolean;
  hourlyAt?: number;
  allTimeAt?: number;
}

interface SubState {
  name: string;
  all: Tracked[];
  byHour: Map<number, Tracked[]>;
  allSeen: number;
  hourSeen: Map<number, number>;
}

let subs: SubState[] = [];
let publishedTotal = 0;
function resetSubs(): void {
  subs = SUBREDDITS.map((name) => ({ name, all: [], byHour: new Map(), allSeen: 0, hourSeen: new Map() }));
  publishedTotal = 0;
}

const corpus = loadCorpus();
const corpusBySub = new Map<string, CorpusPost[]>();
for (const post of corpus) {
  const key = post.subreddit.toLowerCase();
  const list = corpusBySub.get(key) ?? [];
  list.push(post);
  corpusBySub.set(key, list);
}
let pickSeed = 12345;
const random = () => {
  // xorshift32: reproducible texts and subreddit picks.
  pickSeed ^= pickSeed << 13;
  pickSeed ^= pickSeed >>> 17;
  pickSeed ^= pickSeed << 5;
  return (pickSeed >>> 0) / 2 ** 32;
};
const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function publishBatch(fake: FakeReddit, stage: number, count: number, measured: boolean): void {
  const now = Date.now();
  const createdUtc = Math.floor(now / 1000);
  const hour = Math.floor((createdUtc * 1000) / HOUR_MS);
  const inputs: FakePostInput[] = [];
  const targets: SubState[] = [];
  for (let i = 0; i < count; i++) {
    const sub = choose(subs);
    const text = choose(corpusBySub.get(sub.name.toLowerCase()) ?? corpus);
    inputs.push({ subreddit: sub.name, title: text.title, selftext: text.selftext, created_utc: createdUtc });
    targets.push(sub);
  }
  fake.publish(inputs);
  for (const sub of targets) {
    const post: Tracked = { stage, publishedAt: now, hour, measured };
    sub.all.push(post);
    const list = sub.byHour.get(hour) ?? [];
    list.push(post);
    sub.byHour.set(hour, list);
  }
  publishedTotal += count;
}

// ---- the app and its observers (one sequential loop per subreddit) ------------------------

const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
let runCounter = 0;

interface Run {
  fake: FakeReddit;
  child: ChildProcess;
  exited: Promise<number | null>;
  apiUrl: string;
  fromIso: string;
  observeMs: number;
  observing: boolean;
  observers: Promise<void>[];
}

/** A fresh fake Reddit, a fresh data directory and `npm start` on it, observed. */
async function startRun(): Promise<Run> {
  resetSubs();
  const fake = await startFakeReddit({ rateLimit: { windowRequests: 1_000_000, windowSeconds: 600 } });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: path.join(dataRoot, `pgdata-${++runCounter}`),
    DB_PORT: '0',
    API_PORT: '0',
    UI_PORT: '0',
    LOG_LEVEL: 'warn',
    API_CACHE_MS: '0',
    POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    MAX_PAGES_PER_POLL,
    SUBREDDITS_PER_LISTING,
    SUBREDDITS: SUBREDDITS.join(','),
    REDDIT_AUTH_URL: fake.url,
    REDDIT_API_URL: fake.url,
    REDDIT_CLIENT_ID: 'fake-client-id',
    REDDIT_CLIENT_SECRET: 'fake-client-secret',
    REDDIT_USER_AGENT: 'node:seriousness-bench:0.1 (by /u/bench)',
  };
  const child = spawn(NODE, ['app/start.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-64_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const started = performance.now();
  const apiUrl = await (async () => {
    for (const deadline = Date.now() + 120_000; ;) {
      const match = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) return match[1];
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`no ready line within 120 s:\n${output}`);
      await sleep(100);
    }
  })();
  log(`app #${runCounter} ready in ${((performance.now() - started) / 1000).toFixed(1)} s, API ${apiUrl}`);
  const run: Run = {
    fake,
    child,
    exited,
    apiUrl,
    fromIso: new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS).toISOString(),
    observeMs: OBSERVE_MS,
    observing: true,
    observers: [],
  };
  run.observers = subs.map((sub) => observe(run, sub));
  return run;
}

async function stopRun(run: Run): Promise<void> {
  run.observing = false;
  await Promise.all(run.observers);
  run.child.kill('SIGTERM');
  const code = await Promise.race([run.exited, sleep(30_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') run.child.kill('SIGKILL');
  liveChildren.delete(run.child);
  await run.fake.close();
}

const liveChildren = new Set<ChildProcess>();
const killApps = () => {
  for (const child of liveChildren) if (child.exitCode === null) child.kill('SIGKILL');
};
process.on('exit', killApps);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killApps();
    fs.rmSync(dataRoot, { recursive: true, force: true });
    process.exit(130);
  });
}

let observations = 0;
let observeErrors = 0;

function credit(
  list: readonly Tracked[],
  from: number,
  to: number,
  at: number,
  field: 'hourlyAt' | 'allTimeAt',
) {
  for (let i = from; i < Math.min(to, list.length); i++) {
    const post = list[i];
    if (post) post[field] = at;
  }
}

interface SubredditBody {
  allTime: { postCount: number };
  series: { points: { bucket: string; postCount: number }[] };
}

async function observe(run: Run, sub: SubState): Promise<void> {
  const url = `${run.apiUrl}/subreddit/${encodeURIComponent(sub.name)}?from=${encodeURIComponent(run.fromIso)}&limit=1`;
  while (run.observing) {
    const started = Date.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      const at = Date.now();
      if (res.status === 200) {
        const body = (await res.json()) as SubredditBody;
        const count = body.allTime.postCount;
        if (count > sub.allSeen) {
          credit(sub.all, sub.allSeen, count, at, 'allTimeAt');
          sub.allSeen = count;
        }
        for (const point of body.series.points) {
          const hour = Math.floor(Date.parse(point.bucket) / HOUR_MS);
          const seen = sub.hourSeen.get(hour) ?? 0;
          if (point.postCount > seen) {
            credit(sub.byHour.get(hour) ?? [], seen, point.postCount, at, 'hourlyAt');
            sub.hourSeen.set(hour, point.postCount);
          }
        }
      } else {
        await res.arrayBuffer();
        // 404 until the subreddit's first post is scored.
        if (res.status !== 404) observeErrors += 1;
      }
      observations += 1;
    } catch {
      observeErrors += 1;
    }
    await sleep(Math.max(10, run.observeMs - (Date.now() - started)));
  }
}

// ---- stages --------------------------------------------------------------------------------

interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface StageResult {
  kind: 'freshness' | 'throughput';
  rate: number;
  observeMs: number;
  seconds: number;
  published: number;
  measured: number;
  achievedRate: number;
  hourly: Percentiles;
  allTime: Percentiles;
  allTimeP99FirstHalf: number;
  allTimeP99SecondHalf: number;
  /** Backlog (published − in all-time figure) growth over the measured window, posts/s. */
  backlogSlope: number;
  maxBacklog: number;
  /** Posts/s entering the all-time figure during the measured window. */
  visibleRate: number;
  /** Seconds from the publisher's stop until every post of the stage was counted (null: not within DRAIN_SECONDS). */
  drainSeconds: number | null;
  notVisible: number;
  sustained: boolean;
}

function percentiles(values: number[]): Percentiles {
  const sorted = values.toSorted((a, b) => a - b);
  const at = (p: number) =>
    sorted.length
      ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN)
      : NaN;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

function slope(samples: { t: number; v: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mv = samples.reduce((s, x) => s + x.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const x of samples) {
    num += (x.t - mt) * (x.v - mv);
    den += (x.t - mt) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const visibleTotal = () => subs.reduce((s, sub) => s + sub.allSeen, 0);
let stageCounter = 0;

async function runStage(
  run: Run,
  kind: StageResult['kind'],
  rate: number,
  seconds: number,
): Promise<StageResult> {
  const stage = ++stageCounter;
  run.observeMs = kind === 'throughput' ? RAMP_OBSERVE_MS : OBSERVE_MS;
  const total = WARMUP_SECONDS + seconds;
  log(`stage ${stage} (${kind}): ${rate} posts/s for ${WARMUP_SECONDS} s warm-up + ${seconds} s`);
  const startedAt = performance.now();
  let published = 0;
  const backlog: { t: number; v: number }[] = [];
  let measureStart: { t: number; visible: number } | undefined;
  let lastProgress = 0;
  for (;;) {
    const elapsed = (performance.now() - startedAt) / 1000;
    if (elapsed >= total) break;
    const measured = elapsed >= WARMUP_SECONDS;
    if (measured && !measureStart) measureStart = { t: elapsed, visible: visibleTotal() };
    const due = Math.floor(elapsed * rate) - published;
    if (due > 0) {
      publishBatch(run.fake, stage, due, measured);
      published += due;
    }
    if (measured) backlog.push({ t: elapsed, v: publishedTotal - visibleTotal() });
    if (elapsed - lastProgress >= 5) {
      lastProgress = elapsed;
      log(`  t=${elapsed.toFixed(0)} s published ${published}, backlog ${publishedTotal - visibleTotal()}`);
    }
    await sleep(20);
  }
  const measureEnd = { t: (performance.now() - startedAt) / 1000, visible: visibleTotal() };
  const stoppedAt = Date.now();
  const stagePosts = subs.flatMap((s) => s.all.filter((p) => p.stage === stage));
  let drainSeconds: number | null = null;
  for (const deadline = stoppedAt + DRAIN_SECONDS * 1000; Date.now() < deadline;) {
    if (stagePosts.every((p) => p.allTimeAt !== undefined && p.hourlyAt !== undefined)) {
      drainSeconds =
        Math.max(0, ...stagePosts.map((p) => Math.max(p.allTimeAt ?? 0, p.hourlyAt ?? 0) - stoppedAt)) / 1000;
      break;
    }
    await sleep(100);
  }
  const measuredPosts = stagePosts.filter((p) => p.measured);
  const latencies = (field: 'hourlyAt' | 'allTimeAt', list: Tracked[]) =>
    list.flatMap((p) => (p[field] === undefined ? [] : [(p[field] - p.publishedAt) / 1000]));
  const mid = Math.min(...measuredPosts.map((p) => p.publishedAt)) + (seconds * 1000) / 2;
  const allTime = percentiles(latencies('allTimeAt', measuredPosts));
  const window = measureEnd.t - (measureStart?.t ?? 0) || 1;
  const result: StageResult = {
    kind,
    rate,
    observeMs: run.observeMs,
    seconds,
    published,
    measured: measuredPosts.length,
    achievedRate: measuredPosts.length / seconds,
    hourly: percentiles(latencies('hourlyAt', measuredPosts)),
    allTime,
    allTimeP99FirstHalf: percentiles(
      latencies(
        'allTimeAt',
        measuredPosts.filter((p) => p.publishedAt < mid),
      ),
    ).p99,
    allTimeP99SecondHalf: percentiles(
      latencies(
        'allTimeAt',
        measuredPosts.filter((p) => p.publishedAt >= mid),
      ),
    ).p99,
    backlogSlope: slope(backlog),
    maxBacklog: Math.max(0, ...backlog.map((b) => b.v)),
    visibleRate: (measureEnd.visible - (measureStart?.visible ?? 0)) / window,
    drainSeconds,
    notVisible: stagePosts.filter((p) => p.allTimeAt === undefined || p.hourlyAt === undefined).length,
    sustained: false,
  };
  // Lag bounded: drained, backlog not rising by more than 5% of the rate, and the tail latency of
  // the second half no worse than twice the first half's (plus a poll).
  result.sustained =
    drainSeconds !== null &&
    result.backlogSlope <= Math.max(2, 0.05 * rate) &&
    result.allTimeP99SecondHalf <= 2 * result.allTimeP99FirstHalf + POLL_INTERVAL_MS / 1000;
  log(
    `  → all-time p50/p99 ${allTime.p50.toFixed(2)}/${allTime.p99.toFixed(2)} s, hourly p99 ${result.hourly.p99.toFixed(2)} s, ` +
      `backlog slope ${result.backlogSlope.toFixed(1)}/s, drain ${drainSeconds === null ? `> ${DRAIN_SECONDS}` : drainSeconds.toFixed(1)} s, ` +
      `${result.sustained ? 'sustained' : 'NOT sustained'}`,
  );
  return result;
}

const results: StageResult[] = [];
let run = await startRun();
/** A stage on the current app; after one that never drained, on a fresh app and data directory. */
async function stage(kind: StageResult['kind'], rate: number, seconds: number): Promise<void> {
  const last = results.at(-1);
  if (last && last.drainSeconds === null) {
    // Its backlog (and posts that fell out of the 1,000-item listings for good) would be measured,
    // not this rate.
    log('the last stage did not drain: a fresh app for the next one');
    await stopRun(run);
    run = await startRun();
  }
  results.push(await runStage(run, kind, rate, seconds));
}
try {
  for (const rate of FRESHNESS_RATES) await stage('freshness', rate, STAGE_SECONDS);

  // Throughput: ramp ×1.5 from the highest sustained rate until one fails, then bisect.
  const sustainedRates = () => results.filter((r) => r.sustained).map((r) => r.rate);
  const failedRates = () => results.filter((r) => !r.sustained).map((r) => r.rate);
  for (let rampStages = 0; rampStages < MAX_RAMP_STAGES; rampStages++) {
    const lo = Math.max(0, ...sustainedRates());
    const failed = failedRates().filter((r) => r > lo);
    const hi = failed.length ? Math.min(...failed) : undefined;
    let next: number;
    if (hi === undefined) next = Math.round((lo * 1.5) / 50) * 50;
    else {
      if (hi - lo <= Math.max(50, lo * 0.15)) break;
      next = Math.round((lo + hi) / 2 / 50) * 50;
    }
    if (next <= lo || (hi !== undefined && next >= hi)) break;
    await stage('throughput', next, RAMP_STAGE_SECONDS);
  }
} finally {
  await stopRun(run);
}
log(`app stopped (${observations} observations, ${observeErrors} errors)`);

// ---- raw batched INSERT baseline -----------------------------------------------------------

const RAW_BATCH = 1000;
const rawDir = path.join(dataRoot, 'raw-pgdata');
async function rawInsertRate(): Promise<number> {
  const raw = await openEmbedded({ dataDir: rawDir });
  try {
    await migrate(raw);
    const version = 'bench-e2e-raw';
    await registerModel.run({ version, path: '/dev/null', card: '{}', onnx: Buffer.from(version) }, raw);
    await makeActive.run({ version }, raw);
    const now = Date.now();
    const started = performance.now();
    for (let offset = 0; offset < RAW_POSTS; offset += RAW_BATCH) {
      const posts: TestPost[] = [];
      for (let i = offset; i < Math.min(RAW_POSTS, offset + RAW_BATCH); i++) {
        const text = choose(corpus);
        posts.push({
          id: (200_000_000 + i).toString(36),
          createdAt: new Date(now - (RAW_POSTS - i) * 10),
          subreddit: SUBREDDITS[i % SUBREDDITS.length] ?? 'bench',
          title: text.title,
          selftext: text.selftext,
        });
      }
      await raw.transaction(async (tx) => {
        await insertPosts(tx, posts);
        await insertPostScores(
          tx,
          posts.map((post, j) => ({ post, modelVersion: version, seriousness: ((offset + j) % 100) / 100 })),
        );
      });
    }
    const rate = RAW_POSTS / ((performance.now() - started) / 1000);
    log(`raw batched INSERT: ${RAW_POSTS} posts + scores at ${Math.round(rate)} posts/s`);
    return rate;
  } finally {
    await raw.close();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}
const rawRate = await rawInsertRate();

// ---- report --------------------------------------------------------------------------------

const sustained = results.filter((r) => r.sustained);
const pipelineMax = Math.max(0, ...sustained.map((r) => r.rate));
const firstFailure = results.filter((r) => !r.sustained && r.rate > pipelineMax).map((r) => r.rate);
const s = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const rows = results.map((r) => [
  `${int(r.rate)}${r.kind === 'throughput' ? ' (ramp)' : ''}`,
  `${int(r.measured)} in ${r.seconds} s`,
  `${r.observeMs}`,
  `${s(r.hourly.p50)} / ${s(r.hourly.p95)} / ${s(r.hourly.p99)}`,
  `${s(r.allTime.p50)} / ${s(r.allTime.p95)} / ${s(r.allTime.p99)}`,
  `${s(r.allTimeP99FirstHalf)} → ${s(r.allTimeP99SecondHalf)}`,
  `${r.backlogSlope.toFixed(1)}`,
  r.drainSeconds === null ? `> ${DRAIN_SECONDS} (${int(r.notVisible)} missing)` : r.drainSeconds.toFixed(1),
  r.sustained ? 'yes' : '**no**',
]);
const header = [
  'posts/s offered',
  'measured posts',
  'observed every (ms)',
  'hourly p50 / p95 / p99 (s)',
  'all-time p50 / p95 / p99 (s)',
  'all-time p99 1st → 2nd half',
  'backlog growth (posts/s)',
  'drain after stop (s)',
  'sustained',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
const summary = [
  `Embedded engine, ${os.cpus().length} cores, ${SUBREDDITS.length} subreddits, POLL_INTERVAL_MS=${POLL_INTERVAL_MS}, ` +
    `API_CACHE_MS=0, MAX_PAGES_PER_POLL=${MAX_PAGES_PER_POLL}, SUBREDDITS_PER_LISTING=${SUBREDDITS_PER_LISTING}, observed every ${OBSERVE_MS} ms (freshness) / ${RAMP_OBSERVE_MS} ms (ramp) per subreddit, ` +
    `${WARMUP_SECONDS} s warm-up per stage`,
  '',
  line(header),
  `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
  ...rows.map(line),
  '',
  `Throughput (ingest → scored → in the caggs, embedded): **${int(pipelineMax)} posts/s sustained**` +
    (firstFailure.length
      ? ` (lag grew at ${int(Math.min(...firstFailure))} posts/s)`
      : ' (no failing rate found: the ramp stopped first)') +
    `; raw batched INSERT of posts + scores (1,000 per transaction) on the same engine: ${int(rawRate)} posts/s; ` +
    `ratio **${(pipelineMax / rawRate).toFixed(2)}**.`,
];
console.log(`\n${summary.join('\n')}`);

fs.mkdirSync(RESULTS_DIR, { recursive: true });
const freshness = results.toSorted((a, b) => a.rate - b.rate);
fs.writeFileSync(
  path.join(RESULTS_DIR, 'e2e-freshness.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      engine: 'embedded',
      settings: {
        subreddits: SUBREDDITS,
        pollIntervalMs: POLL_INTERVAL_MS,
        apiCacheMs: 0,
        maxPagesPerPoll: Number(MAX_PAGES_PER_POLL),
        subredditsPerListing: Number(SUBREDDITS_PER_LISTING),
        observeMs: OBSERVE_MS,
        rampObserveMs: RAMP_OBSERVE_MS,
        warmupSeconds: WARMUP_SECONDS,
        drainSeconds: DRAIN_SECONDS,
      },
      stages: results,
      throughput: {
        pipelinePostsPerSecond: pipelineMax,
        rawInsertPostsPerSecond: rawRate,
        rawPosts: RAW_POSTS,
        ratio: pipelineMax / rawRate,
      },
    },
    null,
    2,
  )}\n`,
);
const finite = (points: [number, number][]) => points.filter(([, y]) => Number.isFinite(y));
fs.writeFileSync(
  path.join(RESULTS_DIR, 'e2e-latency-vs-rate.svg'),
  lineChart({
    title: 'Freshness: publish → counted in GET /subreddit/:name (embedded)',
    xLabel: 'posts/s offered (log scale)',
    yLabel: 'latency (s, log scale)',
    logX: true,
    logY: true,
    series: [
      { name: 'all-time p50', points: finite(freshness.map((r) => [r.rate, r.allTime.p50])) },
      { name: 'all-time p95', points: finite(freshness.map((r) => [r.rate, r.allTime.p95])) },
      { name: 'all-time p99', points: finite(freshness.map((r) => [r.rate, r.allTime.p99])) },
      { name: 'hourly p99', points: finite(freshness.map((r) => [r.rate, r.hourly.p99])) },
      {
        name: 'goal p99 ≤ 2 s',
        dashed: true,
        points: [
          [Math.min(...freshness.map((r) => r.rate)), 2],
          [Math.max(...freshness.map((r) => r.rate)), 2],
        ],
      },
    ],
  }),
);
fs.writeFileSync(
  path.join(RESULTS_DIR, 'e2e-throughput.svg'),
  barChart({
    title: 'Throughput per engine (posts/s, 2 cores)',
    yLabel: 'posts/s',
    bars: [
      { label: 'pipeline, embedded\n(ingest → score → caggs)', value: pipelineMax, text: int(pipelineMax) },
      { label: 'raw batched INSERT\nembedded (limit)', value: rawRate, text: int(rawRate) },
    ],
  }),
);
log(`results in ${RESULTS_DIR} (e2e-freshness.json, e2e-latency-vs-rate.svg, e2e-throughput.svg)`);
