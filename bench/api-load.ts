// `npm run bench:api`: the API's reads while the pipeline works (issue #20). `npm start` as a
// user runs it, on an embedded data directory holding POSTS scored posts (bench/lib/scored-posts.ts:
// real corpus texts over SUBREDDITS subreddits and DAYS days; kept and reused between runs), with
// a fake Reddit publishing PIPELINE_RATE posts/s into PIPELINE_SUBREDDITS of those subreddits, so
// that ingest and the scorer write while the API is read. Then, per route, wrk paces RATE requests/s
// over CONNECTIONS connections for DURATION: `/subreddits`, and `/subreddit/:name` for a random
// subreddit of all of them. Reports p50/p99, the rate reached, errors, and where a request's time
// went (the API's Server-Timing: database statements, their count, the total), plus the posts the
// pipeline stored and scored during the load. Before each route's load, every path is read once in
// turn (a first visit: the API has no answer for it yet) and that latency is reported on its own.
// Writes bench/results/api-load.{md,json}.
//
// Environment: POSTS=1000000 SUBREDDITS=1000 DAYS=30 RATE=500 CONNECTIONS=64 DURATION=60s
//   PIPELINE_RATE=100 PIPELINE_SUBREDDITS=20 SETTLE_SECONDS=10 SCALE_DATA_ROOT=os.tmpdir()
//   RESULTS_DIR=bench/results ROUTES=subreddits,subreddit (which routes, in that order). Needs wrk
//   (Debian: apt-get install -y wrk).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killChildren } from '../test/node-process.ts';
import { startApp } from '../test/app-process.ts';
import { fakeRedditEnv } from '../tools/fake-reddit/env.ts';
import { startFakeReddit } from '../tools/fake-reddit/server.ts';
import { pipelineStatus } from './chaos/app-under-test.ts';
import { markdownTable } from './lib/markdown-table.ts';
import { cleanCommand, ensureScoredDataDir, scoredSubredditNames } from './lib/scored-posts.ts';
import { requireWrk, runWrk, sequentialLatency, type LatencyResult, type LoadResult } from './lib/wrk.ts';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const POSTS = Number(env('POSTS', '1000000'));
const SUBREDDITS = Number(env('SUBREDDITS', '1000'));
const DAYS = Number(env('DAYS', '30'));
const RATE = Number(env('RATE', '500'));
const CONNECTIONS = Number(env('CONNECTIONS', '64'));
const DURATION = env('DURATION', '60s');
const PIPELINE_RATE = Number(env('PIPELINE_RATE', '100'));
const PIPELINE_SUBREDDITS = Number(env('PIPELINE_SUBREDDITS', '20'));
const SETTLE_SECONDS = Number(env('SETTLE_SECONDS', '10'));
const DATA_ROOT = path.resolve(env('SCALE_DATA_ROOT', os.tmpdir()));
const RESULTS_DIR = path.resolve(env('RESULTS_DIR', path.join(import.meta.dirname, 'results')));
const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

requireWrk();
process.on('exit', killChildren);

interface RouteFigures {
  route: string;
  /** Each path read once, in turn, before the load. */
  firstVisit: LatencyResult;
  load: LoadResult;
  /** The app's event-loop delay during the load (its /metrics: prom-client's monitorEventLoopDelay). */
  eventLoop: { p99Ms: number; maxMs: number };
  /** Posts the pipeline stored and scored while this route was loaded. */
  pipeline: { stored: number; scored: number; seconds: number };
}

const spec = { posts: POSTS, subreddits: SUBREDDITS, days: DAYS };
const filled = await ensureScoredDataDir(spec, log, DATA_ROOT);
const names = scoredSubredditNames(SUBREDDITS);
const fake = await startFakeReddit({ rateLimit: { windowRequests: 1_000_000, windowSeconds: 600 } });
const live = names.slice(0, PIPELINE_SUBREDDITS);
const app = startApp({
  DATA_DIR: filled.dataDir,
  LOG_LEVEL: 'warn',
  ...fakeRedditEnv(fake.url, { subreddits: live }),
  POLL_INTERVAL_MS: '1000',
  OAUTH_REQUESTS_PER_WINDOW: '1000000',
});
const figures: RouteFigures[] = [];

/** The app's event-loop delay since the last read of its metrics (which resets it). */
async function eventLoopDelay(apiUrl: string): Promise<{ p99Ms: number; maxMs: number }> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const seconds = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    p99Ms: seconds('nodejs_eventloop_lag_p99_seconds') * 1000,
    maxMs: seconds('nodejs_eventloop_lag_max_seconds') * 1000,
  };
}
try {
  await app.readyPort();
  const apiUrl = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())?.[1];
  if (!apiUrl) throw new Error(`no API address in the ready line:\n${app.output()}`);
  fake.startLive({ postsPerSecond: PIPELINE_RATE, subreddits: live });
  log(
    `npm start ready on ${filled.dataDir}; the pipeline takes ${PIPELINE_RATE} posts/s; settling ${SETTLE_SECONDS} s`,
  );
  await sleep(SETTLE_SECONDS * 1000);
  const allRoutes: Record<string, [string, string[]]> = {
    subreddits: ['GET /subreddits', ['/subreddits']],
    subreddit: ['GET /subreddit/:name', names.map((n) => `/subreddit/${n}`)],
  };
  const routes = env('ROUTES', 'subreddits,subreddit')
    .split(',')
    .map((name) => {
      const route = allRoutes[name.trim()];
      if (!route)
        throw new Error(`ROUTES: unknown route ${name}; known: ${Object.keys(allRoutes).join(', ')}`);
      return route;
    });
  for (const [route, paths] of routes) {
    let next = 0;
    const firstVisit = await sequentialLatency(apiUrl, () => paths[next++ % paths.length]!, paths.length);
    log(
      `${route}: first visits (each path once) p50 ${firstVisit.p50Ms.toFixed(1)} ms, p99 ${firstVisit.p99Ms.toFixed(1)} ms`,
    );
    const before = await pipelineStatus(apiUrl);
    await eventLoopDelay(apiUrl); // a read resets the app's histogram: the next covers the load
    const started = performance.now();
    log(`${route}: wrk paced at ${RATE} req/s, c=${CONNECTIONS}, ${DURATION}…`);
    const load = await runWrk({
      baseUrl: apiUrl,
      paths,
      connections: CONNECTIONS,
      duration: DURATION,
      ratePerSecond: RATE,
      serverTiming: true,
    });
    const eventLoop = await eventLoopDelay(apiUrl);
    const after = await pipelineStatus(apiUrl);
    const seconds = (performance.now() - started) / 1000;
    figures.push({
      route,
      firstVisit,
      load,
      eventLoop,
      pipeline: {
        stored: after.postsTotal - before.postsTotal,
        scored: after.scored - before.scored,
        seconds,
      },
    });
    log(
      `  p50 ${load.p50Ms.toFixed(1)} ms, p99 ${load.p99Ms.toFixed(1)} ms, ${load.requestsPerSecond.toFixed(0)} req/s` +
        `${load.errors ? `, errors: ${load.errorText}` : ''}`,
    );
  }
} finally {
  fake.stopLive();
  await app.stop();
  await fake.close();
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const table = markdownTable(
  [
    'route',
    'p50 / p99 (ms)',
    'req/s (asked)',
    'errors',
    'answers reused',
    'Server-Timing: db (ms) / statements / total (ms)',
    'event-loop delay p99 / max (ms)',
    'first visits p50 / p99 (ms)',
    'pipeline stored / scored (posts/s)',
  ],
  figures.map((f) => [
    f.route,
    `${ms(f.load.p50Ms)} / ${ms(f.load.p99Ms)}`,
    `${f.load.requestsPerSecond.toFixed(0)} (${RATE})`,
    f.load.errors === 0 ? '0' : f.load.errorText,
    f.load.serverTiming ? `${(f.load.serverTiming.reusedShare * 100).toFixed(1)} %` : '–',
    f.load.serverTiming
      ? `${ms(f.load.serverTiming.dbMs)} / ${f.load.serverTiming.statements.toFixed(1)} / ${ms(f.load.serverTiming.totalMs)}`
      : '–',
    `${ms(f.eventLoop.p99Ms)} / ${ms(f.eventLoop.maxMs)}`,
    `${ms(f.firstVisit.p50Ms)} / ${ms(f.firstVisit.p99Ms)}`,
    `${(f.pipeline.stored / f.pipeline.seconds).toFixed(0)} / ${(f.pipeline.scored / f.pipeline.seconds).toFixed(0)}`,
  ]),
);
const markdown = [
  '# API reads while the pipeline works',
  '',
  `Generated by \`npm run bench:api\` (bench/api-load.ts) on ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}:`,
  `\`npm start\` on ${POSTS.toLocaleString('en-US')} scored posts (${SUBREDDITS.toLocaleString('en-US')} subreddits, ${DAYS} days),`,
  `a fake Reddit publishing ${PIPELINE_RATE} posts/s into ${PIPELINE_SUBREDDITS} of them, wrk paced at ${RATE} req/s over`,
  `${CONNECTIONS} connections for ${DURATION} per route (\`/subreddit/:name\`: a random subreddit of all of them).`,
  'Server-Timing is the mean of the answers\u2019 own header: time in database statements (queueing for the',
  'engine included), their number, and the request\u2019s total inside the API; "answers reused" is the share',
  'the API answered from an answer read since its subreddit\u2019s data last changed (`cache;desc=hit`).',
  'First visits: each path read once, in turn, before the load (the API had no answer for it yet).',
  '',
  table,
  '',
].join('\n');
fs.mkdirSync(RESULTS_DIR, { recursive: true });
fs.writeFileSync(path.join(RESULTS_DIR, 'api-load.md'), markdown);
fs.writeFileSync(
  path.join(RESULTS_DIR, 'api-load.json'),
  `${JSON.stringify({ spec, rate: RATE, connections: CONNECTIONS, duration: DURATION, pipelineRate: PIPELINE_RATE, figures }, null, 2)}\n`,
);
console.log(markdown);
log(`filled data directories are kept for re-runs; remove them with: ${cleanCommand(DATA_ROOT)}`);
