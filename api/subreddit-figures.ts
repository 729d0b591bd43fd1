// The subreddit summaries as running totals: read once from the aggregates (the all-time view and
// the hourly aggregate's last 48 hours), then kept current by adding the scores each commit
// announces (db/engine/data-changes.ts: count and sum per model, subreddit and hour) — the same
// sums the aggregates add up, so no read of the aggregates per commit. Pure: no I/O.
//
// Rows written behind an aggregate's watermark count here at once, while the aggregate shows them
// at its next refresh (which announces that everything changed: the totals are read again then).
import type { AddedScores } from '../db/engine/data-changes.ts';
import type { IApiSubredditSummariesResult } from '../db/queries/api.queries.ts';
import type { SubredditSummary } from './schemas.ts';

export interface Summaries {
  modelVersion: string;
  /** Sorted by name (case-insensitive). */
  list: SubredditSummary[];
  /** lower(name) → summary. */
  byName: ReadonlyMap<string, SubredditSummary>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface Totals {
  name: string;
  count: number;
  sum: number;
  firstDayMs: number;
  lastDayMs: number;
  count24h: number;
  sum24h: number;
  countPrev24h: number;
  sumPrev24h: number;
}

const byLowerName = (a: SubredditSummary, b: SubredditSummary) => {
  const na = a.name.toLowerCase();
  const nb = b.name.toLowerCase();
  return na < nb ? -1 : na > nb ? 1 : 0;
};

function summaryOf(t: Totals): SubredditSummary {
  const mean24h = t.count24h > 0 ? t.sum24h / t.count24h : null;
  const meanPrev = t.countPrev24h > 0 ? t.sumPrev24h / t.countPrev24h : null;
  return {
    name: t.name,
    postCount: t.count,
    seriousnessMean: t.sum / t.count,
    firstDay: new Date(t.firstDayMs).toISOString(),
    lastDay: new Date(t.lastDayMs).toISOString(),
    postCount24h: t.count24h,
    seriousnessMean24h: mean24h,
    seriousnessMeanPrev24h: meanPrev,
    trend: mean24h === null || meanPrev === null ? null : mean24h - meanPrev,
  };
}

export class SubredditFigures {
  readonly modelVersion: string;
  /** The start of the UTC hour whose 24-hour windows these are (the windows end with it). */
  readonly hourMs: number;
  readonly #totals = new Map<string, Totals>();
  #summaries: Summaries | undefined;

  /** From the rows of apiSubredditSummaries, read at a time within the hour starting at `hourMs`. */
  constructor(modelVersion: string, hourMs: number, rows: readonly IApiSubredditSummariesResult[]) {
    this.modelVersion = modelVersion;
    this.hourMs = hourMs;
    for (const r of rows) {
      this.#totals.set(r.subreddit.toLowerCase(), {
        name: r.subreddit,
        count: r.post_count,
        sum: r.seriousness_sum,
        firstDayMs: r.first_day.getTime(),
        lastDayMs: r.last_day.getTime(),
        count24h: r.post_count_24h,
        sum24h: r.seriousness_sum_24h,
        countPrev24h: r.post_count_prev_24h,
        sumPrev24h: r.seriousness_sum_prev_24h,
      });
    }
  }

  /** Adds committed scores (those of other models are not these figures' business). */
  add(added: readonly AddedScores[]): void {
    for (const a of added) {
      // Rows behind a watermark show in the aggregates, and so here, after its next refresh.
      if (a.modelVersion !== this.modelVersion || a.count <= 0 || !a.inHourly) continue;
      const key = a.subreddit.toLowerCase();
      const day = Math.floor(a.hourMs / DAY_MS) * DAY_MS;
      let t = this.#totals.get(key);
      if (!a.inAllTime) {
        // In the hourly aggregate's windows, not yet in all time (no all-time row without it).
        if (t) this.#addToWindows(t, a);
        continue;
      }
      if (!t) {
        t = {
          name: a.subreddit,
          count: 0,
          sum: 0,
          firstDayMs: day,
          lastDayMs: day,
          count24h: 0,
          sum24h: 0,
          countPrev24h: 0,
          sumPrev24h: 0,
        };
        this.#totals.set(key, t);
      }
      t.count += a.count;
      t.sum += a.sum;
      t.firstDayMs = Math.min(t.firstDayMs, day);
      t.lastDayMs = Math.max(t.lastDayMs, day);
      this.#addToWindows(t, a);
    }
    this.#summaries = undefined;
  }

  /** The windows of apiSubredditSummaries: the 24 buckets ending with the current one, the 24 before. */
  #addToWindows(t: Totals, a: AddedScores): void {
    const hoursAgo = Math.round((this.hourMs - a.hourMs) / HOUR_MS);
    if (hoursAgo >= 0 && hoursAgo < 24) {
      t.count24h += a.count;
      t.sum24h += a.sum;
    } else if (hoursAgo >= 24 && hoursAgo < 48) {
      t.countPrev24h += a.count;
      t.sumPrev24h += a.sum;
    }
  }

  /** The summaries as the API serves them; the same object until the next `add`. */
  get summaries(): Summaries {
    if (!this.#summaries) {
      const list = [...this.#totals.values()].map(summaryOf).sort(byLowerName);
      this.#summaries = {
        modelVersion: this.modelVersion,
        list,
        byName: new Map(list.map((s) => [s.name.toLowerCase(), s])),
      };
    }
    return this.#summaries;
  }
}
