// startIngest as the app runs it: the poll loop against a live fake Reddit, stop/restart mid-run,
// public JSON mode, and an unreachable Reddit.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScorePost } from '../../db/boss.ts';
import { queuedScorePosts } from '../../test/score-jobs.ts';
import { postsOfSubreddit } from '../../db/queries/ingest.queries.ts';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { startIngest } from '../service.ts';
import { readIngestStatus } from '../status.ts';
import { capturedLog, openTestDb, testConfig, waitFor, type TestDb } from './helpers.ts';

let t: TestDb;
let fake: FakeReddit;
beforeAll(async () => {
  t = await openTestDb();
  fake = await startFakeReddit({
    requireUserAgent: true,
    rateLimit: { windowRequests: 100_000, windowSeconds: 600 },
    publicRateLimit: { windowRequests: 100_000, windowSeconds: 600 },
  });
});
afterAll(async () => {
  fake.stopLive();
  await fake.close();
  await t.close();
});

async function jobsFor(subreddits: string[]): Promise<ScorePost[]> {
  return (await queuedScorePosts(t.boss)).filter((p) => subreddits.includes(p.subreddit));
}

async function storedIds(subreddits: string[]): Promise<string[]> {
  const rows = await Promise.all(subreddits.map((subreddit) => postsOfSubreddit.run({ subreddit }, t.db)));
  return rows.flat().map((r) => r.id);
}

function publishedIds(subreddits: string[]): string[] {
  const wanted = new Set(subreddits.map((s) => s.toLowerCase()));
  return fake.posts
    .all()
    .filter((p) => wanted.has(p.subredditKey))
    .map((p) => p.id);
}

describe('startIngest', () => {
  it('fills posts and the score queue from a live Reddit, and survives a stop mid-run and a restart with no gap and no duplicate', async () => {
    const subs = ['LiveOne', 'LiveTwo'];
    const config = testConfig(fake.url, { SUBREDDITS: subs.join(','), POLL_INTERVAL_MS: '100' });
    fake.startLive({ postsPerSecond: 80, subreddits: subs });

    const first = await startIngest({ db: t.db, boss: t.boss, config, log: capturedLog().log });
    await waitFor('some posts', async () => ((await storedIds(subs)).length > 20 ? true : undefined));
    // Stopped mid-run: whatever request or transaction was in flight is abandoned.
    await first.stop();
    const atStop = (await storedIds(subs)).length;
    await new Promise((r) => setTimeout(r, 700)); // posts keep arriving while ingest is down
    const second = await startIngest({ db: t.db, boss: t.boss, config, log: capturedLog().log });
    await new Promise((r) => setTimeout(r, 500));
    fake.stopLive();
    const published = publishedIds(subs);
    expect(published.length).toBeGreaterThan(atStop);
    await waitFor('every published post', async () =>
      (await storedIds(subs)).length >= published.length ? true : undefined,
    );
    await second.stop();

    const stored = await storedIds(subs);
    expect(stored.sort()).toEqual(published.sort());
    const jobs = (await jobsFor(subs)).map((j) => j.postId);
    expect(jobs.sort()).toEqual(published.sort());
    expect(fake.stats.overBudget).toBe(0);

    const status = (await readIngestStatus(t.db)).find((s) => s.listing === '/r/LiveOne+LiveTwo/new');
    expect(status).toMatchObject({ mode: 'oauth', last_error: null, consecutive_errors: 0 });
    expect(status?.posts_total).toBe(published.length);
    expect(status?.posts_per_minute).toBeGreaterThanOrEqual(published.length);
    expect(status?.rate_remaining).toBeGreaterThan(0);
    expect(status?.lag_seconds).toBeLessThan(60);
  });

  it('announces public JSON mode when there are no credentials, and polls the .json endpoints', async () => {
    const [post] = fake.publish([{ subreddit: 'PublicMode', title: 'hello' }]);
    const config = testConfig(fake.url, {
      SUBREDDITS: 'PublicMode',
      REDDIT_CLIENT_ID: '',
      REDDIT_CLIENT_SECRET: '',
    });
    const { log, lines } = capturedLog();
    const ingest = await startIngest({ db: t.db, boss: t.boss, config, log });
    await waitFor('the post', async () =>
      (await storedIds(['PublicMode'])).length === 1 ? true : undefined,
    );
    await ingest.stop();
    expect(await storedIds(['PublicMode'])).toEqual([post?.id]);
    const announcement = lines().find((l) => String(l['msg']).includes('public JSON'));
    expect(announcement).toMatchObject({ level: 40 });
    expect(String(announcement?.['msg'])).toContain('at most 10 requests/minute');
    expect(fake.requests.some((r) => r.path === '/r/PublicMode/new.json' && r.role === 'public')).toBe(true);
  });

  it('reports clearly that Reddit is unreachable and keeps retrying, while the database stays usable', async () => {
    // A port with nothing listening.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const config = testConfig(url, { SUBREDDITS: 'Offline', REQUEST_MAX_ATTEMPTS: '2' });
    const { log, lines } = capturedLog();
    const ingest = await startIngest({ db: t.db, boss: t.boss, config, log });
    const status = await waitFor('two failed polls', async () => {
      const row = (await readIngestStatus(t.db)).find((s) => s.listing === '/r/Offline/new');
      return row && row.consecutive_errors >= 2 ? row : undefined;
    });
    await ingest.stop();
    expect(status.last_error).toMatch(/^Reddit is unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED/);
    expect(status.last_success_at).toBeNull();
    const first = lines().find((l) => l['level'] === 50);
    expect(String(first?.['msg'])).toContain('Reddit is unreachable');
    expect(String(first?.['msg'])).toContain('keeps running');
    expect(ingest.stats().failedPolls).toBeGreaterThanOrEqual(2);
  });

  it('does nothing when switched off', async () => {
    const config = testConfig(fake.url, { INGEST: 'off' });
    const before = fake.stats.requests;
    const ingest = await startIngest({ db: t.db, boss: t.boss, config, log: capturedLog().log });
    await new Promise((r) => setTimeout(r, 200));
    await ingest.stop();
    expect(fake.stats.requests).toBe(before);
  });
});
