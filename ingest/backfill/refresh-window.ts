// After a backfill: the aggregates refreshed over the window it loaded, once, rather than batch by
// batch. Rows written behind the aggregates' watermarks (all history is) show in the hourly, daily
// and all-time figures only after a refresh of their range (refreshSeriousness: a few weeks per
// statement). The window is every backfilled file's not yet refreshed, so a run killed before or
// during this step is completed by the next one, whichever files it is given.
import type { Database } from '../../db/engine/types.ts';
import { refreshSeriousness, type RefreshProgress } from '../../db/maintenance.ts';
import { markBackfillRefreshed, unrefreshedBackfillWindow } from '../../db/queries/backfill.queries.ts';

/** Refreshes the aggregates over what backfills loaded since their last refresh; returns the weeks. */
export async function refreshBackfilledWindow(
  db: Database,
  onProgress?: (progress: RefreshProgress) => void,
  signal?: AbortSignal,
): Promise<number> {
  const [pending] = await unrefreshedBackfillWindow.run(undefined, db);
  if (!pending?.window_from || !pending.window_to) return 0;
  const weeks = await refreshSeriousness(db, pending.window_from, pending.window_to, {
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
  await markBackfillRefreshed.run({ fileKeys: pending.file_keys, asOf: pending.as_of }, db);
  return weeks;
}
