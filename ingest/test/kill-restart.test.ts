// The standalone ingest process, killed with SIGKILL mid-run and started again on the same data
// directory: every post the fake Reddit published is stored exactly once, with exactly one score job.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBoss, QUEUES, type ScoreJob } from '../../db/boss.ts';
import { openEmbedded } from '../../db/engine/embedded.ts';
import { postsOfSubreddit } from '../../db/queries/ingest.queries.ts';
import { startFakeReddit } from '../../tools/fake-reddit/server.ts';
import { TEST_USER_AGENT, waitFor } from './helpers.ts';

const NODE = path.resolve('node_modules/.bin/node');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

function startIngestProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(NODE, ['app/ingest.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ingest ready')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`ingest exited with ${code} before ready:\n${output}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));
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
      REDDIT_AUTH_URL: fake.url,
      REDDIT_API_URL: fake.url,
      REDDIT_CLIENT_ID: 'fake-client-id',
      REDDIT_CLIENT_SECRET: 'fake-client-secret',
      REDDIT_USER_AGENT: TEST_USER_AGENT,
      SUBREDDITS: 'KillNine',
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
      first.kill('SIGKILL');
      await exited(first);
      await sleep(1000); // ~50 posts arrive while nothing polls
      const second = await startIngestProcess(env);
      await sleep(1500);
      fake.stopLive();
      await sleep(1500);
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
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
      const jobs = await boss.findJobs<ScoreJob>(QUEUES.score, { limit: 100_000 });
      expect(jobs.map((j) => j.data.postId).sort()).toEqual(published);
    } finally {
      await boss.stop({ graceful: false, timeout: 5_000 });
      await db.close();
    }
  }, 60_000);
});
