// One batch of the bulk path: posts scored as they are loaded, then written together with their
// scores in ONE transaction, with the file's progress. Scoring happens before the transaction (on
// this thread, while the engine writes the previous batch on its own), so the transaction holds the
// engine only for the statements themselves.
//
// A post the model cannot score is still stored, with a `score` job, so the scorer retries it and
// dead-letters it if it fails again: nothing read is lost.
import type { PgBoss } from 'pg-boss';
import { QUEUES, scoreJobOf } from '../../db/boss.ts';
import type { Transaction } from '../../db/engine/types.ts';
import { advanceBackfillFile, decompressChunksBetween } from '../../db/queries/backfill.queries.ts';
import { insertScoreRows, upsertPostRows, type ScoreRow } from '../../db/writes.ts';
import type { ModelInPlay } from '../../model/registry/models.ts';
import { scoreIsolatingFailures } from '../../scorer/score-batch.ts';
import { storeDeadLetters, type DeadLetter } from '../dead-letters.ts';
import type { Post } from '../reddit/listing.ts';
import { dedupeById } from '../writer.ts';

export interface ScoredBatch {
  posts: Post[];
  scores: ScoreRow[];
  /** Posts some model in play could not score: stored with a `score` job. */
  unscored: Post[];
  letters: DeadLetter[];
  /** The created_at range of `posts`, if any. */
  window: { from: Date; to: Date } | null;
}

/** Scores `batch` with every model in play (the active one, and one history is re-scored to). */
export async function scoreBatch(
  models: readonly ModelInPlay[],
  batch: readonly Post[],
  letters: DeadLetter[],
): Promise<ScoredBatch> {
  // In time order: the hypertables route each row to its week's chunk, and a switch of chunk from
  // one row to the next is what costs there (a dump's order is by subreddit, or arbitrary).
  const posts = dedupeById(batch).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const scores: ScoreRow[] = [];
  const unscored = new Set<Post>(models.length === 0 ? posts : []);
  for (const { version, model } of models) {
    const outcome = await scoreIsolatingFailures(model, posts);
    for (const { post, seriousness } of outcome.scored) {
      scores.push({
        postId: post.id,
        createdAt: post.createdAt,
        subreddit: post.subreddit,
        modelVersion: version,
        seriousness,
      });
    }
    for (const { post } of outcome.failed) unscored.add(post);
  }
  let window: ScoredBatch['window'] = null;
  for (const post of posts) {
    const t = post.createdAt;
    if (!window) window = { from: t, to: t };
    else {
      if (t < window.from) window.from = t;
      if (t > window.to) window.to = t;
    }
  }
  return { posts, scores, unscored: [...unscored], letters, window };
}

export interface BatchWritten {
  inserted: number;
  updated: number;
  scoreRows: number;
}

/**
 * Writes a scored batch and the file's progress in the caller's transaction. Compressed chunks in
 * the batch's window are decompressed first (migration 0011): inserting into one would decompress
 * a segment per statement.
 */
export async function writeScoredBatch(
  tx: Transaction,
  boss: PgBoss,
  batch: ScoredBatch,
  progress: { fileKey: string; linesDone: number; finished: boolean },
): Promise<BatchWritten> {
  let inserted = 0;
  let scoreRows = 0;
  if (batch.window) {
    await decompressChunksBetween.run(batch.window, tx);
    const rows = await upsertPostRows(tx, batch.posts);
    inserted = rows.filter((r) => r.inserted).length;
    if (batch.scores.length > 0) scoreRows = (await insertScoreRows(tx, batch.scores)).length;
    if (batch.unscored.length > 0) {
      await boss.insert(
        QUEUES.score,
        batch.unscored.map((p) => ({ data: scoreJobOf(p) })),
        { db: tx },
      );
    }
  }
  await storeDeadLetters(tx, batch.letters);
  await advanceBackfillFile.run(
    {
      fileKey: progress.fileKey,
      linesDone: progress.linesDone,
      posts: batch.posts.length,
      windowFrom: batch.window?.from ?? null,
      windowTo: batch.window?.to ?? null,
      finished: progress.finished,
    },
    tx,
  );
  return { inserted, updated: batch.posts.length - inserted, scoreRows };
}
