// The embedded maintenance loop's checkpoint and ANALYZE: the engine has no checkpointer of its own,
// so without the first the write-ahead log only grows; and no statistics collector, so the second
// reads the tables that grew, one at a time (db/queries/maintenance.sql).
import { describe, expect, it } from 'vitest';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { waitUntil } from '../../test/wait.ts';
import { BulkActivity } from '../bulk-activity.ts';
import { startMaintenance } from '../maintenance.ts';
import { relationsToAnalyze } from '../queries/maintenance.queries.ts';
import {
  checkpointRedoLsn,
  postChunkStatistics,
  setRefreshSchedule,
} from '../queries/test/checks.queries.ts';
import { insertPostScores, insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';

/** '0/1A2B3C' → a comparable number. */
const lsn = (text: string) => {
  const [high = '0', low = '0'] = text.split('/');
  return Number.parseInt(high, 16) * 2 ** 32 + Number.parseInt(low, 16);
};

describe('embedded maintenance', () => {
  it('holds the refresh policies back while a bulk writer works, and runs them at the next tick after', async () => {
    const db = await openMigratedEmbedded();
    const bulk = new BulkActivity();
    const ran: string[] = [];
    const maintenance = startMaintenance(db, {
      tickMs: 20,
      bulk,
      onEvent: (event) => ran.push(event.job),
    });
    try {
      const refreshes = () => ran.filter((job) => job.startsWith('policy_refresh_continuous_aggregate'));
      // Due at every tick from now on.
      expect((await setRefreshSchedule.run({ interval: '10 milliseconds' }, db))[0]?.altered).toBe(2);
      await bulk.during(async () => {
        // The first run happens whatever runs beside it: it moves the watermark from the start of time.
        await waitUntil('the first refresh runs', async () => refreshes().length === 2, 10_000);
        const before = refreshes().length;
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(refreshes().length).toBe(before);
      });
      await waitUntil('the refresh policies to run again', async () => refreshes().length > 2, 10_000);
    } finally {
      await maintenance.stop();
      await db.close();
    }
  });

  it('checkpoints, so crash recovery starts after what was written, not at the last start', async () => {
    const db = await openMigratedEmbedded();
    try {
      const before = lsn((await checkpointRedoLsn.run(undefined, db))[0]!.redo_lsn);
      const posts: TestPost[] = Array.from({ length: 500 }, (_, i) => ({
        id: redditId(i + 1),
        createdAt: new Date(Date.now() - i * 60_000),
        subreddit: 'askscience',
        title: `post ${i}`,
      }));
      await insertPosts(db, posts);
      await insertPostScores(
        db,
        posts.map((post) => ({ post, modelVersion: 'v1', seriousness: 0.5 })),
      );
      // A tick far away: only runAllNow runs anything, and it runs the checkpoint last.
      const maintenance = startMaintenance(db, { tickMs: 3_600_000 });
      const events = await maintenance.runAllNow();
      await maintenance.stop();
      expect(events.filter((e) => e.error)).toEqual([]);
      expect(events.at(-1)?.job).toBe('checkpoint');
      const after = lsn((await checkpointRedoLsn.run(undefined, db))[0]!.redo_lsn);
      expect(after).toBeGreaterThan(before);
    } finally {
      await db.close();
    }
  });

  it('analyzes a chunk once a tenth of it is new, and leaves a chunk nobody wrote to alone', async () => {
    const db = await openMigratedEmbedded();
    try {
      const post = (i: number): TestPost => ({
        id: redditId(i + 1),
        createdAt: new Date(Date.now() - (i % 600) * 60_000),
        subreddit: 'askscience',
        title: `a post long enough to fill pages quickly, number ${i}`.repeat(3),
      });
      await insertPosts(
        db,
        Array.from({ length: 3000 }, (_, i) => post(i)),
      );
      const maintenance = startMaintenance(db, { tickMs: 3_600_000 });
      try {
        const [chunk] = await postChunkStatistics.run(undefined, db);
        expect(chunk!.reltuples).toBe(-1); // never analyzed
        expect((await relationsToAnalyze.run(undefined, db)).map((r) => r.relation)).toContain(chunk!.chunk);
        const events = await maintenance.runAllNow();
        expect(events.filter((e) => e.error)).toEqual([]);
        expect((await postChunkStatistics.run(undefined, db))[0]!.reltuples).toBe(3000);
        // Nothing changed since: nothing to read again.
        expect(await relationsToAnalyze.run(undefined, db)).toEqual([]);
        // A few more rows (under a tenth): still nothing; many more: that chunk again.
        await insertPosts(
          db,
          Array.from({ length: 50 }, (_, i) => post(3000 + i)),
        );
        expect(await relationsToAnalyze.run(undefined, db)).toEqual([]);
        await insertPosts(
          db,
          Array.from({ length: 1000 }, (_, i) => post(4000 + i)),
        );
        expect((await relationsToAnalyze.run(undefined, db)).map((r) => r.relation)).toEqual([chunk!.chunk]);
      } finally {
        await maintenance.stop();
      }
    } finally {
      await db.close();
    }
  });
});
