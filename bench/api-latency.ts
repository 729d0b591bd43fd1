// `node bench/api-latency.ts`: the REST API under load (issue #6). Fills POSTS scored posts
// (default 1,000,000; real corpus texts, bench/lib/scored-posts.ts) across SUBREDDITS subreddits
// (default 1,000) spread over DAYS days (default 30), with the policy jobs run as the app's
// maintenance loop would, then measures `/subreddits` and `/subreddit/:name`: unloaded latency
// (sequential requests) and, with wrk at 64 connections, p50/p99 latency and throughput. Prints a
// table; api/README.md quotes it. The API runs in this process (bench/scale.ts measures it inside
// `npm start`).
//
// Embedded engine by default (data kept under os.tmpdir(), keyed by the spec and shared with
// bench/scale.ts, so a re-run skips the fill); BENCH_DATABASE_URL=postgres://… runs the same
// against a TimescaleDB server. Needs wrk (Debian: apt-get install -y wrk).
import os from 'node:os';
import { pino } from 'pino';
import { defaultApiConfig } from '../api/config.ts';
import { startApi, type ApiServer } from '../api/server.ts';
import type { AnyDatabase } from '../db/open.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { apiActiveModel, apiSubredditSummaries } from '../db/queries/api.queries.ts';
import {
  cleanCommand,
  ensureScoredDataDir,
  fillScoredPosts,
  scoredSubredditNames,
} from './lib/scored-posts.ts';
import { markdownTable } from './lib/markdown-table.ts';
import { requireWrk, runWrk, sequentialLatency } from './lib/wrk.ts';

const POSTS = Number(process.env.POSTS ?? 1_000_000);
const SUBREDDITS = Number(process.env.SUBREDDITS ?? 1_000);
const DAYS = Number(process.env.DAYS ?? 30);
const CONNECTIONS = 64;
const DURATION = process.env.WRK_DURATION ?? '15s';
const SEQUENTIAL = Number(process.env.SEQUENTIAL ?? 200);
const serverUrl = process.env.BENCH_DATABASE_URL;
const spec = { posts: POSTS, subreddits: SUBREDDITS, days: DAYS };
const log = (line: string) => process.stderr.write(`${line}\n`);

requireWrk();

/** The server database: filled unless it already serves at least POSTS scored posts. */
async function serverDatabase(url: string): Promise<AnyDatabase> {
  const db = await openDatabase({ databaseUrl: url, dataDir: '', applicationName: 'bench-api' });
  await migrate(db);
  const [active] = await apiActiveModel.run(undefined, db);
  const summaries = active
    ? await apiSubredditSummaries.run({ modelVersion: active.version, now: new Date() }, db)
    : [];
  const loaded = summaries.reduce((sum, s) => sum + s.post_count, 0);
  if (loaded >= POSTS) log(`reusing ${loaded} scored posts in the server database`);
  else await fillScoredPosts(db, spec, log);
  return db;
}

const db = serverUrl
  ? await serverDatabase(serverUrl)
  : await openDatabase({
      dataDir: (await ensureScoredDataDir(spec, log)).dataDir,
      applicationName: 'bench-api',
    });
const engine = db.kind === 'embedded' ? 'embedded (PGlite-TimescaleDB)' : 'TimescaleDB server';
try {
  const apiLog = pino({ level: 'warn' });
  const cached = await startApi({
    db,
    models: undefined,
    boss: undefined,
    config: defaultApiConfig,
    log: apiLog,
  });
  const uncached = await startApi({
    db,
    models: undefined,
    boss: undefined,
    config: { ...defaultApiConfig, cache: false },
    log: apiLog,
  });
  const rows: string[][] = [];
  try {
    const names = scoredSubredditNames(SUBREDDITS);
    const randomName = () => names[Math.floor(Math.random() * names.length)]!;
    const cases: { label: string; server: ApiServer; path: () => string; paths: string[] }[] = [
      {
        label: '/subreddits (reused until the data changes, default)',
        server: cached,
        path: () => '/subreddits',
        paths: ['/subreddits'],
      },
      {
        label: '/subreddits (API_CACHE=off)',
        server: uncached,
        path: () => '/subreddits',
        paths: ['/subreddits'],
      },
      {
        label: `/subreddit/:name (random of ${SUBREDDITS.toLocaleString('en-US')})`,
        server: cached,
        path: () => `/subreddit/${randomName()}`,
        paths: names.map((n) => `/subreddit/${n}`),
      },
      {
        label: '/subreddit/:name/posts (random)',
        server: cached,
        path: () => `/subreddit/${randomName()}/posts`,
        paths: names.map((n) => `/subreddit/${n}/posts`),
      },
    ];
    for (const c of cases) {
      const unloaded = await sequentialLatency(c.server.url, c.path, SEQUENTIAL);
      process.stderr.write(
        `${c.label}: sequential p50 ${unloaded.p50Ms.toFixed(1)} ms; running wrk ${DURATION}…\n`,
      );
      const loaded = await runWrk({
        baseUrl: c.server.url,
        paths: c.paths,
        connections: CONNECTIONS,
        duration: DURATION,
      });
      rows.push([
        c.label,
        `${unloaded.p50Ms.toFixed(1)} / ${unloaded.p99Ms.toFixed(1)}`,
        `${loaded.p50Ms.toFixed(1)} / ${loaded.p99Ms.toFixed(1)}`,
        Math.round(loaded.requestsPerSecond).toLocaleString('en-US'),
        loaded.errors === 0 ? '0' : loaded.errorText,
      ]);
    }
  } finally {
    await cached.close();
    await uncached.close();
  }
  const header = [
    'route',
    'unloaded p50 / p99 (ms)',
    `wrk c=${CONNECTIONS} p50 / p99 (ms)`,
    'req/s',
    'errors',
  ];
  console.log(
    `\n${engine}, ${POSTS.toLocaleString('en-US')} scored posts, ${SUBREDDITS} subreddits, ${DAYS} days, ${os.cpus().length} cores, wrk -t2 -c${CONNECTIONS} -d${DURATION}`,
  );
  console.log(markdownTable(header, rows));
  if (!serverUrl) console.log(`\nthe filled data directory is kept; remove it with: ${cleanCommand()}`);
} finally {
  await db.close();
}
