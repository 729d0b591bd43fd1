// Our pipeline as a user runs it: `npm start` (Node 24, app/all-in-one.ts) as a child process on a fresh
// embedded data directory (or, in server mode, a fresh database on a TimescaleDB server), pointed
// at a fake Reddit in this process, observed through `GET /subreddit/:name` of every subreddit —
// the path a user reads, which is stricter than reading the aggregates by SQL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { config } from './config.ts';
import { Observers, sleep, type Probe } from './observer.ts';
import { log, type Target } from './stage.ts';
import { HOUR_MS, Tracker } from './tracker.ts';

const NODE = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'node');
const REPO = path.resolve(import.meta.dirname, '..', '..');

export const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
const liveChildren = new Set<ChildProcess>();
let runCounter = 0;

/** Every child process this bench started is killed when it exits, however it exits. */
export function killChildrenOnExit(cleanup: () => void): void {
  const kill = () => {
    for (const child of liveChildren) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      kill();
      cleanup();
      process.exit(130);
    });
  }
}

export interface ChildRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** A Node 24 child with its output kept (the last 64 kB) for error messages and the ready line. */
export function spawnChild(script: string, env: NodeJS.ProcessEnv): ChildRun {
  const child = spawn(NODE, [script], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-64_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => output };
}

export async function waitForLine(run: ChildRun, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  for (const deadline = Date.now() + 120_000; ;) {
    const match = pattern.exec(run.output());
    if (match) return match;
    if (run.child.exitCode !== null) throw new Error(`${what} exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`${what}: no ready line within 120 s:\n${run.output()}`);
    await sleep(100);
  }
}

export async function stopChild(run: ChildRun): Promise<void> {
  run.child.kill('SIGTERM');
  const code = await Promise.race([run.exited, sleep(30_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') run.child.kill('SIGKILL');
  liveChildren.delete(run.child);
}

/**
 * The fake Reddit's budget: no practical limit, the bench measures the pipelines, not Reddit's
 * budget. The client's own window is lifted to match: it always enforces Reddit's documented
 * 1,000 requests per 600 s (ingest/reddit/rate-budget.ts), and ten listings polled every second
 * spend that in 100 s, after which either design would poll at 1.7 requests/s.
 */
const FAKE_BUDGET = { windowRequests: 1_000_000, windowSeconds: 600 };

/** The environment both designs poll the fake Reddit with: the same client settings. */
export function redditEnv(fake: FakeReddit): NodeJS.ProcessEnv {
  return {
    OAUTH_REQUESTS_PER_WINDOW: String(FAKE_BUDGET.windowRequests),
    OAUTH_WINDOW_SECONDS: String(FAKE_BUDGET.windowSeconds),
    LOG_LEVEL: 'warn',
    POLL_INTERVAL_MS: String(config.pollIntervalMs),
    MAX_PAGES_PER_POLL: config.maxPagesPerPoll,
    SUBREDDITS_PER_LISTING: config.subredditsPerListing,
    SUBREDDITS: config.subreddits.join(','),
    REDDIT_AUTH_URL: fake.url,
    REDDIT_API_URL: fake.url,
    REDDIT_CLIENT_ID: 'fake-client-id',
    REDDIT_CLIENT_SECRET: 'fake-client-secret',
    REDDIT_USER_AGENT: 'node:seriousness-bench:0.1 (by /u/bench)',
  };
}

export const startBenchFake = () => startFakeReddit({ rateLimit: FAKE_BUDGET });

interface SubredditBody {
  allTime: { postCount: number };
  series: { points: { bucket: string; postCount: number }[] };
}

/** One probe per subreddit: `GET /subreddit/:name` (404 until its first post is scored). */
function apiProbe(apiUrl: string, fromIso: string, subreddit: string): Probe {
  const url = `${apiUrl}/subreddit/${encodeURIComponent(subreddit)}?from=${encodeURIComponent(fromIso)}&limit=1`;
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (res.status === 404) {
      await res.arrayBuffer();
      return new Map();
    }
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    const body = (await res.json()) as SubredditBody;
    return new Map([
      [
        subreddit,
        {
          allTime: body.allTime.postCount,
          hours: body.series.points.map((p) => ({ hourStartMs: Date.parse(p.bucket), count: p.postCount })),
        },
      ],
    ]);
  };
}

export interface OursRun extends Target {
  app: ChildRun;
}

/** A fresh fake Reddit, a fresh data directory (or server database) and `npm start` on it, observed. */
export async function startOurs(databaseUrl: string, random: () => number): Promise<OursRun> {
  const fake = await startBenchFake();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...redditEnv(fake),
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(dataRoot, `pgdata-${++runCounter}`),
    DB_PORT: '0',
    API_PORT: '0',
    UI_PORT: '0',
    API_CACHE_MS: '0',
  };
  const started = performance.now();
  const app = spawnChild('app/all-in-one.ts', env);
  const apiUrl = (await waitForLine(app, /API: +(http:\/\/127\.0\.0\.1:\d+)/, 'npm start'))[1] ?? '';
  log(`app #${runCounter} ready in ${((performance.now() - started) / 1000).toFixed(1)} s, API ${apiUrl}`);
  const tracker = new Tracker(config.subreddits, random);
  const fromIso = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS).toISOString();
  const observers = new Observers(
    tracker,
    config.subreddits.map((sub) => apiProbe(apiUrl, fromIso, sub)),
    config.observeMs,
  );
  return { fake, tracker, observers, app };
}

export async function stopOurs(run: OursRun): Promise<void> {
  await run.observers.stop();
  await stopChild(run.app);
  await run.fake.close();
}
