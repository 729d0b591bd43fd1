// The standalone ingest process, killed with SIGKILL mid-run and started again on the same data
// directory: every post the fake Reddit published is stored exactly once, with exactly one score job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBoss } from '../../db/boss.ts';
import { queuedScorePosts } from '../../test/score-jobs.ts';
import { openEmbedded } from '../../db/engine/embedded.ts';
import { postsOfSubreddit } from '../../db/queries/ingest.queries.ts';
import { killChildren, spawnNode, type NodeProcess } from '../../test/node-process.ts';
import { fakeRedditEnv } from '../../tools/fake-reddit/env.ts';
import { startFakeReddit } from '../../tools/fake-reddit/server.ts';
import { TEST_USER_AGENT, waitFor } from './helpers.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-kill-'));
afterAll(() => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
});

async function startIngestProcess(env: Record<string, string>): Promise<NodeProcess> {
  const ingest = spawnNode(['app/ingest.ts'], { ...process.env, ...env }, { name: 'ingest' });
  await ingest.waitFor(/ingest ready/);
  return ingest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest process', () => {
  it('killed with SIGKILL mid-run and restarted: no gap, no duplicate post, no duplicate score job', async () => {
    const fake = await startFakeReddit({ rateLimit: { windowRequests: 100_000, windowSeconds: 600 } });
    const dataDir = path.join(root, 'pgdata');
    const env = {
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...fakeRedditEnv(fake.url, { subreddits: ['KillNine'], userAgent: TEST_USER_AGENT }),
      POLL_INTERVAL_MS: '100',
    };
    try {
      fake.publish([{ subreddit: 'KillNine', title: 'before the first start' }]);
      const first = await startIngestProcess(env);
      await waitFor('the first poll', () =>
        fake.requests.filter((r) => r.path === '/r/KillNine/new' && r.status === 200).length >= 2
          ? true
          : undefined,
      );
      // 50 posts/s: the fake keeps a listing's newest 1,000 only, like Reddit; a slow restart on a
      // loaded machine must not push the earliest posts out of what `published` can see.
      fake.startLive({ postsPerSecond: 50, subreddits: ['KillNine'] });
      await sleep(1500);
      first.child.kill('SIGKILL');
      await first.exited;
      await sleep(1000); // ~50 posts arrive while nothing polls
      const second = await startIngestProcess(env);
      await sleep(1500);
      fake.stopLive();
      await sleep(1500);
      expect(await second.stop()).toBe(0);
    } finally {
      fake.stopLive();
      await fake.close();
    }

    const published = fake.posts
      .all()
      .filter((p) => p.subredditKey === 'killnine')
      .map((p) => p.id)
      .sort();
    expect(published.length).toBeGreaterThan(200);
    expect(published.length).toBeLessThan(1000); // all of them still in the fake's listing
    const db = await openEmbedded({ dataDir });
    const boss = createBoss(db);
    try {
      await boss.start();
      const stored = (await postsOfSubreddit.run({ subreddit: 'KillNine' }, db)).map((r) => r.id).sort();
      expect(stored).toEqual(published);
      const queued = await queuedScorePosts(boss);
      expect(queued.map((p) => p.postId).sort()).toEqual(published);
    } finally {
      await boss.stop({ graceful: false, timeout: 5_000 });
      await db.close();
    }
  }, 60_000);
});
