// The chaos invariant must fail when the pipeline loses, duplicates or leaves unscored a post, when
// an aggregate drifts from the raw rows, or when a score job fails — otherwise every chaos scenario
// would pass vacuously. Checked on a real migrated engine with hand-made rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { createBoss, ensureQueues, QUEUES } from '../db/boss.ts';
import type { EmbeddedDatabase } from '../db/engine/embedded.ts';
import { refreshSeriousness } from '../db/maintenance.ts';
import { makeActive, registerModel } from '../db/queries/scorer.queries.ts';
import { insertPosts, insertPostScores, redditId, type TestPost } from './fixtures.ts';
import { storeDeadLetters } from '../ingest/dead-letters.ts';
import { openMigratedEmbedded } from './template-db.ts';
import { checkInvariant } from './pipeline-invariant.ts';

const MODEL = 'chaos-invariant-test-model';
let db: EmbeddedDatabase;
let boss: PgBoss;

beforeAll(async () => {
  db = await openMigratedEmbedded();
  await registerModel.run({ version: MODEL, path: 'none', card: '{}', onnx: Buffer.from([]) }, db);
  await makeActive.run({ version: MODEL }, db);
  boss = createBoss(db);
  await boss.start();
  await ensureQueues(boss);
});

afterAll(async () => {
  await boss.stop({ graceful: false, timeout: 5_000 });
  await db.close();
});

let next = 0;
/** Posts three hours old (inside the hourly refresh window of the drift test). */
function newPosts(n: number): TestPost[] {
  const createdAt = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000);
  return Array.from({ length: n }, () => ({
    id: redditId(next++),
    createdAt,
    subreddit: 'ChaosTest',
    title: 'a post',
  }));
}

async function stored(posts: TestPost[], scored = posts): Promise<void> {
  await insertPosts(db, posts);
  await insertPostScores(
    db,
    scored.map((post, i) => ({ post, modelVersion: MODEL, seriousness: (i % 10) / 10 })),
  );
}

// One database for the file: each case builds on the last, so each checks the delta it adds.
describe('the chaos invariant', () => {
  const published: string[] = [];

  it('holds when every published post is stored once and scored once', async () => {
    const posts = newPosts(20);
    await stored(posts);
    published.push(...posts.map((p) => p.id));
    const report = await checkInvariant({ db, boss, publishedIds: published });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ published: 20, stored: 20, duplicates: 0, missing: 0, unscored: 0 });
  });

  it('reports a published post that was never stored as missing', async () => {
    const report = await checkInvariant({ db, boss, publishedIds: [...published, 'zzzmissing'] });
    expect(report.missing).toBe(1);
    expect(report.problems.join()).toMatch(/1 published posts missing .*zzzmissing/);
  });

  it('accounts for a post kept in the dead letters as bad input instead of calling it missing', async () => {
    const child = { kind: 't3', data: { id: 'zzzdead', name: 't3_zzzdead', subreddit: 'ChaosTest' } };
    await storeDeadLetters(db, [
      { source: 'test', reason: 'invalid-post', context: {}, payload: JSON.stringify(child) },
    ]);
    const report = await checkInvariant({ db, boss, publishedIds: [...published, 'zzzdead'] });
    expect(report.problems).toEqual([]);
    expect(report.deadLetteredPosts).toBe(1);
    expect(report.deadLettersByReason).toEqual({ 'invalid-post': 1 });
    published.push('zzzdead');
  });

  it('reports a stored post without a score by the active model', async () => {
    const posts = newPosts(2);
    await stored(posts, posts.slice(0, 1));
    published.push(...posts.map((p) => p.id));
    const report = await checkInvariant({ db, boss, publishedIds: published });
    expect(report.unscored).toBe(1);
    expect(report.problems).toEqual([expect.stringMatching(/^1 stored posts without a score/)]);
    await insertPostScores(db, [{ post: posts[1]!, modelVersion: MODEL, seriousness: 0.5 }]);
  });

  it('reports a second copy of a post (same id, another created_at) as a duplicate', async () => {
    const [original] = newPosts(1);
    const copy = { ...original!, createdAt: new Date(original!.createdAt.getTime() + 1_000) };
    await stored([original!, copy]);
    published.push(original!.id);
    const report = await checkInvariant({ db, boss, publishedIds: published });
    expect(report.duplicates).toBe(1);
    expect(report.problems.join('\n')).toMatch(/^1 published posts stored more than once/m);
  });

  it('reports stored posts that were never published', async () => {
    const report = await checkInvariant({ db, boss, publishedIds: published.slice(1) });
    expect(report.unpublishedStored).toBe(1);
  });

  it('reports score jobs left pending and failed ones', async () => {
    await boss.send(QUEUES.score, { postId: 'x', createdAt: new Date().toISOString(), subreddit: 'x' });
    const pending = await checkInvariant({ db, boss, publishedIds: published });
    expect(pending.pendingJobs).toBe(1);
    const [job] = await boss.fetch(QUEUES.score);
    await boss.fail(QUEUES.score, job!.id, new Error('chaos test'));
    // retryLimit 5: a failed attempt is retried; exhaust the retries to make it final.
    await boss.deleteJob(QUEUES.score, job!.id);
    const failedId = await boss.send(QUEUES.score, { postId: 'y' }, { retryLimit: 0 });
    await boss.fetch(QUEUES.score);
    await boss.fail(QUEUES.score, failedId!, new Error('chaos test'));
    const failed = await checkInvariant({ db, boss, publishedIds: published });
    expect(failed.failedJobs).toBe(1);
    expect(failed.problems.join()).toMatch(/1 score jobs failed/);
    await boss.deleteJob(QUEUES.score, failedId!);
  });

  it('reports an aggregate that no longer equals the raw rows', async () => {
    const posts = newPosts(1);
    await stored(posts);
    published.push(posts[0]!.id);
    // Materialise the hour, then change the raw rows behind the aggregate's back.
    await refreshSeriousness(db, posts[0]!.createdAt, posts[0]!.createdAt);
    await db.query('DELETE FROM post_scores WHERE post_id = $1', [posts[0]!.id]);
    const report = await checkInvariant({ db, boss, publishedIds: published });
    expect(report.caggMismatches).toBeGreaterThan(0);
    expect(report.problems.join()).toMatch(/hourly aggregate differs from the raw rows/);
  });
});
