// The database behaviour every engine must show. Run against the embedded engine on every
// `npm test` (db/test/embedded.test.ts) and against a real TimescaleDB server through
// testcontainers where Docker exists (db/test/server.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../engine/types.ts';
import { startMaintenance, refreshSeriousness } from '../maintenance.ts';
import { migrate, readMigrations } from '../migrate.ts';
import {
  bruteForceAllTime,
  bruteForceDaily,
  bruteForceHourly,
  caggAllTime,
  caggDaily,
  caggHourly,
  compressedChunksIn,
  hourlyWatermark,
  refreshPolicyConfigs,
  retireActiveModel,
  configureCompression,
  setSchemaJobsScheduled,
  upsertModelStatus,
} from '../queries/test/checks.queries.ts';
import { pauseSchemaJobs } from '../../test/paused-jobs.ts';
import { decompressChunksBetween } from '../queries/backfill.queries.ts';
import { allTimeSeriousness, hourlySeriousness } from '../queries/seriousness.queries.ts';
import { seededRandom } from '../../test/random.ts';
import {
  insertPostScores,
  insertPosts,
  redditId,
  type TestPost,
  type TestScore,
} from '../../test/fixtures.ts';

export interface SuiteEngine {
  /** A migrated database that this suite may fill with rows. */
  openMigrated(): Promise<Database>;
  /** An empty database with nothing applied, and a second handle on the same database. */
  openEmpty(): Promise<{ first: Database; second: Database; close(): Promise<void> }>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SUBREDDITS = ['askscience', 'Jokes', 'worldnews', 'dadjokes', 'AskHistorians'];

/** Compares rows field by field, with a tolerance for float sums (summation order differs). */
function expectSameFigures<T extends object>(actual: T[], expected: T[], keys: (keyof T)[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    const want = expected[i]!;
    for (const key of keys) {
      const a = row[key];
      const b = want[key];
      if (typeof a === 'number' && typeof b === 'number') expect(a).toBeCloseTo(b, 9);
      else if (a instanceof Date && b instanceof Date) expect(a.toISOString()).toBe(b.toISOString());
      else expect(a).toEqual(b);
    }
  });
}

async function expectCaggsMatchRawRows(db: Database) {
  const hourly = await caggHourly.run(undefined, db);
  expectSameFigures(hourly, await bruteForceHourly.run(undefined, db), [
    'subreddit',
    'model_version',
    'bucket',
    'post_count',
    'seriousness_sum',
  ]);
  for (const row of hourly) expect(row.seriousness_mean).toBeCloseTo(row.seriousness_sum / row.post_count, 9);
  expectSameFigures(await caggDaily.run(undefined, db), await bruteForceDaily.run(undefined, db), [
    'subreddit',
    'model_version',
    'bucket',
    'post_count',
    'seriousness_sum',
  ]);
  expectSameFigures(await caggAllTime.run(undefined, db), await bruteForceAllTime.run(undefined, db), [
    'subreddit',
    'model_version',
    'post_count',
    'seriousness_sum',
    'seriousness_mean',
  ]);
}

function randomCorpus(seed: number, count: number, newest: Date, spanMs: number, idOffset: number) {
  const random = seededRandom(seed);
  const posts: TestPost[] = [];
  const scores: TestScore[] = [];
  for (let i = 0; i < count; i++) {
    const post: TestPost = {
      id: redditId(idOffset + i),
      createdAt: new Date(newest.getTime() - Math.floor(random() * spanMs)),
      subreddit: SUBREDDITS[Math.floor(random() * SUBREDDITS.length)]!,
      title: `post ${idOffset + i}`,
    };
    posts.push(post);
    scores.push({ post, modelVersion: 'model-a', seriousness: random() });
    // Most posts are also scored by a second model version (as after a model change).
    if (random() < 0.7) scores.push({ post, modelVersion: 'model-b', seriousness: random() });
  }
  return { posts, scores };
}

export function describeSchemaSuite(engineName: string, engine: SuiteEngine): void {
  describe(`schema and migrations on ${engineName}`, () => {
    it('applies every migration to an empty database, and the second run is a no-op', async () => {
      const empty = await engine.openEmpty();
      const first = empty.first;
      try {
        const firstRun = await migrate(first);
        expect(firstRun.applied.map((m) => m.version)).toEqual(readMigrations().map((m) => m.version));
        const secondRun = await migrate(first);
        expect(secondRun.applied).toEqual([]);
        expect(secondRun.alreadyApplied).toBe(readMigrations().length);
      } finally {
        await empty.close();
      }
    });

    it('lets two concurrent runners migrate one database without clashing', async () => {
      const empty = await engine.openEmpty();
      const { first, second } = empty;
      try {
        const [a, b] = await Promise.all([migrate(first), migrate(second)]);
        // Every migration applied exactly once, by one runner or the other.
        const versions = [...a.applied, ...b.applied].map((m) => m.version).sort((x, y) => x - y);
        expect(versions).toEqual(readMigrations().map((m) => m.version));
        const recorded = await first.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
        expect(recorded.rows[0]?.n).toBe(readMigrations().length);
      } finally {
        await empty.close();
      }
    });
  });

  describe(`migration safety on ${engineName}`, () => {
    it('refuses to run against a database migrated by newer code, and an edited applied migration', async () => {
      const db = await engine.openMigrated();
      try {
        await db.query(
          `INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES (9999, 'from_the_future', 'x', 0)`,
        );
        await expect(migrate(db)).rejects.toThrow(/9999 from_the_future.*newer version/);
        await db.query(`DELETE FROM schema_migrations WHERE version = 9999`);
        await db.query(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2`);
        await expect(migrate(db)).rejects.toThrow(/0002_posts\.sql was changed after it was applied/);
      } finally {
        await db.close();
      }
    });
  });

  describe(`continuous aggregates on ${engineName}`, () => {
    let db: Database;
    const now = new Date();
    beforeAll(async () => {
      db = await engine.openMigrated();
    });
    afterAll(async () => {
      await db.close();
    });

    it('hourly, daily and all-time figures equal a brute-force GROUP BY, before and after a refresh', async () => {
      const corpus = randomCorpus(42, 600, now, 9 * DAY, 0);
      await insertPosts(db, corpus.posts);
      await insertPostScores(db, corpus.scores);
      // Before any refresh the watermark sits at the start of time: everything is real-time.
      expect((await hourlyWatermark.run(undefined, db))[0]?.watermark_ms).toBeLessThan(
        now.getTime() - 1000 * 365 * DAY,
      );
      await expectCaggsMatchRawRows(db); // nothing materialised: all real-time

      const maintenance = startMaintenance(db, { tickMs: 3_600_000 });
      const events = await maintenance.runAllNow();
      await maintenance.stop();
      expect(events.filter((e) => e.error)).toEqual([]);
      const watermark = (await hourlyWatermark.run(undefined, db))[0]!.watermark_ms;
      // end_offset 2 h, whole hours. One hour more of slack below: run at hh:59 (CI, 21:59:02) the
      // policy stopped a bucket earlier than now − 2 h implies (watermark 18:00, not 19:00).
      expect(watermark).toBeGreaterThan(now.getTime() - 4 * HOUR);
      expect(watermark).toBeLessThanOrEqual(now.getTime() - 2 * HOUR + HOUR);
      await expectCaggsMatchRawRows(db); // materialised history + real-time recent hours

      // Late-arriving rows: posts from days ago, scored now — behind the watermark.
      const late = randomCorpus(7, 150, new Date(now.getTime() - 2 * DAY), 5 * DAY, 10_000);
      await insertPosts(db, late.posts);
      await insertPostScores(db, late.scores);
      // Behind the watermark they are not in the materialised figures yet...
      const rawTotal = (await bruteForceAllTime.run(undefined, db)).reduce((n, r) => n + r.post_count, 0);
      const caggTotal = (await caggAllTime.run(undefined, db)).reduce((n, r) => n + r.post_count, 0);
      expect(caggTotal).toBeLessThan(rawTotal);
      // ...until the writer refreshes the window it wrote to.
      const oldest = Math.min(...late.posts.map((p) => p.createdAt.getTime()));
      await refreshSeriousness(db, new Date(oldest), new Date(now.getTime() - 2 * DAY));
      await expectCaggsMatchRawRows(db);
    });

    it('shows a score inserted now in the hourly and all-time figures immediately', async () => {
      const post: TestPost = {
        id: redditId(99_999),
        createdAt: new Date(),
        subreddit: 'Freshness',
        title: 'fresh',
      };
      await insertPosts(db, [post]);
      await insertPostScores(db, [{ post, modelVersion: 'model-a', seriousness: 0.25 }]);
      const hourStart = new Date(Math.floor(post.createdAt.getTime() / HOUR) * HOUR);
      const hourly = await hourlySeriousness.run(
        {
          subreddit: 'Freshness',
          modelVersion: 'model-a',
          from: hourStart,
          to: new Date(hourStart.getTime() + HOUR),
        },
        db,
      );
      expect(hourly).toEqual([
        { bucket: hourStart, post_count: 1, seriousness_sum: 0.25, seriousness_mean: 0.25 },
      ]);
      const allTime = (await allTimeSeriousness.run({ modelVersion: 'model-a' }, db)).find(
        (r) => r.subreddit === 'Freshness',
      );
      expect(allTime).toMatchObject({ post_count: 1, seriousness_mean: 0.25 });
    });

    it('ignores a re-delivered score: inserts are idempotent on (post, created_at, model_version)', async () => {
      const post: TestPost = {
        id: redditId(88_888),
        createdAt: new Date(),
        subreddit: 'Idempotent',
        title: 'x',
      };
      await insertPosts(db, [post]);
      const first = await insertPostScores(db, [{ post, modelVersion: 'model-a', seriousness: 0.9 }]);
      const again = await insertPostScores(db, [{ post, modelVersion: 'model-a', seriousness: 0.1 }]);
      expect(first).toHaveLength(1);
      expect(again).toHaveLength(0);
      const allTime = (await allTimeSeriousness.run({ modelVersion: 'model-a' }, db)).find(
        (r) => r.subreddit === 'Idempotent',
      );
      expect(allTime).toMatchObject({ post_count: 1, seriousness_mean: 0.9 });
    });

    it('updates score and comment count of a post seen again, and reports it as not new', async () => {
      const post: TestPost = {
        id: redditId(77_777),
        createdAt: new Date(),
        subreddit: 'Upserts',
        title: 'x',
      };
      const first = await insertPosts(db, [{ ...post, score: 1, numComments: 0 }]);
      const second = await insertPosts(db, [{ ...post, score: 42, numComments: 7 }]);
      expect(first.map((r) => r.inserted)).toEqual([true]);
      expect(second.map((r) => r.inserted)).toEqual([false]);
      const row = await db.query<{ score: number; num_comments: number }>(
        'SELECT score, num_comments FROM posts WHERE id = $1',
        [post.id],
      );
      expect(row.rows).toEqual([{ score: 42, num_comments: 7 }]);
    });

    it('takes its jobs off the background scheduler for a test, and puts them back', async () => {
      const resume = await pauseSchemaJobs(db);
      const paused = await setSchemaJobsScheduled.run({ scheduled: false }, db);
      expect(paused.map((j) => j.scheduled)).toEqual([false, false, false]);
      await resume();
      const after = await setSchemaJobsScheduled.run({ scheduled: true }, db);
      expect(after.map((j) => j.scheduled)).toEqual([true, true, true]);
      // Paused again: the server suite keeps them so (server.test.ts); the embedded maintenance
      // loop runs them by its own schedule either way.
      await pauseSchemaJobs(db);
    });

    it('refreshes each aggregate in one batch, one transaction: never bucket by bucket over all history', async () => {
      // buckets_per_batch 1 (TimescaleDB's default) walked every hourly bucket from the oldest row
      // on each run: 42-47 s of the embedded engine every minute over 17 years of history, and
      // readers of a server saw half-refreshed aggregates between batches (migration 0012).
      const policies = await refreshPolicyConfigs.run(undefined, db);
      expect(policies.map((p) => p.view)).toEqual([
        'subreddit_seriousness_daily',
        'subreddit_seriousness_hourly',
      ]);
      for (const policy of policies) expect(policy.config).toMatchObject({ buckets_per_batch: 0 });
    });

    it('compresses only settled history (old, quiet, scored by the models in play); writers decompress first', async () => {
      const runPolicies = async () => {
        const maintenance = startMaintenance(db, { tickMs: 3_600_000 });
        const events = await maintenance.runAllNow();
        await maintenance.stop();
        expect(events.filter((e) => e.error)).toEqual([]);
      };
      const compressed = async (hypertable: string, from: Date, to: Date) =>
        (await compressedChunksIn.run({ hypertable, from, to }, db))[0]!.count;
      // Settled: 60 days old, every post scored by the active model. Unsettled: 90 days old, half
      // of its posts not scored yet.
      const settledTo = new Date(now.getTime() - 60 * DAY);
      const settledFrom = new Date(settledTo.getTime() - 2 * DAY);
      const settled = randomCorpus(3, 100, settledTo, 2 * DAY, 50_000);
      const unsettledTo = new Date(now.getTime() - 90 * DAY);
      const unsettledFrom = new Date(unsettledTo.getTime() - 2 * DAY);
      const unsettled = randomCorpus(4, 100, unsettledTo, 2 * DAY, 60_000);
      const missing = unsettled.scores.filter((sc, i) => sc.modelVersion === 'model-a' && i % 2 === 0);
      await insertPosts(db, [...settled.posts, ...unsettled.posts]);
      await insertPostScores(db, [
        ...settled.scores,
        ...unsettled.scores.filter((sc) => !missing.includes(sc)),
      ]);
      await retireActiveModel.run(undefined, db);
      await upsertModelStatus.run({ version: 'model-a', status: 'active' }, db);

      // Just stored: not quiet for an hour yet, so nothing is compressed however old.
      await runPolicies();
      expect(await compressed('posts', unsettledFrom, settledTo)).toBe(0);

      // A run stops after its time budget (the embedded engine serves nothing else meanwhile).
      await configureCompression.run({ quiet: '0 seconds', maxRuntime: '0 seconds' }, db);
      await runPolicies();
      expect(await compressed('posts', unsettledFrom, settledTo)).toBe(0);

      await configureCompression.run({ quiet: '0 seconds', maxRuntime: '1 hour' }, db);
      await runPolicies();
      expect(await compressed('posts', settledFrom, settledTo)).toBeGreaterThan(0);
      expect(await compressed('post_scores', settledFrom, settledTo)).toBeGreaterThan(0);
      expect(await compressed('posts', unsettledFrom, unsettledTo)).toBe(0);
      expect(await compressed('post_scores', unsettledFrom, unsettledTo)).toBe(0);

      // A model being re-scored to counts too: history it has not scored is not settled.
      await upsertModelStatus.run({ version: 'model-x', status: 'rescoring' }, db);
      await insertPostScores(db, missing);
      await runPolicies();
      expect(await compressed('posts', unsettledFrom, unsettledTo)).toBe(0);
      await upsertModelStatus.run({ version: 'model-x', status: 'retired' }, db);
      await runPolicies();
      expect(await compressed('posts', unsettledFrom, unsettledTo)).toBeGreaterThan(0);
      expect(await compressed('post_scores', unsettledFrom, unsettledTo)).toBeGreaterThan(0);

      // Compressed rows stay readable and writable: re-seeing an old post updates it, a late
      // score lands in a compressed chunk.
      const target = settled.posts[0]!;
      const again = await insertPosts(db, [{ ...target, score: 1234 }]);
      expect(again.map((r) => r.inserted)).toEqual([false]);
      expect(
        await insertPostScores(db, [{ post: target, modelVersion: 'model-c', seriousness: 0.5 }]),
      ).toHaveLength(1);
      const row = await db.query<{ score: number }>('SELECT score FROM posts WHERE id = $1', [target.id]);
      expect(row.rows).toEqual([{ score: 1234 }]);

      // A bulk writer decompresses the range it writes into, whole; the job takes it again later.
      const [decompressed] = await decompressChunksBetween.run({ from: settledFrom, to: settledTo }, db);
      expect(decompressed?.decompressed).toBeGreaterThan(0);
      expect(await compressed('posts', settledFrom, settledTo)).toBe(0);
      expect(await compressed('post_scores', settledFrom, settledTo)).toBe(0);
      await runPolicies();
      expect(await compressed('posts', settledFrom, settledTo)).toBeGreaterThan(0);

      await configureCompression.run({ quiet: '1 hour', maxRuntime: '500 milliseconds' }, db);
      await retireActiveModel.run(undefined, db);
      await refreshSeriousness(db, new Date(now.getTime() - 94 * DAY), now);
      await expectCaggsMatchRawRows(db);
    });
  });
}
