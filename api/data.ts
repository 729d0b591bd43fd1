// What requests share: the served model version, the subreddit summaries (the all-time view joined
// with the hourly aggregate's last 48 hours) and each subreddit's answers. With a data-changes feed
// (db/data-changes.ts: the embedded engine) they are reused until the data they were read from
// changes, never for a fixed time: a commit announces the subreddits it wrote, and the next request
// for one of them reads again — so a score that commits is in the next answer. The summaries are
// then read again only for the subreddits that changed (and all of them when everything did, or when
// the hour turns: their 24-hour windows are whole hourly buckets). Without a feed (a server, where
// TimescaleDB's scheduler refreshes the aggregates unannounced) every request reads.
import type { DataChangeFeed } from '../db/data-changes.ts';
import type { Queryable } from '../db/engine/types.ts';
import {
  apiActiveModel,
  apiSubredditSummaries,
  type IApiSubredditSummariesResult,
} from '../db/queries/api.queries.ts';
import { DataVersions } from './data-versions.ts';
import type { SubredditSummary } from './schemas.ts';

export interface Summaries {
  modelVersion: string;
  /** Sorted by name. */
  list: SubredditSummary[];
  /** lower(name) → summary. */
  byName: ReadonlyMap<string, SubredditSummary>;
}

export interface AnswerCacheStats {
  /** Whether answers are reused (a data-changes feed exists). */
  enabled: boolean;
  hits: number;
  misses: number;
}

export interface ApiData {
  servedModel(): Promise<string | null>;
  summaries(modelVersion: string): Promise<Summaries>;
  /**
   * One subreddit's answer for `key` (everything else the answer depends on: model, range, page),
   * read by `load` unless one read since the subreddit's data last changed is at hand. A failed
   * read is not kept.
   */
  answer<T>(subreddit: string, key: string, load: () => Promise<T>): Promise<T>;
  readonly stats: AnswerCacheStats;
  close(): void;
}

const HOUR_MS = 3_600_000;
/** Answers kept, least recently used dropped first (≈ 15 KB each: a week of hours and 25 posts). */
const MAX_ANSWERS = 4096;

function toSummary(r: IApiSubredditSummariesResult): SubredditSummary {
  return {
    name: r.subreddit,
    postCount: r.post_count,
    seriousnessMean: r.seriousness_mean,
    firstDay: r.first_day.toISOString(),
    lastDay: r.last_day.toISOString(),
    postCount24h: r.post_count_24h,
    seriousnessMean24h: r.seriousness_mean_24h,
    seriousnessMeanPrev24h: r.seriousness_mean_prev_24h,
    trend:
      r.seriousness_mean_24h === null || r.seriousness_mean_prev_24h === null
        ? null
        : r.seriousness_mean_24h - r.seriousness_mean_prev_24h,
  };
}

const byLowerName = (a: SubredditSummary, b: SubredditSummary) => {
  const na = a.name.toLowerCase();
  const nb = b.name.toLowerCase();
  return na < nb ? -1 : na > nb ? 1 : 0;
};

async function readSummaries(
  db: Queryable,
  modelVersion: string,
  now: Date,
  subreddits: string[] | null,
): Promise<SubredditSummary[]> {
  const rows = await apiSubredditSummaries.run({ modelVersion, now, subreddits }, db);
  return rows.map(toSummary);
}

function summariesOf(modelVersion: string, list: SubredditSummary[]): Summaries {
  const sorted = [...list].sort(byLowerName);
  return { modelVersion, list: sorted, byName: new Map(sorted.map((s) => [s.name.toLowerCase(), s])) };
}

/** Every request reads: no feed says when an answer goes out of date. */
function uncachedData(db: Queryable): ApiData {
  const stats: AnswerCacheStats = { enabled: false, hits: 0, misses: 0 };
  return {
    servedModel: async () => (await apiActiveModel.run(undefined, db))[0]?.version ?? null,
    summaries: async (modelVersion) =>
      summariesOf(modelVersion, await readSummaries(db, modelVersion, new Date(), null)),
    answer: (_subreddit, _key, load) => {
      stats.misses++;
      return load();
    },
    stats,
    close: () => undefined,
  };
}

interface SummaryState {
  modelVersion: string;
  /** The UTC hour (ms / HOUR_MS) whose 24-hour windows these are. */
  hour: number;
  /** The data version they were read at (DataVersions.now when the read began). */
  at: number;
  summaries: Summaries;
}

function cachedData(db: Queryable, feed: DataChangeFeed, onAnswer: (reused: boolean) => void): ApiData {
  const versions = new DataVersions();
  const unsubscribe = feed.subscribe((change) => versions.changed(change));
  const stats: AnswerCacheStats = { enabled: true, hits: 0, misses: 0 };

  let model: { at: number; value: Promise<string | null> } | undefined;
  const servedModel = (): Promise<string | null> => {
    // A model switch announces that everything changed (db/queries/scorer.sql).
    if (model && model.at === versions.everythingAt) return model.value;
    const entry = {
      at: versions.everythingAt,
      value: apiActiveModel.run(undefined, db).then(([row]) => row?.version ?? null),
    };
    model = entry;
    entry.value.catch(() => {
      if (model === entry) model = undefined;
    });
    return entry.value;
  };

  let summaryState: SummaryState | undefined;
  let summaryRead: Promise<void> | undefined;
  /** Reads what changed since the last read (or everything) into summaryState. */
  const readChangedSummaries = async (modelVersion: string): Promise<void> => {
    const at = versions.now;
    const now = new Date();
    const hour = Math.floor(now.getTime() / HOUR_MS);
    const last = summaryState;
    const changed = last ? versions.figuresChangedSince(last.at) : { everything: true as const };
    if (last && last.modelVersion === modelVersion && last.hour === hour && !changed.everything) {
      const fresh = changed.names.length ? await readSummaries(db, modelVersion, now, changed.names) : [];
      const gone = new Set(changed.names.map((n) => n.toLowerCase()));
      const kept = last.summaries.list.filter((s) => !gone.has(s.name.toLowerCase()));
      summaryState = { modelVersion, hour, at, summaries: summariesOf(modelVersion, [...kept, ...fresh]) };
      return;
    }
    const all = await readSummaries(db, modelVersion, now, null);
    summaryState = { modelVersion, hour, at, summaries: summariesOf(modelVersion, all) };
  };
  const summaries = async (modelVersion: string): Promise<Summaries> => {
    // What this request must see: every change of figures announced before it arrived, in this
    // hour's windows (a post stored but not yet scored changes no figure).
    const want = versions.figuresAt;
    const hour = Math.floor(Date.now() / HOUR_MS);
    for (;;) {
      const state = summaryState;
      if (state && state.modelVersion === modelVersion && state.hour >= hour && state.at >= want)
        return state.summaries;
      // One read at a time; requests that arrive meanwhile wait for it, then for one more if
      // they must (a change they have to see was announced after it began).
      if (summaryRead) {
        await summaryRead;
        continue;
      }
      summaryRead = readChangedSummaries(modelVersion).finally(() => {
        summaryRead = undefined;
      });
    }
  };

  const answers = new Map<string, { version: number; value: Promise<unknown> }>();
  const answer = <T>(subreddit: string, key: string, load: () => Promise<T>): Promise<T> => {
    const version = versions.of(subreddit);
    const id = `${subreddit.toLowerCase()}\n${key}`;
    const kept = answers.get(id);
    answers.delete(id);
    if (kept && kept.version === version) {
      answers.set(id, kept); // most recently used
      stats.hits++;
      onAnswer(true);
      return kept.value as Promise<T>;
    }
    stats.misses++;
    onAnswer(false);
    const entry = { version, value: load() as Promise<unknown> };
    answers.set(id, entry);
    if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
    entry.value.catch(() => {
      if (answers.get(id) === entry) answers.delete(id);
    });
    return entry.value as Promise<T>;
  };

  return { servedModel, summaries, answer, stats, close: unsubscribe };
}

/** `onAnswer` hears, per cached answer asked for, whether it was reused (for Server-Timing). */
export function createApiData(
  db: Queryable,
  feed: DataChangeFeed | undefined,
  onAnswer: (reused: boolean) => void = () => undefined,
): ApiData {
  return feed ? cachedData(db, feed, onAnswer) : uncachedData(db);
}
