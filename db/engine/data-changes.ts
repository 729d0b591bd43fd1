// What the app's writers announce when they commit data a reader could see, so that readers (the
// API's answer cache) know which answers are out of date. One LISTEN/NOTIFY channel: NOTIFY is
// delivered at COMMIT, never for a transaction that rolled back, and — sent by the write statement
// itself — cannot be lost between a commit and its announcement.
//
// The payload says what a statement wrote and in which subreddits (as stored, comma-separated):
// `posts:AskReddit,news` or `scores:AskReddit`; or it is `*`: anything may have changed (a refresh
// that settled rows behind an aggregate's watermark, a model switch, a psql client's write in
// read-write mode). A payload that would pass NOTIFY's 8000-byte limit is `*` too
// (db/queries/writes.sql). Readers need the kind: the aggregates are built from scores alone, so a
// post that is stored but not yet scored changes a subreddit's post list, not its figures.

/** The channel; db/queries/*.sql write it out as a literal (a test holds them equal). */
export const DATA_CHANGES_CHANNEL = 'seriousness_data_changed';

/** The payload that means "anything may have changed". */
export const EVERYTHING_CHANGED = '*';

/** What a write changed: posts (a subreddit's post list) or scores (its figures too). */
export type WrittenKind = 'posts' | 'scores';

export type DataChange = { kind: 'everything' } | { kind: WrittenKind; subreddits: string[] };

export function parseDataChange(payload: string): DataChange {
  const match = /^(posts|scores):(.+)$/s.exec(payload);
  if (!match) return { kind: 'everything' };
  return { kind: match[1] as WrittenKind, subreddits: match[2]!.split(',') };
}
