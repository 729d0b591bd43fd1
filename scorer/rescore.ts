// Re-scoring history after a model is activated: newest posts first, in chunks, with progress in
// the `models` row (queryable by the API, printed to the log). New posts meanwhile are scored by
// the worker with both the active and the new model. The aggregates are refreshed over the history
// written as the walk goes, every REFRESH_EVERY_POSTS posts: one refresh over all of it at the end
// held the embedded engine for seconds per statement, and a refresh policy that ran first (after a
// restart) did it in one statement (25 s). When the walk reaches the oldest post, a final sweep
// catches posts stored during the walk that no worker scored with the new model, and only then
// does the new model become the active one — so the API never serves a half-re-scored history.
//
// Resumable: the cursor is committed with each chunk's scores. Run by one process at a time
// (a session advisory lock in server mode; the embedded engine is one process). Compressed history
// is decompressed as the walk reaches it, and compressed again by the compression job once the new
// model has scored it (migration 0011).
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
import { decompressChunksBetween } from '../db/queries/backfill.queries.ts';
import { insertScoreRows } from '../db/writes.ts';
import type { ModelCache } from '../model/registry/models.ts';
import { toPostInput, type StoredPost } from '../model/registry/post-input.ts';
import { scoreIsolatingFailures } from '../model/score/isolating-failures.ts';

export interface RescoreProgress {
  version: string;
  done: number;
  total: number | null;
  finished: boolean;
}

/** How long before the walk started a post may have been stored and still been missed. */
const SWEEP_MARGIN_MS = 5 * 60_000;

/** Inserts the scores of a chunk for the model being re-scored to. */
async function storeScores(
  q: Queryable,
  version: string,
  scored: readonly { post: StoredPost; seriousness: number }[],
): Promise<void> {
  if (scored.length === 0) return;
  await insertScoreRows(
    q,
    scored.map((s) => ({
      postId: s.post.id,
      createdAt: s.post.created_at,
      subreddit: s.post.subreddit,
      modelVersion: version,
      seriousness: s.seriousness,
    })),
  );
}

/** A chunk of history read, with the cursor after it. */
type Chunk = INextRescoreChunkResult[];

/**
 * Reads the next chunk of history, newest first, below the cursor. Compressed history is
 * decompressed first, whole (migration 0011): reading it in order and writing scores into it would
 * otherwise decompress it again for every chunk. The compression job takes it again once the new
 * model has scored it all.
 */
async function readChunk(
  db: Database,
  cursor: { createdAt: Date | null; id: string | null },
  limit: number,
): Promise<Chunk> {
  if (cursor.createdAt) {
    const to = cursor.createdAt;
    await decompressChunksBetween.run({ from: new Date(to.getTime() - WEEK_MS), to }, db);
  }
  const chunk = await nextRescoreChunk.run(
    { cursorCreatedAt: cursor.createdAt, cursorId: cursor.id, limit },
    db,
  );
  if (chunk.length > 0) {
    // Where the scores go (sparse history reaches further back than a week).
    await decompressChunksBetween.run({ from: chunk.at(-1)!.created_at, to: chunk[0]!.created_at }, db);
  }
  return chunk;
}

const WEEK_MS = 7 * 86_400_000;
const PROGRESS_LOG_MS = 5_000;
/**
 * Posts re-scored between two refreshes of the aggregates over them: a refresh costs per score in
 * its hours (both models'), and ~10,000 posts' worth is well under a second of the engine.
 */
const REFRESH_EVERY_POSTS = 10_000;

/** The stretch of history written since the last refresh (the walk goes newest first). */
interface Written {
  from: Date;
  to: Date;
  posts: number;
}
const widen = (a: Written | null, b: Written): Written =>
  a === null
    ? b
    : {
        from: a.from < b.from ? a.from : b.from,
        to: a.to > b.to ? a.to : b.to,
        posts: a.posts + b.posts,
      };

/**
 * Does a stretch of the re-score in progress, if any: up to `maxChunks` chunks, or the final sweep
 * and switch once the walk has reached the oldest post. Returns the progress after it, or null
 * when no model is being re-scored to.
 *
 * Pipelined like the bulk path: while this thread scores chunk k, the engine (on its own thread)
 * writes chunk k−1 and reads chunk k+1, so the walk runs at the pace of the slower of the two
 * rather than their sum.
 */
export async function rescoreStep(
  db: Database,
  models: ModelCache,
  chunkSize: number,
  log: Logger,
  options: { maxChunks?: number; signal?: AbortSignal; refreshEveryPosts?: number } = {},
): Promise<RescoreProgress | null> {
  const [job] = await rescoringModel.run(undefined, db);
  if (!job) return null;
  const model = await models.get(job.version);
  const maxChunks = options.maxChunks ?? 50;
  let done = job.rescore_done;
  let chunks = 0;
  let failed = 0;
  let loggedAt = 0;
  let reading: Promise<Chunk> | null = readChunk(
    db,
    { createdAt: job.rescore_cursor_created_at, id: job.rescore_cursor_id },
    chunkSize,
  );
  // The write in flight resolves to whether the re-score is still on (not superseded).
  let writing: Promise<boolean> = Promise.resolve(true);
  let inFlight: Written | null = null;
  let unrefreshed: Written | null = null;
  const refreshWritten = async () => {
    if (unrefreshed === null) return;
    await refreshSeriousness(db, unrefreshed.from, unrefreshed.to, { onlyModels: [job.version] });
    unrefreshed = null;
  };
  for (;;) {
    const chunk: Chunk | null = reading ? await reading : null;
    if (!chunk || chunk.length === 0) break;
    const last: INextRescoreChunkResult = chunk.at(-1)!;
    chunks++;
    const more = chunks < maxChunks && options.signal?.aborted !== true;
    reading = more ? readChunk(db, { createdAt: last.created_at, id: last.id }, chunkSize) : null;
    reading?.catch(() => undefined);
    const outcome = await scoreIsolatingFailures(model, chunk.map(toPostInput));
    failed += outcome.failed.length;
    if (!(await writing)) return { version: job.version, done, total: job.rescore_total, finished: false };
    if (inFlight) unrefreshed = widen(unrefreshed, inFlight);
    if (unrefreshed && unrefreshed.posts >= (options.refreshEveryPosts ?? REFRESH_EVERY_POSTS)) {
      await refreshWritten();
    }
    // Scores and the cursor commit together: a crash re-does at most this chunk, harmlessly.
    writing = db.transaction(async (tx) => {
      await storeScores(tx, job.version, outcome.scored);
      const advanced = await advanceRescoring.run(
        { version: job.version, done: chunk.length, cursorCreatedAt: last.created_at, cursorId: last.id },
        tx,
      );
      return advanced.length > 0;
    });
    writing.catch(() => undefined);
    inFlight = { from: last.created_at, to: chunk[0]!.created_at, posts: chunk.length };
    done += chunk.length;
    if (Date.now() - loggedAt >= PROGRESS_LOG_MS) {
      loggedAt = Date.now();
      log.info(
        { model: job.version.slice(0, 12), done, total: job.rescore_total, newestLeft: last.created_at },
        `re-scoring history: ${done}/${job.rescore_total ?? '?'}`,
      );
    }
    if (!more) break;
  }
  const stillOn = await writing;
  if (inFlight) unrefreshed = widen(unrefreshed, inFlight);
  // Nothing written is left for a refresh policy to find (after a restart, say).
  await refreshWritten();
  if (failed > 0) log.warn({ model: job.version, failed }, 're-score: posts could not be scored');
  if (!stillOn || reading === null) {
    return { version: job.version, done, total: job.rescore_total, finished: false };
  }

  // The walk is complete. Sweep what arrived meanwhile, then refresh and switch.
  const since = new Date(job.rescore_started_at.getTime() - SWEEP_MARGIN_MS);
  for (;;) {
    const missing = await postsMissingScore.run({ since, version: job.version, limit: chunkSize }, db);
    if (missing.length === 0) break;
    const outcome = await scoreIsolatingFailures(model, missing.map(toPostInput));
    await storeScores(db, job.version, outcome.scored);
    if (outcome.scored.length === 0) break; // only unscoreable posts are left
  }
  // The walk's history is refreshed already; what the sweep wrote, and whatever a run stopped
  // before its refresh left (a kill), is settled here, over all history: weeks with nothing to
  // settle cost the engine a statement each, not a re-aggregation.
  const [oldest] = await oldestPostCreatedAt.run(undefined, db);
  if (oldest?.oldest) await refreshSeriousness(db, oldest.oldest, new Date());
  await db.transaction(async (tx) => {
    await retireActive.run({ version: job.version }, tx);
    await finishRescoring.run({ version: job.version }, tx);
  });
  models.invalidate();
  log.info({ model: job.version }, 're-scoring done: the new model is now the active one');
  return { version: job.version, done, total: job.rescore_total, finished: true };
}
