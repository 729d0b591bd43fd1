// The seed baseline as the bench drives it: a fresh Postgres 15 database with the seed's schema,
// empty RabbitMQ queues, a fresh fake Reddit, and bench/seed-baseline/main.ts as a child process
// polling it. Observed by SQL: the rollup tables for freshness, the raw tables for throughput.
import { dropDatabase, openSeedDatabase, recreateDatabase } from '../seed-baseline/database.ts';
import { resetTopology } from '../seed-baseline/broker.ts';
import type { ServerDatabase } from '../../db/engine/server.ts';
import { runRollup, type RollupRun } from '../seed-baseline/rollups.ts';
import { run, schemaSql } from '../seed-baseline/sql.ts';
import { config } from './config.ts';
import { Observers, type Probe } from './observer.ts';
import { spawnNode, type NodeProcess } from '../../test/node-process.ts';
import { redditEnv, startBenchFake } from './ours.ts';
import { log, type Target } from './stage.ts';
import { HOUR_MS, Tracker, type SubredditCounts } from './tracker.ts';

export interface SeedRun extends Target {
  child: NodeProcess;
  db: ServerDatabase;
  /** When the seed's hourly rollup first runs (then every SEED_ROLLUP_SECONDS). */
  firstRollupAtMs: number;
  view: 'rollups' | 'landed';
}

/** The all-time rollup is measured only when its cadence is short enough to wait for in a bench. */
export const allTimeMeasured = () => config.seed.dailySeconds <= 3600;

function collect(
  rows: readonly { subreddit: string; bucket?: Date; post_count: number }[],
  field: 'hours' | 'allTime',
) {
  const seen = new Map<string, SubredditCounts & { hours: { hourStartMs: number; count: number }[] }>();
  for (const row of rows) {
    const entry = seen.get(row.subreddit) ?? { hours: [] };
    if (field === 'allTime') entry.allTime = row.post_count;
    else if (row.bucket) entry.hours.push({ hourStartMs: row.bucket.getTime(), count: row.post_count });
    seen.set(row.subreddit, entry);
  }
  return seen;
}

/** Freshness: the hourly rollup table (and the all-time one), as a user of the seed's tables sees them. */
function rollupProbe(db: ServerDatabase, fromIso: string): Probe {
  return async () => {
    const hourly = await run<{ subreddit: string; bucket: Date; post_count: number }>(db, 'observe-hourly', [
      fromIso,
    ]);
    const seen = collect(hourly.rows, 'hours');
    const allTime = await run<{ subreddit: string; post_count: number }>(db, 'observe-all-time');
    for (const [sub, counts] of collect(allTime.rows, 'allTime')) {
      seen.set(sub, { ...(seen.get(sub) ?? { hours: [] }), allTime: counts.allTime ?? 0 });
    }
    return seen;
  };
}

/** Throughput: posts that have landed with their score, by subreddit and hour (both figures). */
function landedProbe(db: ServerDatabase, fromIso: string): Probe {
  return async () => {
    const rows = (
      await run<{ subreddit: string; bucket: Date; post_count: number }>(db, 'observe-landed', [fromIso])
    ).rows;
    const seen = collect(rows, 'hours');
    for (const counts of seen.values()) counts.allTime = counts.hours.reduce((s, h) => s + h.count, 0);
    return seen;
  };
}

export async function startSeed(
  random: () => number,
  view: SeedRun['view'],
  firstRollupSeconds: number,
): Promise<SeedRun> {
  const started = performance.now();
  const url = await recreateDatabase(config.seed.serverUrl, config.seed.database);
  const db = await openSeedDatabase(url, 2);
  await db.exec(schemaSql());
  await resetTopology(config.seed.amqpUrl);
  const fake = await startBenchFake();
  const child = spawnNode(
    ['bench/seed-baseline/main.ts'],
    {
      ...process.env,
      ...redditEnv(fake),
      SEED_DATABASE_URL: url,
      AMQP_URL: config.seed.amqpUrl,
      SEED_ROLLUP_SECONDS: String(config.seed.rollupSeconds),
      SEED_DAILY_SECONDS: String(config.seed.dailySeconds),
      SEED_ROLLUP_FIRST_SECONDS: String(firstRollupSeconds),
    },
    { name: 'the seed baseline', keepOutputChars: 64_000 },
  );
  const ready = await child.waitFor(/seed baseline ready: first rollup at (\d+)/, 120_000);
  const firstRollupAtMs = Number(ready[1]);
  log(
    `seed baseline ready in ${((performance.now() - started) / 1000).toFixed(1)} s (PG15 ${config.seed.database}, RabbitMQ)`,
  );
  const tracker = new Tracker(config.subreddits, random);
  const fromIso = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS).toISOString();
  const probe = view === 'rollups' ? rollupProbe(db, fromIso) : landedProbe(db, fromIso);
  const observers = new Observers(tracker, [probe], config.seed.observeMs);
  return { fake, tracker, observers, child, db, firstRollupAtMs, view };
}

export async function stopSeed(seed: SeedRun): Promise<void> {
  await seed.observers.stop();
  await seed.child.stop();
  await seed.fake.close();
  await seed.db.close();
}

export async function dropSeedDatabase(): Promise<void> {
  await dropDatabase(config.seed.serverUrl, config.seed.database);
}

export interface RowCounts {
  posts: number;
  distinct_posts: number;
  scores: number;
  hourly_sum: number;
}

export async function countRows(seed: SeedRun): Promise<RowCounts> {
  const [row] = (await run<RowCounts>(seed.db, 'count-rows')).rows;
  if (!row) throw new Error('count-rows returned no row');
  return row;
}

/** One hourly and one all-time run, as the scheduler would, timed (the bench's trigger). */
export async function timeRollups(seed: SeedRun): Promise<{ hourly: RollupRun; allTime: RollupRun }> {
  const hourly = await runRollup(seed.db, 'hourly', 'bench');
  const allTime = await runRollup(seed.db, 'all-time', 'bench');
  return { hourly, allTime };
}
