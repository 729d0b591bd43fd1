// Our pipeline as a user runs it: `npm start` (Node 24, app/all-in-one.ts) as a child process on a fresh
// embedded data directory (or, in server mode, a fresh database on a TimescaleDB server), pointed
// at a fake Reddit in this process, observed through `GET /subreddit/:name` of every subreddit —
// the path a user reads, which is stricter than reading the aggregates by SQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killChildren, spawnNode, type NodeProcess } from '../../test/node-process.ts';
import { fakeRedditEnv } from '../../tools/fake-reddit/env.ts';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { config } from './config.ts';
import { Observers, type Probe } from './observer.ts';
import { log, type Target } from './stage.ts';
import { HOUR_MS, Tracker } from './tracker.ts';

export const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
let runCounter = 0;

/** Every child process this bench started is killed when it exits, however it exits. */
export function killChildrenOnExit(cleanup: () => void): void {
  process.on('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killChildren();
      cleanup();
      process.exit(130);
    });
  }
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
    ...fakeRedditEnv(fake.url, {
      subreddits: config.subreddits,
      userAgent: 'node:seriousness-bench:0.1 (by /u/bench)',
    }),
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
  app: NodeProcess;
}

/** A fresh fake Reddit, a fresh data directory (or server database) and `npm start` on it, observed. */
export async function startOurs(
  databaseUrl: string,
  random: () => number,
  /** bench:live-profile: all of the app's log, and variables of its own (log level, profiler). */
  options: { keepOutputChars?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<OursRun> {
  const fake = await startBenchFake();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...redditEnv(fake),
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(dataRoot, `pgdata-${++runCounter}`),
    DB_PORT: '0',
    API_PORT: '0',
    UI_PORT: '0',
    ...options.env,
  };
  const started = performance.now();
  const app = spawnNode(['app/all-in-one.ts'], env, {
    name: 'npm start',
    keepOutputChars: options.keepOutputChars ?? 64_000,
  });
  const apiUrl = (await app.waitFor(/API: +(http:\/\/127\.0\.0\.1:\d+)/, 120_000))[1] ?? '';
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
  await run.app.stop();
  await run.fake.close();
}
