// Shared set-up for the scorer tests: posts stored with their scoring jobs exactly as ingest
// stores them (one transaction), a second model version, and waiting for the queue to drain.
import type { PgBoss } from 'pg-boss';
import { QUEUES, scoreJobsOf } from '../../db/boss.ts';
import type { Database } from '../../db/engine/types.ts';
import { insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';
import type { ScorerConfig } from '../config.ts';

export const TITLES = [
  'What causes the northern lights to change colour?',
  'My cat knocked my coffee over again lol',
  'Court rules on the new privacy law',
  'Why did the scarecrow win an award? Because he was outstanding in his field',
  'How do I start investing with a small salary?',
  'TIFU by putting salt in my tea',
];

// Fixed once per test file, so the same offset always means the same posts (ids AND times).
const NEWEST = Date.now();

export function makePosts(count: number, offset = 0, newest = NEWEST): TestPost[] {
  return Array.from({ length: count }, (_, i) => ({
    id: redditId(offset + i),
    createdAt: new Date(newest - (offset + i) * 45_000),
    subreddit: ['askscience', 'Jokes', 'worldnews'][i % 3]!,
    title: TITLES[i % TITLES.length]!,
    selftext: i % 4 === 0 ? 'Some more words in the body of the post.' : '',
  }));
}

/** Stores posts and enqueues score jobs naming the new ones, in one transaction (as ingest does). */
export async function storeWithJobs(db: Database, boss: PgBoss, posts: TestPost[]): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await insertPosts(tx, posts);
    const fresh = rows.filter((r) => r.inserted);
    if (fresh.length === 0) return;
    await boss.insert(QUEUES.score, jobsFor(posts.filter((p) => fresh.some((r) => r.id === p.id))), {
      db: tx,
    });
  });
}

/** Their score jobs, a page's worth each, as ingest sends them. */
export function jobsFor(posts: TestPost[]) {
  return scoreJobsOf(posts).map((data) => ({ data }));
}

export { writeVariantModel } from '../../test/variant-model.ts';

export const testScorerConfig: ScorerConfig = {
  batchSize: 64,
  concurrency: 1,
  idlePollMs: 50,
  modelRefreshMs: 100,
  rescoreChunk: 100,
  modelPath: undefined,
  enabled: true,
};

export { waitUntil } from '../../test/wait.ts';

/** Jobs not yet done (created, retry or active), read live (queue stats are cached). */
export async function queueSize(boss: PgBoss, name: string = QUEUES.score): Promise<number> {
  const jobs = await boss.findJobs<unknown>(name, { limit: 100_000 });
  return jobs.filter((j) => j.state === 'created' || j.state === 'retry' || j.state === 'active').length;
}
