// What the app's writers announce when they commit data a reader could see, so that readers (the
// API's answer cache) know which answers are out of date. One LISTEN/NOTIFY channel: NOTIFY is
// delivered at COMMIT, never for a transaction that rolled back, and — sent by the write statement
// itself — cannot be lost between a commit and its announcement.
//
// The payload names the subreddits a statement wrote (as stored, comma-separated), or is `*`:
// anything may have changed (a refresh that settled rows behind an aggregate's watermark, a model
// switch, a psql client's write in read-write mode). A payload that would pass NOTIFY's 8000-byte
// limit is `*` too (db/queries/writes.sql).

/** The channel; db/queries/*.sql write it out as a literal (a test holds them equal). */
export const DATA_CHANGES_CHANNEL = 'seriousness_data_changed';

/** The payload that means "anything may have changed". */
export const EVERYTHING_CHANGED = '*';

export type DataChange = { kind: 'everything' } | { kind: 'subreddits'; names: string[] };

export function parseDataChange(payload: string): DataChange {
  if (payload === EVERYTHING_CHANGED || payload === '') return { kind: 'everything' };
  return { kind: 'subreddits', names: payload.split(',') };
}
