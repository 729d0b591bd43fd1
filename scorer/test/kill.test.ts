// A scorer process killed with SIGKILL in the middle of its work, then restarted: every post is
// scored exactly once and no job is lost (a batch's claim, scores and completion commit together).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createBoss, ensureQueues } from '../../db/boss.ts';
import { openEmbedded } from '../../db/engine/embedded.ts';
import { migrate } from '../../db/migrate.ts';
import { activeModelVersion } from '../../db/queries/scorer.queries.ts';
import { killChildren, spawnNode } from '../../test/node-process.ts';
import { startScorer } from '../service.ts';
import { makePosts, queueSize, storeWithJobs, testScorerConfig, waitUntil } from './helpers.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scorer-kill-'));
const dataDir = path.join(root, 'pgdata');
afterAll(() => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
});

const POSTS = 3_000;

describe('scorer crash safety', () => {
  it('scores every post exactly once after a SIGKILL mid-run and a restart', async () => {
    // Prepare: posts and their jobs on disk.
    {
      const db = await openEmbedded({ dataDir });
      await migrate(db);
      const boss = createBoss(db);
      await boss.start();
      await ensureQueues(boss);
      await storeWithJobs(db, boss, makePosts(POSTS));
      await boss.stop({ graceful: false, timeout: 5_000 });
      await db.close();
    }

    // A scorer process in small batches, killed -9 once it has committed a few of them.
    const scorerProcess = spawnNode(
      ['app/scorer.ts'],
      { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'debug', SCORER_BATCH_SIZE: '50' },
      { name: 'scorer' },
    );
    await scorerProcess.waitFor(/(?:scored a batch[\s\S]*){3}/);
    // A moment later, so the kill lands inside a later batch's transaction, not between two.
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20)));
    scorerProcess.child.kill('SIGKILL');
    await scorerProcess.exited;
    expect(scorerProcess.child.signalCode).toBe('SIGKILL');

    // Restart (here, in-process) on the same data directory and let it finish.
    const db = await openEmbedded({ dataDir });
    const boss = createBoss(db);
    await boss.start();
    const [active] = await activeModelVersion.run(undefined, db);
    const partial = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM post_scores WHERE model_version = $1',
      [active!.version],
    );
    expect(partial.rows[0]!.n).toBeGreaterThan(0);
    expect(partial.rows[0]!.n).toBeLessThan(POSTS);
    const scorer = await startScorer({
      db,
      boss,
      config: { ...testScorerConfig, batchSize: 200 },
      log: pino({ level: 'silent' }),
    });
    try {
      await waitUntil('the queue to drain', async () => (await queueSize(boss)) === 0, 60_000);
    } finally {
      await scorer.stop();
    }
    const counts = await db.query<{ posts: number; scores: number; distinct_posts: number }>(
      `SELECT (SELECT count(*)::int FROM posts) AS posts,
              count(*)::int AS scores,
              count(DISTINCT post_id)::int AS distinct_posts
       FROM post_scores WHERE model_version = $1`,
      [active!.version],
    );
    expect(counts.rows[0]).toEqual({ posts: POSTS, scores: POSTS, distinct_posts: POSTS });
    const failed = (await boss.findJobs<unknown>('score', { limit: 100_000 })).filter(
      (j) => j.state === 'failed',
    );
    expect(failed).toEqual([]);
    await boss.stop({ graceful: false, timeout: 5_000 });
    await db.close();
  });
});
