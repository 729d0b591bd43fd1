// One scoring batch, in ONE transaction: claim up to `batchSize` jobs, load their posts, score
// them with every model in play (one onnxruntime run per model), insert the score rows, dead-letter
// what cannot be scored, and complete the jobs. Either all of that commits or none of it does: a
// crash mid-batch returns the jobs to the queue (the claim rolls back with the rest), and a
// re-delivered job inserts nothing (post_scores is ON CONFLICT DO NOTHING on its natural key).
import type { PgBoss } from 'pg-boss';
import { QUEUES, ScoreJob, type ScoreDeadLetter } from '../db/boss.ts';
import type { Transaction } from '../db/engine/types.ts';
import { postsToScore } from '../db/queries/scorer.queries.ts';
import { insertScoreRows } from '../db/writes.ts';
import { toPostInput, type StoredPost } from '../model/registry/post-input.ts';
import type { ModelInPlay } from '../model/registry/models.ts';
import { scoreIsolatingFailures } from '../model/score/isolating-failures.ts';

export interface BatchResult {
  jobs: number;
  scoreRows: number;
  deadLettered: number;
}

export async function processScoreBatch(
  tx: Transaction,
  boss: PgBoss,
  models: readonly ModelInPlay[],
  batchSize: number,
): Promise<BatchResult> {
  const jobs = await boss.fetch<unknown>(QUEUES.score, { batchSize, db: tx });
  if (jobs.length === 0) return { jobs: 0, scoreRows: 0, deadLettered: 0 };

  const deadLetters: ScoreDeadLetter[] = [];
  const valid: { jobId: string; data: ScoreJob }[] = [];
  for (const job of jobs) {
    const parsed = ScoreJob.safeParse(job.data);
    if (parsed.success) valid.push({ jobId: job.id, data: parsed.data });
    else
      deadLetters.push({
        job: job.data,
        jobId: job.id,
        reason: `invalid job payload: ${parsed.error.message}`,
      });
  }

  const rows = await postsToScore.run(
    { ids: valid.map((j) => j.data.postId), createdAts: valid.map((j) => j.data.createdAt) },
    tx,
  );
  const byKey = new Map(rows.map((row) => [`${row.id}@${row.created_at.getTime()}`, toPostInput(row)]));
  const posts: StoredPost[] = [];
  const jobOfPost = new Map<StoredPost, { jobId: string; data: ScoreJob }>();
  for (const job of valid) {
    const post = byKey.get(`${job.data.postId}@${new Date(job.data.createdAt).getTime()}`);
    if (!post) {
      deadLetters.push({ job: job.data, jobId: job.jobId, reason: 'post not found in posts' });
      continue;
    }
    if (!jobOfPost.has(post)) posts.push(post);
    jobOfPost.set(post, job);
  }

  const scores: { post: StoredPost; version: string; seriousness: number }[] = [];
  for (const { version, model } of models) {
    const outcome = await scoreIsolatingFailures(model, posts);
    for (const s of outcome.scored) scores.push({ post: s.post, version, seriousness: s.seriousness });
    for (const f of outcome.failed) {
      const job = jobOfPost.get(f.post)!;
      deadLetters.push({ job: job.data, jobId: job.jobId, reason: f.reason, modelVersion: version });
    }
  }

  let scoreRows = 0;
  if (scores.length > 0) {
    const inserted = await insertScoreRows(
      tx,
      scores.map((s) => ({
        postId: s.post.id,
        createdAt: s.post.created_at,
        subreddit: s.post.subreddit,
        modelVersion: s.version,
        seriousness: s.seriousness,
      })),
    );
    scoreRows = inserted.length;
  }
  if (deadLetters.length > 0) {
    await boss.insert(
      QUEUES.scoreDeadLetter,
      deadLetters.map((letter) => ({ data: letter })),
      { db: tx },
    );
  }
  await boss.complete(
    QUEUES.score,
    jobs.map((j) => j.id),
    null,
    { db: tx },
  );
  return { jobs: jobs.length, scoreRows, deadLettered: deadLetters.length };
}
