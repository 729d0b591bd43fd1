// What the app's writers announce when they commit data a reader could see, so that readers (the
// API's answer cache) know which answers are out of date. One LISTEN/NOTIFY channel: NOTIFY is
// delivered at COMMIT, never for a transaction that rolled back, and — sent by the write statement
// itself — cannot be lost between a commit and its announcement.
//
// The payload says what a statement wrote, or is `*`: anything may have changed (a refresh that
// settled rows behind an aggregate's watermark, a model switch, a psql client's write in
// read-write mode, or a list too long for NOTIFY's 8000 bytes). Posts: `posts:<subreddit>,…`
// (names as stored) — a post stored but not yet scored changes a subreddit's post list, not its
// figures. Scores: what they add to the figures,
// `scores:<model>|<subreddit>|<hour>|<count>|<sum>|<shown>,…` per model, subreddit and hourly
// bucket (epoch ms), with where they show at once (`h`: the hourly aggregate, `a`: all time too;
// behind a watermark, only after the next refresh), so that a reader can add them to figures it
// read before instead of reading the aggregates again (db/queries/writes.sql writes both). When
// that list would not fit (a re-score of history, a backfill: thousands of hours at once), only
// the models whose scores changed: `scores-of:<model>,…` — a reader serving another model has
// nothing to do, one serving a named model must read again.

/** The channel; db/queries/*.sql write it out as a literal (a test holds them equal). */
export const DATA_CHANGES_CHANNEL = 'seriousness_data_changed';

/** The payload that means "anything may have changed". */
export const EVERYTHING_CHANGED = '*';

/** Scores added to one subreddit's figures for one model in one hourly bucket. */
export interface AddedScores {
  modelVersion: string;
  subreddit: string;
  /** The hourly bucket's start, epoch ms (UTC). */
  hourMs: number;
  count: number;
  sum: number;
  /** In the hourly aggregate now (its real-time part), not only after its next refresh. */
  inHourly: boolean;
  /** In the daily aggregate, and so in all time, now. */
  inAllTime: boolean;
}

export type DataChange =
  | { kind: 'everything' }
  | { kind: 'posts'; subreddits: string[] }
  | { kind: 'scores'; subreddits: string[]; added: AddedScores[] }
  /** Scores of these models changed, anywhere (too many to list): anything of theirs may have. */
  | { kind: 'model-scores'; modelVersions: string[] };

function parseAddedScores(entry: string): AddedScores | undefined {
  const fields = entry.split('|');
  if (fields.length !== 6) return undefined;
  const [modelVersion, subreddit, hour, count, sum, shown] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!modelVersion || !subreddit || !/^h?a?$/.test(shown)) return undefined;
  const added = {
    modelVersion,
    subreddit,
    hourMs: Number(hour),
    count: Number(count),
    sum: Number(sum),
    inHourly: shown.includes('h'),
    inAllTime: shown.includes('a'),
  };
  return [added.hourMs, added.count, added.sum].every(Number.isFinite) ? added : undefined;
}

/** A payload as the writers send it; anything else means everything changed. */
export function parseDataChange(payload: string): DataChange {
  if (payload.startsWith('posts:') && payload.length > 6) {
    return { kind: 'posts', subreddits: payload.slice(6).split(',') };
  }
  if (payload.startsWith('scores-of:') && payload.length > 10) {
    return { kind: 'model-scores', modelVersions: payload.slice(10).split(',') };
  }
  if (payload.startsWith('scores:')) {
    const added = payload.slice(7).split(',').map(parseAddedScores);
    if (added.length > 0 && added.every((a) => a !== undefined)) {
      return { kind: 'scores', subreddits: [...new Set(added.map((a) => a.subreddit))], added };
    }
  }
  return { kind: 'everything' };
}
