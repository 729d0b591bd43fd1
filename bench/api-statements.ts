// `npm run bench:api-statements`: what one `/subreddit/:name` costs the embedded engine, statement
// by statement, and how much of it a prepared statement saves (issue #20). Opens a data directory
// filled by bench/lib/scored-posts.ts (POSTS scored posts; the app must not be running on it) on
// the engine's own thread, as `npm start` does, and times, for random subreddits:
//   - each of the route's three statements as the API runs them (unnamed: parsed, rewritten and
//     planned every time), and `SELECT 1` (the cost of a round trip to the engine's thread);
//   - the same statements through the engine's psql port with node-postgres, unnamed and then
//     named (prepared once per connection, then only bound and executed), in one transaction so
//     that the port's per-turn work is paid once.
// Prints a table (mean ms per statement).
//
// Environment: POSTS=1000000 SUBREDDITS=1000 DAYS=30 ROUNDS=300 SCALE_DATA_ROOT=os.tmpdir()
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  apiActiveModel,
  apiHourlySeries,
  apiPostScores,
  apiSubredditPosts,
} from '../db/queries/api.queries.ts';
import { openHostedEmbedded } from '../db/host/hosted.ts';
import { markdownTable } from './lib/markdown-table.ts';
import { ensureScoredDataDir, scoredSubredditNames } from './lib/scored-posts.ts';

const POSTS = Number(process.env.POSTS ?? 1_000_000);
const SUBREDDITS = Number(process.env.SUBREDDITS ?? 1_000);
const DAYS = Number(process.env.DAYS ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 300);
const DATA_ROOT = path.resolve(process.env.SCALE_DATA_ROOT ?? os.tmpdir());
const HOUR = 3_600_000;
const log = (line: string) => process.stderr.write(`${line}\n`);

const filled = await ensureScoredDataDir(
  { posts: POSTS, subreddits: SUBREDDITS, days: DAYS },
  log,
  DATA_ROOT,
);
const names = scoredSubredditNames(SUBREDDITS);
const pick = () => names[Math.floor(Math.random() * names.length)]!;
const to = new Date(Math.floor(Date.now() / HOUR) * HOUR + HOUR);
const from = new Date(to.getTime() - 7 * 24 * HOUR);

const db = await openHostedEmbedded({ dataDir: filled.dataDir });
const port = await db.startWirePort({
  host: '127.0.0.1',
  port: 0,
  mode: 'read-only',
  transactionTimeoutMs: 60_000,
});
const client = new pg.Client({ connectionString: port.connectionString() });
try {
  const [model] = await apiActiveModel.run(undefined, db);
  if (!model) throw new Error(`no active model in ${filled.dataDir}`);
  const modelVersion = model.version;

  // The statements' text and parameters, as pgtyped sends them (one subreddit's page).
  const statements = async (subreddit: string) => {
    const posts = await apiSubredditPosts.run(
      { subreddit, cursorCreatedAt: null, cursorId: null, limit: 26 },
      db,
    );
    const page = posts.slice(0, 25);
    return {
      series: { subreddit, modelVersion, from, to },
      posts: { subreddit, cursorCreatedAt: null, cursorId: null, limit: 26 },
      scores: page.length
        ? {
            ids: page.map((r) => r.id),
            createdAts: page.map((r) => r.created_at),
            modelVersion,
            oldest: page.at(-1)!.created_at,
            newest: page[0]!.created_at,
          }
        : undefined,
    };
  };

  const direct = { ping: 0, series: 0, posts: 0, scores: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    const p = await statements(pick());
    let t = performance.now();
    await db.query('SELECT 1');
    direct.ping += performance.now() - t;
    t = performance.now();
    await apiHourlySeries.run(p.series, db);
    direct.series += performance.now() - t;
    t = performance.now();
    await apiSubredditPosts.run(p.posts, db);
    direct.posts += performance.now() - t;
    t = performance.now();
    if (p.scores) await apiPostScores.run(p.scores, db);
    direct.scores += performance.now() - t;
  }

  // Through the port: pgtyped's query objects give the text and the ordered values. The parameters
  // are read first: while the port's client holds a transaction, the app's own statements wait.
  const sets: Awaited<ReturnType<typeof statements>>[] = [];
  for (let i = 0; i < ROUNDS; i++) sets.push(await statements(pick()));
  await client.connect();
  const viaPort = async (named: boolean) => {
    const sums = { series: 0, posts: 0, scores: 0 };
    await client.query('BEGIN READ ONLY');
    for (const p of sets) {
      for (const [key, query, params] of [
        ['series', apiHourlySeries, p.series],
        ['posts', apiSubredditPosts, p.posts],
        ['scores', apiPostScores, p.scores],
      ] as const) {
        if (params === undefined) continue;
        let text = '';
        let values: unknown[] = [];
        // pgtyped's PreparedQuery runs through a connection's query(text, values): capture them.
        await query.run(params as never, {
          query: (t: string, v: unknown[]) => {
            text = t;
            values = v;
            return Promise.resolve({ rows: [], rowCount: 0 });
          },
        });
        const t0 = performance.now();
        await client.query(named ? { name: `bench_${key}`, text, values } : { text, values });
        sums[key] += performance.now() - t0;
      }
    }
    await client.query('COMMIT');
    return sums;
  };
  const unnamed = await viaPort(false);
  const named = await viaPort(true);

  const ms = (sum: number) => (sum / ROUNDS).toFixed(2);
  console.log(
    markdownTable(
      ['statement (mean ms)', 'app → engine thread (unnamed)', 'psql port, unnamed', 'psql port, prepared'],
      [
        ['SELECT 1 (a round trip)', ms(direct.ping), '', ''],
        ['apiHourlySeries (7 days of hours)', ms(direct.series), ms(unnamed.series), ms(named.series)],
        ['apiSubredditPosts (newest 25)', ms(direct.posts), ms(unnamed.posts), ms(named.posts)],
        ['apiPostScores (their scores)', ms(direct.scores), ms(unnamed.scores), ms(named.scores)],
      ],
    ),
  );
  log(
    `${ROUNDS} random subreddits of ${SUBREDDITS}, ${POSTS.toLocaleString('en-US')} posts (${filled.dataDir})`,
  );
} finally {
  await client.end().catch(() => undefined);
  await port.close();
  await db.close();
}
