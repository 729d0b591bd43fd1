// pg-boss on either engine. pg-boss keeps its queues in the same Postgres as the data, so a post
// row and its scoring job commit together (`send(..., { db: tx })` inside our transaction).
import { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { AnyDatabase } from './open.ts';

/** The queues of the pipeline. Names are stable: they are tables in the database. */
export const QUEUES = {
  /** One job per new post: "score this post with the active model". */
  score: 'score',
  /** Jobs that exhausted their retries, kept for inspection. */
  scoreDeadLetter: 'score-dead-letter',
} as const;

/**
 * The `score` queue's payload: one job per new post, sent in the post's own transaction. The scorer
 * validates it: a job whose payload does not parse is dead-lettered, never retried forever.
 */
export const ScoreJob = z.object({
  postId: z.string().regex(/^[0-9a-z]{1,16}$/),
  /** ISO 8601: the post's creation time, half of the posts primary key. */
  createdAt: z.iso.datetime({ offset: true }),
  subreddit: z.string().min(1),
});
export type ScoreJob = z.infer<typeof ScoreJob>;

/** The score job of a stored post (ingest, backfill, benchmarks and tests build it here only). */
export function scoreJobOf(post: { id: string; createdAt: Date; subreddit: string }): ScoreJob {
  return { postId: post.id, createdAt: post.createdAt.toISOString(), subreddit: post.subreddit };
}

/** What a dead-lettered scoring job carries: the original payload (as sent) and why it failed. */
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
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
    });
  }
}
