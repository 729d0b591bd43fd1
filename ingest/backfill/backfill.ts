// Loads dumps through the poller's write path (writer.ts): posts upserted in batches of
// `batchSize` per statement, a `score` job for each post that is new, bad records dead-lettered
// with file and line. Idempotent: a re-run finds every post already there, inserts nothing and
// enqueues nothing (the scores and comment counts of the dump are written again).
//
// A file is read as NDJSON when its first line is a JSON value on its own (Pushshift/Arctic Shift
// dumps, ../shared/data/reddit-posts/*.jsonl, a listing saved per line); otherwise as one JSON
// document (a saved, pretty-printed listing, or an array).
import path from 'node:path';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/engine/types.ts';
import { storeDeadLetters, type DeadLetter } from '../dead-letters.ts';
import type { Post } from '../reddit/listing.ts';
import { writePosts } from '../writer.ts';
import type { ProgressState } from './progress.ts';
import { postsFromJson, type RecordResult } from './records.ts';
import { openLines } from './source.ts';

export interface BackfillOptions {
  db: Database;
  boss: PgBoss;
  files: readonly string[];
  /** Posts per upsert statement (and per transaction). */
  batchSize?: number;
  log?: Logger;
  onProgress?: (state: ProgressState, force?: boolean) => void;
}

export interface BackfillSummary {
  files: number;
  /** Posts read, good or bad (a saved listing line holds up to 100; a malformed line counts 1). */
  records: number;
  inserted: number;
  updated: number;
  skipped: number;
  deadLetters: number;
  durationMs: number;
}

export async function backfillFiles(options: BackfillOptions): Promise<BackfillSummary> {
  const batchSize = options.batchSize ?? 1000;
  const startedAt = Date.now();
  const state: ProgressState = {
    file: '',
    fileIndex: 0,
    fileCount: options.files.length,
    bytesRead: 0,
    totalBytes: 0,
    records: 0,
    inserted: 0,
    updated: 0,
    deadLetters: 0,
    startedAt,
  };
  let skipped = 0;
  let pending: Post[] = [];
  let letters: DeadLetter[] = [];

  const flush = async (): Promise<void> => {
    if (pending.length === 0 && letters.length === 0) return;
    const batch = pending;
    const bad = letters;
    pending = [];
    letters = [];
    await options.db.transaction(async (tx) => {
      const written = await writePosts(tx, options.boss, batch);
      await storeDeadLetters(tx, bad);
      state.inserted += written.inserted;
      state.updated += written.updated;
    });
    state.deadLetters += bad.length;
  };

  const take = (result: RecordResult, source: string): void => {
    pending.push(...result.posts);
    skipped += result.skipped;
    for (const r of result.rejected) {
      letters.push({ source, reason: r.reason, context: { detail: r.detail }, payload: r.payload });
    }
  };

  for (const [index, file] of options.files.entries()) {
    const name = path.basename(file);
    const source = openLines(file);
    Object.assign(state, { file: name, fileIndex: index + 1, bytesRead: 0, totalBytes: source.totalBytes });
    options.log?.info({ file, bytes: source.totalBytes }, 'backfill: reading');
    let lineNumber = 0;
    let mode: 'unknown' | 'lines' | 'document' = 'unknown';
    const documentLines: string[] = [];

    for await (const line of source.lines) {
      lineNumber++;
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
      if (pending.length >= batchSize || letters.length >= batchSize) await flush();
      state.bytesRead = source.bytesRead();
      options.onProgress?.(state);
    }

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
      // A whole document can hold many pages: keep statements at batchSize posts.
      const all = pending;
      pending = [];
      for (let i = 0; i < all.length; i += batchSize) {
        pending = all.slice(i, i + batchSize);
        await flush();
      }
    }
    await flush();
    state.bytesRead = source.totalBytes;
    options.onProgress?.(state, true);
  }

  const summary: BackfillSummary = {
    files: options.files.length,
    records: state.records,
    inserted: state.inserted,
    updated: state.updated,
    skipped,
    deadLetters: state.deadLetters,
    durationMs: Date.now() - startedAt,
  };
  options.log?.info(summary, 'backfill: done');
  return summary;
}
