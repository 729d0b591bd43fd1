// The seed's rollup SQL on the real Postgres 15 (PG_URL, default the local server): the hourly
// model rebuilds exactly the hours that received scores since its last run, and the all-time model
// matches the raw rows. Each run of this file uses its own database, dropped at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDatabase } from '../../../db/engine/server.ts';
import { insertScoreRows } from '../consumers.ts';
import { dropDatabase, openSeedDatabase, recreateDatabase } from '../database.ts';
import { runRollup } from '../rollups.ts';
import { schemaSql } from '../sql.ts';

const SERVER = process.env.SEED_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = `seed_rollup_test_${process.pid}`;
let db: ServerDatabase;

beforeAll(async () => {
  db = await openSeedDatabase(await recreateDatabase(SERVER, NAME), 2);
  await db.exec(schemaSql());
});
afterAll(async () => {
  await db?.close();
  await dropDatabase(SERVER, NAME);
});

const H = Date.UTC(2026, 10, 30, 10);
const score = (id: string, subreddit: string, atMs: number, seriousness: number) => ({
  postId: id,
  createdAt: new Date(atMs).toISOString(),
  subreddit,
  modelVersion: 'v1',
  seriousness,
});

interface HourlyRow {
  subreddit: string;
  bucket: Date;
  post_count: string;
  seriousness_mean: number;
}
const hourly = async () =>
  (
    await db.query<HourlyRow>(
      'SELECT subreddit, bucket, post_count, seriousness_mean FROM seed_hourly ORDER BY 1, 2',
    )
  ).rows.map((r) => [
    r.subreddit,
    r.bucket.getTime(),
    Number(r.post_count),
    Number(r.seriousness_mean.toFixed(6)),
  ]);

describe('seed rollups on Postgres 15', () => {
  it('builds hourly counts and means by the post’s creation hour, then all-time figures', async () => {
    await insertScoreRows(db, [
      score('a1', 'Jokes', H + 60_000, 0.2),
      score('a2', 'Jokes', H + 3_500_000, 0.4),
      score('a3', 'Jokes', H + 3_600_000, 0.9),
      score('b1', 'science', H + 10, 0.8),
    ]);
    const run = await runRollup(db, 'hourly', 'bench');
    expect(run.rows).toBe(3);
    expect(await hourly()).toEqual([
      ['Jokes', H, 2, 0.3],
      ['Jokes', H + 3_600_000, 1, 0.9],
      ['science', H, 1, 0.8],
    ]);
    await runRollup(db, 'all-time', 'bench');
    const allTime = await db.query<{ subreddit: string; post_count: string; seriousness_mean: number }>(
      'SELECT subreddit, post_count, seriousness_mean FROM seed_all_time ORDER BY 1',
    );
    expect(
      allTime.rows.map((r) => [r.subreddit, Number(r.post_count), Number(r.seriousness_mean.toFixed(6))]),
    ).toEqual([
      ['Jokes', 3, 0.5],
      ['science', 1, 0.8],
    ]);
  });

  it('rebuilds only the hours that received scores since the previous run, counting their old rows too', async () => {
    // A row the next run must not touch: its hour got nothing new (its stale count survives).
    await db.query("UPDATE seed_hourly SET post_count = 99 WHERE subreddit = 'science'");
    // Scores that landed well before the previous run (outside its minute of overlap).
    await db.query("UPDATE seed_scores SET scored_at = scored_at - INTERVAL '10 minutes'");
    await db.query("UPDATE seed_rollup_runs SET started_at = started_at - INTERVAL '5 minutes'");
    await insertScoreRows(db, [score('a4', 'Jokes', H + 120_000, 0.6)]);
    const run = await runRollup(db, 'hourly', 'schedule');
    expect(run.rows).toBe(1);
    expect(await hourly()).toEqual([
      ['Jokes', H, 3, 0.4],
      ['Jokes', H + 3_600_000, 1, 0.9],
      ['science', H, 99, 0.8],
    ]);
  });

  it('does not see a score until it runs: the rollup table keeps its last figures in between', async () => {
    await insertScoreRows(db, [score('a5', 'Jokes', H + 3_600_001, 0.1)]);
    expect((await hourly())[1]).toEqual(['Jokes', H + 3_600_000, 1, 0.9]);
    await runRollup(db, 'hourly', 'schedule');
    expect((await hourly())[1]).toEqual(['Jokes', H + 3_600_000, 2, 0.5]);
  });
});
