// pg-boss on either engine. pg-boss keeps its queues in the same Postgres as the data, so a post
// row and its scoring job commit together (`send(..., { db: tx })` inside our transaction).
import { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { AnyDatabase } from './open.ts';

/** The queues of the pipeline. Names are stable: they are tables in the database. */
export const QUEUES = {
  /** One job per page of new posts (or per post, from versions before 2026-12-08). */
  score: 'score',
  /** Jobs that exhausted their retries, kept for inspection. */
  scoreDeadLetter: 'score-dead-letter',
} as const;

/** A stored post a score job names: its primary key, and its community (for logs and letters). */
export const ScorePost = z.object({
  postId: z.string().regex(/^[0-9a-z]{1,16}$/),
  /** ISO 8601: the post's creation time, half of the posts primary key. */
  createdAt: z.iso.datetime({ offset: true }),
  subreddit: z.string().min(1),
});
export type ScorePost = z.infer<typeof ScorePost>;

/** Posts per score job: a listing page's worth (Reddit's pages hold at most 100). */
export const POSTS_PER_SCORE_JOB = 100;

/**
 * The `score` queue's payload: the new posts of one page, sent in the transaction that stored them.
 * One job per page, not per post: the queue's insert, claim and completion are per job, and per
 * post they cost the single-session engine more than the posts themselves (bench:live-profile).
 * The scorer validates every job: one whose payload does not parse is dead-lettered, never retried
 * forever.
 */
export const ScoreJob = z.object({ posts: z.array(ScorePost).min(1).max(POSTS_PER_SCORE_JOB) });
export type ScoreJob = z.infer<typeof ScoreJob>;

/** What a version before one-job-per-page queued (one post per job); still scored after an upgrade. */
const SinglePostScoreJob = ScorePost;

/** A job's posts, whichever shape it was sent in; `{ error }` when the payload is neither. */
export function postsOfScoreJob(data: unknown): ScorePost[] | { error: string } {
  const page = ScoreJob.safeParse(data);
  if (page.success) return page.data.posts;
  const single = SinglePostScoreJob.safeParse(data);
  if (single.success) return [single.data];
  return { error: page.error.message };
}

/** The score jobs of stored posts, a page's worth each (ingest, backfill, benchmarks and tests build them here only). */
export function scoreJobsOf(
  posts: readonly { id: string; createdAt: Date; subreddit: string }[],
): ScoreJob[] {
  const jobs: ScoreJob[] = [];
  for (let i = 0; i < posts.length; i += POSTS_PER_SCORE_JOB) {
    jobs.push({
      posts: posts.slice(i, i + POSTS_PER_SCORE_JOB).map((post) => ({
        postId: post.id,
        createdAt: post.createdAt.toISOString(),
        subreddit: post.subreddit,
      })),
    });
  }
  return jobs;
}

/**
 * What a dead letter carries: the post that could not be scored (or, for a payload that does not
 * parse, the payload as sent), the job it came in, and why.
 */
export interface ScoreDeadLetter {
  job: unknown;
  jobId: string;
  reason: string;
  modelVersion?: string;
}

export function createBoss(db: AnyDatabase): PgBoss {
  if (db.kind === 'embedded') {
    // Single connection: LISTEN/NOTIFY in-process makes send → handler ~12 ms instead of a poll.
    return new PgBoss({ db: db.bossDb, backend: 'pglite', useListenNotify: true });
  }
  return new PgBoss({ connectionString: db.connectionString, useListenNotify: true });
}

/**
 * Creates the pipeline's queues if missing. `partition: true` gives each queue its own table: with
 * a shared job table an ANALYZE can flip the fetch plan and drain speed falls ~20x (seen on both
 * engines here).
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  if (!existing.has(QUEUES.scoreDeadLetter)) {
    await boss.createQueue(QUEUES.scoreDeadLetter, { partition: true, retentionSeconds: 30 * 86_400 });
  }
  if (!existing.has(QUEUES.score)) {
    await boss.createQueue(QUEUES.score, {
      partition: true,
      // Wakes workers on send (LISTEN/NOTIFY) instead of waiting for the next poll.
      notify: true,
      deadLetter: QUEUES.scoreDeadLetter,
      ...SCORE_RETRIES,
    });
  } else {
    // Installs from before the scorer claimed outside its write transaction expire after 15 min.
    await boss.updateQueue(QUEUES.score, SCORE_RETRIES);
  }
}

/**
 * A claimed job's batch commits within seconds; a claim older than `expireInSeconds` belongs to a
 * scorer that died (on a server; the embedded scorer frees its own at start, scorer/orphans.ts),
 * and pg-boss's supervisor retries it.
 */
const SCORE_RETRIES = { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 } as const;
