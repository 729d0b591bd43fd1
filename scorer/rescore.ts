// Re-scoring history after a model is activated: newest posts first, in chunks, with progress in
// the `models` row (queryable by the API, printed to the log). New posts meanwhile are scored by
// the worker with both the active and the new model. When the walk reaches the oldest post, a
// final sweep catches posts stored during the walk that no worker scored with the new model, the
// aggregates are refreshed over the history just written (behind their watermarks), and only then
// does the new model become the active one — so the API never serves a half-re-scored history.
//
// Resumable: the cursor is committed with each chunk's scores. Run by one process at a time
// (a session advisory lock in server mode; the embedded engine is one process).
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/engine/types.ts';
import { refreshSeriousness } from '../db/maintenance.ts';
import {
  advanceRescoring,
  finishRescoring,
  nextRescoreChunk,
  oldestPostCreatedAt,
  postsMissingScore,
  rescoringModel,
  retireActive,
  type INextRescoreChunkResult,
} from '../db/queries/scorer.queries.ts';
import { insertScoreRows } from '../db/writes.ts';
import type { SeriousnessModel } from '../model/score/library.ts';
import type { ModelCache } from '../model/registry/models.ts';
import { toPostInput } from '../model/registry/post-input.ts';
import { scoreIsolatingFailures } from './score-batch.ts';

export interface RescoreProgress {
  version: string;
  done: number;
  total: number | null;
  finished: boolean;
}

/** How long before the walk started a post may have been stored and still been missed. */
const SWEEP_MARGIN_MS = 5 * 60_000;

// Takes the loaded model, never the cache: loading may query the database, and on the embedded
// engine a query outside the open transaction would wait for that transaction forever.
async function storeScores(
  q: Queryable,
  model: SeriousnessModel,
  version: string,
  rows: INextRescoreChunkResult[],
): Promise<{ scored: number; failed: number }> {
  const outcome = await scoreIsolatingFailures(model, rows.map(toPostInput));
  if (outcome.scored.length > 0) {
    await insertScoreRows(
      q,
      outcome.scored.map((s) => ({
        postId: s.post.id,
        createdAt: s.post.created_at,
        subreddit: s.post.subreddit,
        modelVersion: version,
        seriousness: s.seriousness,
      })),
    );
  }
  return { scored: outcome.scored.length, failed: outcome.failed.length };
}

/**
 * Does one step of the re-score in progress, if any: one chunk, or the final sweep and switch.
 * Returns the progress after the step, or null when no model is being re-scored to.
 */
export async function rescoreStep(
  db: Database,
  models: ModelCache,
  chunkSize: number,
  log: Logger,
): Promise<RescoreProgress | null> {
  const [job] = await rescoringModel.run(undefined, db);
  if (!job) return null;
  const model = await models.get(job.version);
  const chunk = await nextRescoreChunk.run(
    { cursorCreatedAt: job.rescore_cursor_created_at, cursorId: job.rescore_cursor_id, limit: chunkSize },
    db,
  );
  if (chunk.length > 0) {
    const last = chunk[chunk.length - 1]!;
    // Scores and the cursor commit together: a crash re-does at most this chunk, harmlessly.
    const stored = await db.transaction(async (tx) => {
      const result = await storeScores(tx, model, job.version, chunk);
      await advanceRescoring.run(
        { version: job.version, done: chunk.length, cursorCreatedAt: last.created_at, cursorId: last.id },
        tx,
      );
      return result;
    });
    if (stored.failed > 0)
      log.warn({ model: job.version, failed: stored.failed }, 're-score: posts could not be scored');
    const done = job.rescore_done + chunk.length;
    log.info(
      { model: job.version.slice(0, 12), done, total: job.rescore_total, newestLeft: last.created_at },
      `re-scoring history: ${done}/${job.rescore_total ?? '?'}`,
    );
    return { version: job.version, done, total: job.rescore_total, finished: false };
  }

  // The walk is complete. Sweep what arrived meanwhile, then refresh and switch.
  const since = new Date(job.rescore_started_at.getTime() - SWEEP_MARGIN_MS);
  for (;;) {
    const missing = await postsMissingScore.run({ since, version: job.version, limit: chunkSize }, db);
    if (missing.length === 0) break;
    const stored = await storeScores(db, model, job.version, missing);
    if (stored.scored === 0) break; // only unscoreable posts are left; they are logged above
  }
  const [oldest] = await oldestPostCreatedAt.run(undefined, db);
  if (oldest?.oldest) await refreshSeriousness(db, oldest.oldest, new Date());
  await db.transaction(async (tx) => {
    await retireActive.run({ version: job.version }, tx);
    await finishRescoring.run({ version: job.version }, tx);
  });
  models.invalidate();
  log.info({ model: job.version }, 're-scoring done: the new model is now the active one');
  return { version: job.version, done: job.rescore_done, total: job.rescore_total, finished: true };
}
