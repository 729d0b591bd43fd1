// The scorer on the real embedded engine with the committed ONNX model: every enqueued post scored
// once, re-deliveries harmless, poison jobs dead-lettered, and model activation re-scoring history
// before the served version switches.
import { pino } from 'pino';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, createBoss, ensureQueues } from '../../db/boss.ts';
import type { EmbeddedDatabase } from '../../db/engine/embedded.ts';
import { bruteForceAllTime, caggAllTime } from '../../db/queries/test/checks.queries.ts';
import { activeModelVersion, scorerStatus } from '../../db/queries/scorer.queries.ts';
import { insertPosts } from '../../test/fixtures.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { loadModel } from '../../model/score/library.ts';
import { defaultModelPath } from '../../model/config.ts';
import { activateModel } from '../../model/registry/models.ts';
import { startScorer, type ScorerService } from '../service.ts';
import { explainPost } from '../../model/registry/explain.ts';
import {
  jobsFor,
  makePosts,
  queueSize,
  storeWithJobs,
  testScorerConfig,
  waitUntil,
  writeVariantModel,
} from './helpers.ts';

const log = pino({ level: 'silent' });
let db: EmbeddedDatabase;
let boss: PgBoss;

beforeAll(async () => {
  db = await openMigratedEmbedded();
  boss = createBoss(db);
  boss.on('error', (error) => console.error('pg-boss error in test', error));
  await boss.start();
  await ensureQueues(boss);
});
afterAll(async () => {
  await boss.stop({ graceful: false, timeout: 5_000 });
  await db.close();
});

async function scoreRows(version: string): Promise<Map<string, number>> {
  const rows = await db.query<{ post_id: string; seriousness: number }>(
    'SELECT post_id, seriousness FROM post_scores WHERE model_version = $1',
    [version],
  );
  return new Map(rows.rows.map((r) => [r.post_id, r.seriousness]));
}

async function withScorer<T>(fn: (scorer: ScorerService) => Promise<T>): Promise<T> {
  const scorer = await startScorer({ db, boss, config: testScorerConfig, log });
  try {
    return await fn(scorer);
  } finally {
    await scorer.stop();
  }
}

describe('scorer worker', () => {
  it('scores every enqueued post exactly once, with the library’s own scores', async () => {
    const posts = makePosts(300);
    await storeWithJobs(db, boss, posts);
    const version = await withScorer(async () => {
      const [active] = await activeModelVersion.run(undefined, db);
      await waitUntil('300 scores', async () => (await scoreRows(active!.version)).size === 300);
      await waitUntil('an empty queue', async () => (await queueSize(boss)) === 0);
      return active!.version;
    });
    const scores = await scoreRows(version);
    expect([...scores.keys()].sort()).toEqual(posts.map((p) => p.id).sort());
    // The worker's figures are the model library's figures for the same posts.
    const model = await loadModel(defaultModelPath);
    expect(model.version).toBe(version);
    const expected = await model.scoreBatch(
      posts.map((p) => ({
        title: p.title,
        selftext: p.selftext,
        isSelf: true,
        domain: `self.${p.subreddit}`,
      })),
    );
    posts.forEach((p, i) => expect(scores.get(p.id)).toBeCloseTo(expected[i]!.seriousness, 6));
    await model.close();
  });

  it('changes nothing when every job is delivered again', async () => {
    const [active] = await activeModelVersion.run(undefined, db);
    const before = await scoreRows(active!.version);
    // At-least-once delivery: the very same jobs again, for every stored post.
    const stored = await db.query<{ id: string; created_at: Date; subreddit: string }>(
      'SELECT id, created_at, subreddit FROM posts',
    );
    expect(stored.rows).toHaveLength(300);
    await boss.insert(
      QUEUES.score,
      jobsFor(
        stored.rows.map((r) => ({ id: r.id, createdAt: r.created_at, subreddit: r.subreddit, title: '' })),
      ),
    );
    await withScorer(async (scorer) => {
      await waitUntil('the re-delivered jobs to be worked', async () => (await queueSize(boss)) === 0);
      expect(scorer.worker.stats.posts).toBe(300);
      expect(scorer.worker.stats.scoreRows).toBe(0);
      expect(scorer.worker.stats.deadLettered).toBe(0);
    });
    expect(await scoreRows(active!.version)).toEqual(before);
  });

  it('scores one-post jobs that a version before one-job-per-page queued', async () => {
    const posts = makePosts(30, 2_000);
    await db.transaction(async (tx) => {
      await insertPosts(tx, posts);
      await boss.insert(
        QUEUES.score,
        posts.map((p) => ({
          data: { postId: p.id, createdAt: p.createdAt.toISOString(), subreddit: p.subreddit },
        })),
        { db: tx },
      );
    });
    const [active] = await activeModelVersion.run(undefined, db);
    await withScorer(async (scorer) => {
      await waitUntil('the one-post jobs to be worked', async () => (await queueSize(boss)) === 0);
      expect(scorer.worker.stats).toMatchObject({ jobs: 30, posts: 30, deadLettered: 0 });
    });
    const scores = await scoreRows(active!.version);
    for (const post of posts) expect(scores.has(post.id)).toBe(true);
  });

  it('retries at start the jobs a scorer claimed and never finished (it died mid-batch)', async () => {
    const posts = makePosts(150, 3_000);
    await storeWithJobs(db, boss, posts);
    // A claim as the dead scorer made it: the jobs are active, nothing of theirs is written.
    const claimed = await boss.fetch(QUEUES.score, { batchSize: 10 });
    expect(claimed).toHaveLength(2);
    const [active] = await activeModelVersion.run(undefined, db);
    await withScorer(async () => {
      await waitUntil('the orphaned jobs to be worked', async () => (await queueSize(boss)) === 0);
    });
    const scores = await scoreRows(active!.version);
    for (const post of posts) expect(scores.has(post.id)).toBe(true);
    const [job] = await boss.findJobs(QUEUES.score, { id: claimed[0]!.id });
    expect(job).toMatchObject({ state: 'completed', retryCount: 1 });
  });

  it('dead-letters jobs that cannot be scored and scores their batch-mates', async () => {
    const posts = makePosts(20, 1_000);
    await storeWithJobs(db, boss, posts);
    await boss.insert(QUEUES.score, [
      { data: { postId: 'zzzzzz', createdAt: new Date().toISOString(), subreddit: 'Ghost' } }, // no such post
      { data: { postId: 'BAD ID!', createdAt: 'yesterday', subreddit: 42 } }, // malformed payload
    ]);
    const [active] = await activeModelVersion.run(undefined, db);
    await withScorer(async (scorer) => {
      await waitUntil('the batch to be worked', async () => (await queueSize(boss)) === 0);
      expect(scorer.worker.stats.deadLettered).toBe(2);
    });
    const scores = await scoreRows(active!.version);
    for (const post of posts) expect(scores.has(post.id)).toBe(true);
    const dead = await boss.fetch<{ reason: string; job: { postId?: unknown } }>(QUEUES.scoreDeadLetter, {
      batchSize: 10,
    });
    expect(dead.map((d) => d.data.reason).sort()).toEqual([
      expect.stringMatching(/^invalid job payload/),
      'post not found in posts',
    ]);
  });

  it('explains a score with the tokens that pushed it', async () => {
    const [post] = makePosts(1, 1_000);
    const explanation = await withScorer((scorer) => explainPost(db, scorer.models, post!.id, 5));
    expect(explanation?.postId).toBe(post!.id);
    expect(explanation?.contributions.length).toBeGreaterThan(0);
    expect(explanation?.contributions.length).toBeLessThanOrEqual(5);
    expect(explanation?.seriousness).toBeGreaterThanOrEqual(0);
  });

  it('reports throughput, lag and the active model in scorer_status_view', async () => {
    const [status] = await scorerStatus.run(undefined, db);
    const [active] = await activeModelVersion.run(undefined, db);
    expect(status?.active_model).toBe(active!.version);
    expect(status?.scored_last_minute).toBeGreaterThanOrEqual(300);
    expect(status?.lag_p50_seconds).toBeGreaterThanOrEqual(0);
  });
});

describe('model activation', () => {
  it('re-scores history with the new model, then switches the served version', async () => {
    const [oldActive] = await activeModelVersion.run(undefined, db);
    const variantPath = writeVariantModel();
    const { version, outcome } = await activateModel(db, variantPath);
    expect(outcome).toBe('rescoring');
    expect(version).not.toBe(oldActive!.version);

    await withScorer(async () => {
      // New posts arriving during the re-score are scored by both models.
      await storeWithJobs(db, boss, makePosts(30, 5_000));
      const seen: string[] = [];
      await waitUntil(
        'the new model to take over',
        async () => {
          const [active] = await activeModelVersion.run(undefined, db);
          seen.push(active!.version);
          return active!.version === version;
        },
        60_000,
      );
      // Until the switch, the API-visible version stayed the old one.
      expect(seen.slice(0, -1).every((v) => v === oldActive!.version)).toBe(true);
    });

    const allPosts = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM posts');
    expect((await scoreRows(version)).size).toBe(allPosts.rows[0]!.n);
    // The aggregates of the new version equal a brute-force recomputation over its raw scores.
    const cagg = (await caggAllTime.run(undefined, db)).filter((r) => r.model_version === version);
    const brute = (await bruteForceAllTime.run(undefined, db)).filter((r) => r.model_version === version);
    expect(cagg.map((r) => [r.subreddit, r.post_count])).toEqual(
      brute.map((r) => [r.subreddit, r.post_count]),
    );
    cagg.forEach((r, i) => expect(r.seriousness_sum).toBeCloseTo(brute[i]!.seriousness_sum, 9));
    // And the scores genuinely differ from the old model's.
    const oldScores = await scoreRows(oldActive!.version);
    const newScores = await scoreRows(version);
    const differing = [...newScores].filter(([id, s]) => Math.abs(s - (oldScores.get(id) ?? s)) > 1e-6);
    expect(differing.length).toBeGreaterThan(0);
  });
});
