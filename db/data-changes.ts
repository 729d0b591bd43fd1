// The data-changes feed (./engine/data-changes.ts has the channel and why): what a reader that
// caches answers subscribes to, so that it drops exactly the answers a commit made out of date.
//
// Complete only on the embedded engine. There this process is the engine's only writer besides the
// psql port, which announces its clients' writes itself, and it runs the aggregates' refresh jobs
// (./maintenance.ts), announcing a refresh that changes answers. On a server, TimescaleDB's
// scheduler refreshes the aggregates and other processes may write: no feed, and readers read.
import type { AnyDatabase } from './open.ts';
import { DATA_CHANGES_CHANNEL, parseDataChange, type DataChange } from './engine/data-changes.ts';

export type { DataChange };

export interface DataChangeFeed {
  /** `listener` hears every change from now on (`everything` after the engine restarted too). */
  subscribe(listener: (change: DataChange) => void): () => void;
  close(): Promise<void>;
}

/** The feed of `db`'s changes, or undefined where no complete feed exists (a server). */
export async function watchDataChanges(db: AnyDatabase): Promise<DataChangeFeed | undefined> {
  if (db.kind !== 'embedded' || !db.bossDb.listen) return undefined;
  const listeners = new Set<(change: DataChange) => void>();
  const emit = (change: DataChange) => {
    for (const listener of listeners) listener(change);
  };
  const handle = await db.bossDb.listen(
    DATA_CHANGES_CHANNEL,
    (payload) => emit(parseDataChange(payload)),
    // After an engine restart notifications may have been missed: assume anything changed.
    () => emit({ kind: 'everything' }),
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
      await handle.close();
    },
  };
}
