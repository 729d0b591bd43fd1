// One batch of the bulk path: posts scored as they are loaded, then written together with their
// scores in ONE transaction, with the file's progress. Scoring happens before the transaction (on
// this thread, while the engine writes the previous batch on its own), so the transaction holds the
// engine only for the statements themselves.
//
// A post the model cannot score is still stored, with a `score` job, so the scorer retries it and
// dead-letters it if it fails again: nothing read is lost.
import type { PgBoss } from 'pg-boss';
import { QUEUES, scoreJobsOf } from '../../db/boss.ts';
import type { Transaction } from '../../db/engine/types.ts';
import { advanceBackfillFile, decompressChunksBetween } from '../../db/queries/backfill.queries.ts';
import { insertScoreRows, upsertPostRows, type ScoreRow } from '../../db/writes.ts';
import type { ModelInPlay } from '../../model/registry/models.ts';
import { scoreIsolatingFailures } from '../../model/score/isolating-failures.ts';
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
  // In time order: the window is its first and last post.
  const window = posts.length > 0 ? { from: posts[0]!.createdAt, to: posts.at(-1)!.createdAt } : null;
  return { posts, scores, unscored: [...unscored], letters, window };
}

const WEEK_MS = 7 * 86_400_000;

/**
 * A scored batch cut into parts of at most `maxWeeks` distinct weeks each (its posts are in time
 * order), so that no one transaction creates hundreds of chunks: a dump spread over ten years puts
 * a post in a new week almost every row, and each new week is a chunk of posts and one of
 * post_scores to create (~5 ms each here) — 5 s of the engine in the first transaction of the
 * shared corpus, with every reader waiting. Dead letters go with the last part.
 */
export function splitByWeeks(batch: ScoredBatch, maxWeeks: number): ScoredBatch[] {
  const weekOf = (t: Date) => Math.floor(t.getTime() / WEEK_MS);
  const partOfPost = new Map<string, number>();
  let parts = 0;
  let weeks = 0;
  let lastWeek = Number.NaN;
  for (const post of batch.posts) {
    const week = weekOf(post.createdAt);
    if (week !== lastWeek) {
      if (weeks === maxWeeks) {
        parts++;
        weeks = 0;
      }
      weeks++;
      lastWeek = week;
    }
    partOfPost.set(post.id, parts);
  }
  if (parts === 0) return [batch];
  return Array.from({ length: parts + 1 }, (_, part): ScoredBatch => {
    const posts = batch.posts.filter((p) => partOfPost.get(p.id) === part);
    return {
      posts,
      scores: batch.scores.filter((s) => partOfPost.get(s.postId) === part),
      unscored: batch.unscored.filter((p) => partOfPost.get(p.id) === part),
      letters: part === parts ? batch.letters : [],
      window: posts.length > 0 ? { from: posts[0]!.createdAt, to: posts.at(-1)!.createdAt } : null,
    };
  });
}

export interface BatchWritten {
  inserted: number;
  updated: number;
  scoreRows: number;
}

/**
 * Writes a scored batch (or a part of one: ./backfill.ts commits the file's progress with the last
 * part only, so a crash between parts re-reads their lines, which upserts change nothing in) and
 * the file's progress in the caller's transaction. Compressed chunks in the batch's window are
 * decompressed first (migration 0011): inserting into one would decompress a segment per statement.
 */
export async function writeScoredBatch(
  tx: Transaction,
  boss: PgBoss,
  batch: ScoredBatch,
  /**
   * The file's progress, committed with this part: lines read, and the posts and created_at
   * window of the whole batch (the window the aggregates are refreshed over at the end).
   */
  progress: {
    fileKey: string;
    linesDone: number;
    posts: number;
    window: ScoredBatch['window'];
    finished: boolean;
  } | null,
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
        scoreJobsOf(batch.unscored).map((data) => ({ data })),
        { db: tx },
      );
    }
  }
  await storeDeadLetters(tx, batch.letters);
  if (progress === null) return { inserted, updated: batch.posts.length - inserted, scoreRows };
  await advanceBackfillFile.run(
    {
      fileKey: progress.fileKey,
      linesDone: progress.linesDone,
      posts: progress.posts,
      windowFrom: progress.window?.from ?? null,
      windowTo: progress.window?.to ?? null,
      finished: progress.finished,
    },
    tx,
  );
  return { inserted, updated: batch.posts.length - inserted, scoreRows };
}
