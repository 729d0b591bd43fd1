// The bulk path (#13): dumps are read, scored as they are loaded, and written with their scores in
// one transaction per batch (./scored-batch.ts); the aggregates are refreshed over the loaded
// window once, at the end (./refresh-window.ts). No scoring job per post, no second pass over the
// posts, and no write into compressed chunks (they are decompressed first, whole).
//
// While the engine writes batch k on its own thread, this thread parses and scores batch k+1: one
// write is in flight at a time, so memory stays at two batches whatever the dump's size.
//
// Resumable: each batch commits with the file's progress (backfill_files, migration 0011), so a
// re-run after a kill continues after the last committed line and stores nothing twice (posts and
// scores are upserts on their natural keys anyway). Files already read to the end are skipped
// unless `restart` says to read them again (that refreshes scores and comment counts of stored
// posts). A killed run's window is refreshed by the next run, whichever files that one is given.
//
// A file is read as NDJSON when its first line is a JSON value on its own (Pushshift/Arctic Shift
// dumps, ../shared/data/reddit-posts/*.jsonl, a listing saved per line); otherwise as one JSON
// document (a saved, pretty-printed listing, or an array), which resumes from its start.
import path from 'node:path';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/engine/types.ts';
import { startBackfillFile } from '../../db/queries/backfill.queries.ts';
import type { ModelInPlay } from '../../model/registry/models.ts';
import type { DeadLetter } from '../dead-letters.ts';
import type { Post } from '../reddit/listing.ts';
import { fileKeyOf } from './file-key.ts';
import type { ProgressState } from './progress.ts';
import { postsFromJson, type RecordResult } from './records.ts';
import { refreshBackfilledWindow } from './refresh-window.ts';
import { scoreBatch, splitByWeeks, writeScoredBatch } from './scored-batch.ts';

/** Distinct weeks (new chunks, at worst) per transaction: see splitByWeeks. */
const MAX_WEEKS_PER_TRANSACTION = 40;
import { openLines } from './source.ts';

export interface BackfillOptions {
  db: Database;
  boss: PgBoss;
  /** The models to score with (model/registry ModelCache: the active one, and one being re-scored to). */
  models: { inPlay(): Promise<ModelInPlay[]> };
  files: readonly string[];
  /** Posts per transaction. */
  batchSize?: number;
  /** Reads files already loaded to their end again. */
  restart?: boolean;
  log?: Logger;
  onProgress?: (state: ProgressState, force?: boolean) => void;
  /** Stops after the batch being written (it commits); a re-run continues from there. */
  signal?: AbortSignal;
}

export interface BackfillSummary {
  files: number;
  /** Files skipped because an earlier run read them to the end. */
  alreadyLoaded: number;
  /** Posts read, good or bad (a saved listing line holds up to 100; a malformed line counts 1). */
  records: number;
  inserted: number;
  updated: number;
  /** Score rows written (one per post and model in play). */
  scored: number;
  /** Posts a model could not score: stored with a `score` job for the scorer. */
  queuedForScorer: number;
  skipped: number;
  deadLetters: number;
  /** Weeks of the aggregates refreshed at the end. */
  refreshedWeeks: number;
  durationMs: number;
  /** Stopped by the signal before the end: a re-run continues. */
  stopped: boolean;
  /** Where the time went (ms): see BackfillStages. */
  stages: BackfillStages;
}

/**
 * Milliseconds spent per stage. Reading and scoring run on this thread while the engine writes the
 * previous batch on its own; `waitForWriteMs` is how long this thread then waited for that write (so
 * reading + scoring + waiting ≈ the load phase), `writeMs` the engine's time in the transactions.
 */
export interface BackfillStages {
  readMs: number;
  scoreMs: number;
  waitForWriteMs: number;
  writeMs: number;
  refreshMs: number;
}

export async function backfillFiles(options: BackfillOptions): Promise<BackfillSummary> {
  const { db, boss, signal } = options;
  const batchSize = options.batchSize ?? 2000;
  const startedAt = Date.now();
  const keys = options.files.map((file) => fileKeyOf(file));
  const state: ProgressState = {
    phase: 'loading',
    file: '',
    fileIndex: 0,
    fileCount: options.files.length,
    bytesRead: 0,
    bytesBefore: 0,
    allBytes: keys.reduce((sum, k) => sum + k.sizeBytes, 0),
    records: 0,
    inserted: 0,
    updated: 0,
    scored: 0,
    deadLetters: 0,
    refresh: null,
    startedAt,
  };
  const summary: BackfillSummary = {
    files: options.files.length,
    alreadyLoaded: 0,
    records: 0,
    inserted: 0,
    updated: 0,
    scored: 0,
    queuedForScorer: 0,
    skipped: 0,
    deadLetters: 0,
    refreshedWeeks: 0,
    durationMs: 0,
    stopped: false,
    stages: { readMs: 0, scoreMs: 0, waitForWriteMs: 0, writeMs: 0, refreshMs: 0 },
  };
  const stages = summary.stages;

  let pending: Post[] = [];
  let letters: DeadLetter[] = [];
  // The write in flight; its failure surfaces at the next await of it.
  let inFlight: Promise<void> = Promise.resolve();

  const submit = async (fileKey: string, linesDone: number, finished: boolean): Promise<void> => {
    const batch = pending;
    const bad = letters;
    pending = [];
    letters = [];
    const scoringStarted = performance.now();
    const scored = await scoreBatch(batch.length > 0 ? await options.models.inPlay() : [], batch, bad);
    const waitStarted = performance.now();
    stages.scoreMs += waitStarted - scoringStarted;
    await inFlight;
    const writeStarted = performance.now();
    stages.waitForWriteMs += writeStarted - waitStarted;
    signal?.throwIfAborted();
    const write = (async () => {
      const parts = splitByWeeks(scored, MAX_WEEKS_PER_TRANSACTION);
      for (const [index, part] of parts.entries()) {
        const last = index === parts.length - 1;
        const written = await db.transaction((tx) =>
          writeScoredBatch(
            tx,
            boss,
            part,
            last ? { fileKey, linesDone, posts: scored.posts.length, window: scored.window, finished } : null,
          ),
        );
        state.inserted += written.inserted;
        state.updated += written.updated;
        state.scored += written.scoreRows;
      }
      stages.writeMs += performance.now() - writeStarted;
      state.deadLetters += scored.letters.length;
      summary.queuedForScorer += scored.unscored.length;
      options.log?.debug(
        { fileKey, linesDone, finished, posts: scored.posts.length },
        'backfill: batch committed',
      );
    })();
    inFlight = write;
    write.catch(() => undefined);
  };

  const take = (result: RecordResult, source: string): void => {
    pending.push(...result.posts);
    summary.skipped += result.skipped;
    for (const r of result.rejected) {
      letters.push({ source, reason: r.reason, context: { detail: r.detail }, payload: r.payload });
    }
  };

  try {
    for (const [index, file] of options.files.entries()) {
      const name = path.basename(file);
      const { fileKey, sizeBytes } = keys[index]!;
      Object.assign(state, { file: name, fileIndex: index + 1, bytesRead: 0 });
      const [started] = await startBackfillFile.run(
        { fileKey, path: path.resolve(file), sizeBytes, restart: options.restart === true },
        db,
      );
      if (started?.finished_at) {
        summary.alreadyLoaded++;
        options.log?.info({ file }, 'backfill: already loaded (--restart reads it again)');
        state.bytesBefore += sizeBytes;
        continue;
      }
      const resumeAfter = Number(started?.lines_done ?? 0);
      options.log?.info(
        { file, bytes: sizeBytes, ...(resumeAfter > 0 ? { resumeAfterLine: resumeAfter } : {}) },
        resumeAfter > 0 ? 'backfill: continuing' : 'backfill: reading',
      );
      const source = openLines(file);
      let lineNumber = 0;
      let mode: 'unknown' | 'lines' | 'document' = 'unknown';
      const documentLines: string[] = [];

      let readStarted = performance.now();
      for await (const line of source.lines) {
        lineNumber++;
        if (lineNumber <= resumeAfter) continue;
        if (mode === 'document') {
          documentLines.push(line);
          continue;
        }
        const trimmed = line.trim();
        if (trimmed === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(trimmed);
        } catch (error) {
          if (mode === 'unknown') {
            mode = 'document';
            documentLines.push(line);
            continue;
          }
          letters.push({
            source: `backfill ${name}:${lineNumber}`,
            reason: 'malformed-json',
            context: { file, line: lineNumber, detail: (error as Error).message },
            payload: line,
          });
          state.records++;
          continue;
        }
        mode = 'lines';
        const result = postsFromJson(value);
        state.records += result.posts.length + result.rejected.length + result.skipped;
        take(result, `backfill ${name}:${lineNumber}`);
        if (pending.length >= batchSize || letters.length >= batchSize) {
          stages.readMs += performance.now() - readStarted;
          await submit(fileKey, lineNumber, false);
          readStarted = performance.now();
        }
        state.bytesRead = source.bytesRead();
        options.onProgress?.(state);
      }

      stages.readMs += performance.now() - readStarted;
      if (mode === 'document') {
        const text = documentLines.join('\n');
        try {
          const result = postsFromJson(JSON.parse(text));
          state.records += result.posts.length + result.rejected.length + result.skipped;
          take(result, `backfill ${name}`);
        } catch (error) {
          letters.push({
            source: `backfill ${name}`,
            reason: 'malformed-json',
            context: { file, detail: (error as Error).message },
            payload: text,
          });
        }
        // A whole document can hold many pages: keep transactions at batchSize posts. Its progress
        // is all or nothing (linesDone stays 0 until the last batch).
        // The last slice is left for the final submit below, which marks the file finished.
        const all = pending;
        pending = [];
        for (let i = 0; i < all.length; i += batchSize) {
          pending = all.slice(i, i + batchSize);
          if (i + batchSize < all.length) await submit(fileKey, 0, false);
        }
      }
      await submit(fileKey, lineNumber, true);
      await inFlight;
      state.bytesBefore += sizeBytes;
      state.bytesRead = 0;
      options.onProgress?.(state, true);
    }

    state.phase = 'refreshing';
    const refreshStarted = performance.now();
    summary.refreshedWeeks = await refreshBackfilledWindow(
      db,
      (refresh) => {
        state.refresh = refresh;
        options.onProgress?.(state);
      },
      signal,
    );
    stages.refreshMs = performance.now() - refreshStarted;
    options.onProgress?.(state, true);
  } catch (error) {
    await inFlight.catch(() => undefined);
    if (!signal?.aborted) throw error;
    summary.stopped = true;
  }

  for (const key of Object.keys(stages) as (keyof BackfillStages)[]) stages[key] = Math.round(stages[key]);
  Object.assign(summary, {
    records: state.records,
    inserted: state.inserted,
    updated: state.updated,
    scored: state.scored,
    deadLetters: state.deadLetters,
    durationMs: Date.now() - startedAt,
  });
  options.log?.info(summary, summary.stopped ? 'backfill: stopped (a re-run continues)' : 'backfill: done');
  return summary;
}
