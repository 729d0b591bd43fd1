// The embedded maintenance loop's checkpoint: the engine has no checkpointer of its own, so without
// this the write-ahead log only grows (db/queries/maintenance.sql).
import { describe, expect, it } from 'vitest';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { startMaintenance } from '../maintenance.ts';
import { checkpointRedoLsn } from '../queries/test/checks.queries.ts';
import { insertPostScores, insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';

/** '0/1A2B3C' → a comparable number. */
const lsn = (text: string) => {
  const [high = '0', low = '0'] = text.split('/');
  return Number.parseInt(high, 16) * 2 ** 32 + Number.parseInt(low, 16);
};

describe('embedded maintenance', () => {
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
});
