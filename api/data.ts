// What several requests share, read through short-lived memos: the served model version and the
// subreddit summaries (the all-time view joined with the hourly cagg's last 48 hours). Both change
// at most every second or so, and every data route sends `max-age=1`, so reusing an answer for up
// to `cacheMs` (≤ 1 s) costs no freshness; concurrent requests also share one query in flight.
import type { Queryable } from '../db/engine/types.ts';
import { apiActiveModel, apiSubredditSummaries } from '../db/queries/api.queries.ts';
import type { SubredditSummary } from './schemas.ts';

class Memo<T> {
  readonly #ttlMs: number;
  #key: string | undefined;
  #value: Promise<T> | undefined;
  #at = 0;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return load();
    const now = Date.now();
    if (this.#value && this.#key === key && now - this.#at < this.#ttlMs) return this.#value;
    const value = load();
    this.#key = key;
    this.#value = value;
    this.#at = now;
    // A failure is not remembered: the next request tries again.
    value.catch(() => {
      if (this.#value === value) this.#value = undefined;
    });
    return value;
  }
}

export interface Summaries {
  modelVersion: string;
  /** Sorted by name. */
  list: SubredditSummary[];
  /** lower(name) → summary. */
  byName: Map<string, SubredditSummary>;
}

export interface ApiData {
  servedModel(): Promise<string | null>;
  summaries(modelVersion: string): Promise<Summaries>;
}

export function createApiData(db: Queryable, cacheMs: number): ApiData {
  const model = new Memo<string | null>(cacheMs);
  const summaries = new Memo<Summaries>(cacheMs);
  return {
    servedModel: () =>
      model.get('active', async () => {
        const [row] = await apiActiveModel.run(undefined, db);
        return row?.version ?? null;
      }),
    summaries: (modelVersion) =>
      summaries.get(modelVersion, async () => {
        const rows = await apiSubredditSummaries.run({ modelVersion, now: new Date() }, db);
        const list = rows.map((r): SubredditSummary => ({
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
        }));
        return { modelVersion, list, byName: new Map(list.map((s) => [s.name.toLowerCase(), s])) };
      }),
  };
}
