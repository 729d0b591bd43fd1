// One scoring batch in three steps, so that the engine is held only while it works:
//  1. claim: pg-boss's fetch marks up to N jobs active (one statement), and the posts they name
//     are read (a second) — no transaction is held open;
//  2. score: every model in play scores the posts, on this thread, while the engine serves others
//     (the poller's writes, the API's reads, another batch's write);
//  3. finish, in ONE transaction: the score rows, the dead letters, and the jobs' completion. Either
//     all of that commits or none of it does.
// A crash between 1 and 3 leaves the jobs active: the embedded scorer retries its own at start
// (./orphans.ts); on a server pg-boss retries them when their claim expires (db/boss.ts). A job
// worked twice inserts nothing twice (post_scores is ON CONFLICT DO NOTHING on its natural key).
import type { PgBoss } from 'pg-boss';
import { QUEUES, postsOfScoreJob, type ScoreDeadLetter, type ScorePost } from '../db/boss.ts';
import type { Database } from '../db/engine/types.ts';
import { postsToScore } from '../db/queries/scorer.queries.ts';
import { insertScoreRows } from '../db/writes.ts';
import { toPostInput, type StoredPost } from '../model/registry/post-input.ts';
import type { ModelInPlay } from '../model/registry/models.ts';
import { scoreIsolatingFailures } from '../model/score/isolating-failures.ts';
import type { StageTimings } from '../runtime/stage-timings.ts';

export interface ClaimedBatch {
  jobIds: string[];
  /** Distinct stored posts of the claimed jobs, to score. */
  posts: StoredPost[];
  /** Which post (and job) a failure of a post is reported as. */
  sourceOf: Map<StoredPost, { jobId: string; post: ScorePost }>;
  deadLetters: ScoreDeadLetter[];
}

export interface BatchResult {
  jobs: number;
  posts: number;
  scoreRows: number;
  deadLettered: number;
}

const keyOf = (id: string, createdAt: Date) => `${id}@${createdAt.getTime()}`;

/** Step 1: claims up to `maxJobs` jobs and reads their posts (null: the queue is empty). */
export async function claimScoreBatch(
  db: Database,
  boss: PgBoss,
  maxJobs: number,
  timings?: StageTimings,
): Promise<ClaimedBatch | null> {
  const started = performance.now();
  const jobs = await boss.fetch<unknown>(QUEUES.score, { batchSize: maxJobs });
  timings?.record('scorer.claim', performance.now() - started, jobs.length);
  if (jobs.length === 0) return null;

  const deadLetters: ScoreDeadLetter[] = [];
  const named: { jobId: string; post: ScorePost }[] = [];
  for (const job of jobs) {
    const posts = postsOfScoreJob(job.data);
    if ('error' in posts) {
      deadLetters.push({ job: job.data, jobId: job.id, reason: `invalid job payload: ${posts.error}` });
    } else {
      for (const post of posts) named.push({ jobId: job.id, post });
    }
  }

  const readStarted = performance.now();
  const rows = await postsToScore
    .run({ ids: named.map((n) => n.post.postId), createdAts: named.map((n) => n.post.createdAt) }, db)
    .catch(async (error: unknown) => {
      // Claimed but not readable: the jobs go back now (a retry each), not when the claim expires.
      const reason = error instanceof Error ? error.message : String(error);
      await boss
        .fail(
          QUEUES.score,
          jobs.map((j) => j.id),
          { error: reason },
        )
        .catch(() => undefined);
      throw error;
    });
  timings?.record('scorer.read', performance.now() - readStarted, rows.length);
  const byKey = new Map(rows.map((row) => [keyOf(row.id, row.created_at), toPostInput(row)]));
  const posts: StoredPost[] = [];
  const sourceOf = new Map<StoredPost, { jobId: string; post: ScorePost }>();
  for (const source of named) {
    const post = byKey.get(keyOf(source.post.postId, new Date(source.post.createdAt)));
    if (!post) {
      deadLetters.push({ job: source.post, jobId: source.jobId, reason: 'post not found in posts' });
      continue;
    }
    if (!sourceOf.has(post)) posts.push(post);
    sourceOf.set(post, source);
  }
  return { jobIds: jobs.map((j) => j.id), posts, sourceOf, deadLetters };
}

export interface ScoredBatch {
  scores: { post: StoredPost; version: string; seriousness: number }[];
  deadLetters: ScoreDeadLetter[];
}

/** Step 2: every model in play scores the batch's posts; a post one of them cannot score is a letter. */
export async function scoreClaimed(
  batch: ClaimedBatch,
  models: readonly ModelInPlay[],
  timings?: StageTimings,
): Promise<ScoredBatch> {
  const started = performance.now();
  const scores: ScoredBatch['scores'] = [];
  const deadLetters = [...batch.deadLetters];
  for (const { version, model } of models) {
    const outcome = await scoreIsolatingFailures(model, batch.posts);
    for (const s of outcome.scored) scores.push({ post: s.post, version, seriousness: s.seriousness });
    for (const f of outcome.failed) {
      const source = batch.sourceOf.get(f.post)!;
      deadLetters.push({ job: source.post, jobId: source.jobId, reason: f.reason, modelVersion: version });
    }
  }
  timings?.record('scorer.infer', performance.now() - started, batch.posts.length);
  return { scores, deadLetters };
}

/** Step 3, one transaction: the scores, the dead letters and the jobs' completion. */
export async function finishScoreBatch(
  db: Database,
  boss: PgBoss,
  batch: ClaimedBatch,
  scored: ScoredBatch,
  timings?: StageTimings,
): Promise<BatchResult> {
  const started = performance.now();
  const scoreRows = await db.transaction(async (tx) => {
    let inserted = 0;
    if (scored.scores.length > 0) {
      const rows = await insertScoreRows(
        tx,
        scored.scores.map((s) => ({
          postId: s.post.id,
          createdAt: s.post.created_at,
          subreddit: s.post.subreddit,
          modelVersion: s.version,
          seriousness: s.seriousness,
        })),
      );
      inserted = rows.length;
    }
    if (scored.deadLetters.length > 0) {
      await boss.insert(
        QUEUES.scoreDeadLetter,
        scored.deadLetters.map((letter) => ({ data: letter })),
        { db: tx },
      );
    }
    await boss.complete(QUEUES.score, batch.jobIds, null, { db: tx });
    return inserted;
  });
  timings?.record('scorer.write', performance.now() - started, scored.scores.length);
  return {
    jobs: batch.jobIds.length,
    posts: batch.posts.length,
    scoreRows,
    deadLettered: scored.deadLetters.length,
  };
}
