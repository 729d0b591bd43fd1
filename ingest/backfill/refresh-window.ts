// After a backfill: the aggregates refreshed over the window it loaded, once, rather than batch by
// batch. Rows written behind the aggregates' watermarks (all history is) show in the hourly, daily
// and all-time figures only after a refresh of their range.
//
// A few weeks (post_scores chunks) per statement, about REFRESH_BYTES of scores each, and only the
// weeks that hold scores: a refresh of a busy year in one statement would hold the embedded engine
// (and every reader) for its whole duration, and one statement per quiet week costs more in
// statements than in work (785 weeks of the shared corpus: 40 s one by one). The window is every
// backfilled file's not yet refreshed, so a run killed before or during this step is completed by
// the next one, whichever files it is given.
import type { Database } from '../../db/engine/types.ts';
import {
  markBackfillRefreshed,
  scoreChunkRanges,
  unrefreshedBackfillWindow,
} from '../../db/queries/backfill.queries.ts';
import { announceEverythingChanged } from '../../db/queries/changes.queries.ts';
import { refreshDailySeriousness, refreshHourlySeriousness } from '../../db/queries/maintenance.queries.ts';

export interface RefreshProgress {
  weeksDone: number;
  weeks: number;
}

/** Scores on disk per refresh statement: ~100 k rows, a few hundred ms of the engine (measured). */
const REFRESH_BYTES = 16 * 1024 * 1024;

interface Span {
  from: Date;
  to: Date;
  weeks: number;
}

/** Consecutive chunks grouped into spans of about `maxBytes` each (a bigger chunk alone). */
export function groupIntoSpans(
  chunks: readonly { range_start: Date; range_end: Date; bytes: number }[],
  maxBytes: number,
): Span[] {
  const spans: Span[] = [];
  let current: (Span & { bytes: number }) | null = null;
  for (const chunk of chunks) {
    if (current && current.bytes + chunk.bytes <= maxBytes) {
      current.to = chunk.range_end;
      current.bytes += chunk.bytes;
      current.weeks++;
      continue;
    }
    if (current) spans.push({ from: current.from, to: current.to, weeks: current.weeks });
    current = { from: chunk.range_start, to: chunk.range_end, bytes: chunk.bytes, weeks: 1 };
  }
  if (current) spans.push({ from: current.from, to: current.to, weeks: current.weeks });
  return spans;
}

/** Refreshes the aggregates over what backfills loaded since their last refresh; returns the weeks. */
export async function refreshBackfilledWindow(
  db: Database,
  onProgress?: (progress: RefreshProgress) => void,
  signal?: AbortSignal,
): Promise<number> {
  const [pending] = await unrefreshedBackfillWindow.run(undefined, db);
  if (!pending?.window_from || !pending.window_to) return 0;
  const chunks = await scoreChunkRanges.run({ from: pending.window_from, to: pending.window_to }, db);
  const spans = groupIntoSpans(chunks, REFRESH_BYTES);
  let weeksDone = 0;
  for (const span of spans) {
    signal?.throwIfAborted();
    const range = { from: span.from, to: span.to };
    await refreshHourlySeriousness.run(range, db);
    await refreshDailySeriousness.run(range, db);
    weeksDone += span.weeks;
    onProgress?.({ weeksDone, weeks: chunks.length });
  }
  await db.transaction(async (tx) => {
    await markBackfillRefreshed.run({ fileKeys: pending.file_keys, asOf: pending.as_of }, tx);
    await announceEverythingChanged.run(undefined, tx);
  });
  return chunks.length;
}
