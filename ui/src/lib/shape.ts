// Pure data shaping for the dashboard: URL state ↔ API queries, chart rows, histogram, pipeline
// health, CSV. No Svelte, no fetch: everything here is table-tested in ui/test/shape.test.ts.
import {
  SUBREDDIT_NAME,
  SUBREDDIT_SEARCH,
  type SeriesPoint,
  type StatusResponse,
  type SubredditSummary,
} from './types.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

// ---- overview URL state ----------------------------------------------------------------------

export const OVERVIEW_SORTS = ['score', 'posts', 'trend', 'name'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

export interface OverviewState {
  q: string;
  sort: OverviewSort;
  order: 'asc' | 'desc';
}

/** Reads the overview's choices from the URL; anything invalid falls back to the default. */
export function parseOverviewState(params: URLSearchParams): OverviewState {
  const rawQ = (params.get('q') ?? '').trim().replace(/^r\//i, '');
  const q = SUBREDDIT_SEARCH.test(rawQ) ? rawQ : '';
  const rawSort = params.get('sort');
  const sort = (OVERVIEW_SORTS as readonly string[]).includes(rawSort ?? '')
    ? (rawSort as OverviewSort)
    : 'score';
  const rawOrder = params.get('order');
  const order = rawOrder === 'asc' || rawOrder === 'desc' ? rawOrder : sort === 'name' ? 'asc' : 'desc';
  return { q, sort, order };
}

/** The query string for an overview state; defaults are left out so URLs stay short. */
export function overviewSearch(state: OverviewState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.sort !== 'score') params.set('sort', state.sort);
  const defaultOrder = state.sort === 'name' ? 'asc' : 'desc';
  if (state.order !== defaultOrder) params.set('order', state.order);
  const text = params.toString();
  return text ? `?${text}` : '';
}

// ---- subreddit page URL state ----------------------------------------------------------------

export const RANGES = ['24h', '7d', '30d', 'custom'] as const;
export type RangeKey = (typeof RANGES)[number];
export const RANGE_LABELS: Record<RangeKey, string> = {
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  custom: 'Custom',
};
const RANGE_MS: Record<Exclude<RangeKey, 'custom'>, number> = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};
/** The API's limit for hourly series (api/schemas.ts MAX_RANGE.hour). */
export const MAX_HOURLY_MS = 90 * DAY_MS;
export const MAX_COMPARE = 4;

export interface SubredditState {
  range: RangeKey;
  /** Inclusive start of the first hour (UTC ms). */
  from: number;
  /** Exclusive end of the last hour (UTC ms). */
  to: number;
  /** Other subreddits drawn on the same chart (up to MAX_COMPARE − 1). */
  compare: string[];
}

function parseDay(text: string | null): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Reads range and compared names from the URL. Preset ranges end at the end of the current hour
 * (so the partial hour shows); custom ranges are whole UTC days, `to` inclusive as people read it.
 */
export function parseSubredditState(params: URLSearchParams, self: string, now: number): SubredditState {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  const compare: string[] = [];
  for (const raw of (params.get('compare') ?? '').split(',')) {
    const name = raw.trim();
    if (!SUBREDDIT_NAME.test(name)) continue;
    const lower = name.toLowerCase();
    if (lower === self.toLowerCase() || compare.some((c) => c.toLowerCase() === lower)) continue;
    if (compare.length < MAX_COMPARE - 1) compare.push(name);
  }
  const rawRange = params.get('range');
  if (rawRange === 'custom') {
    const fromDay = parseDay(params.get('from'));
    const toDay = parseDay(params.get('to'));
    if (fromDay !== null && toDay !== null && toDay >= fromDay) {
      const to = Math.min(toDay + DAY_MS, fromDay + MAX_HOURLY_MS);
      return { range: 'custom', from: fromDay, to, compare };
    }
  }
  const range = rawRange === '24h' || rawRange === '30d' ? rawRange : '7d';
  return { range, from: end - RANGE_MS[range], to: end, compare };
}

/** The query string for a subreddit page state; the 7-day default is left out. */
export function subredditSearch(state: SubredditState): string {
  const params = new URLSearchParams();
  if (state.range === 'custom') {
    params.set('range', 'custom');
    params.set('from', formatDay(state.from));
    params.set('to', formatDay(state.to - DAY_MS));
  } else if (state.range !== '7d') {
    params.set('range', state.range);
  }
  if (state.compare.length > 0) params.set('compare', state.compare.join(','));
  const text = params.toString().replaceAll('%2C', ',');
  return text ? `?${text}` : '';
}

/** Number of hourly points the chart must draw for a state. */
export function hoursIn(state: Pick<SubredditState, 'from' | 'to'>): number {
  return Math.round((state.to - state.from) / HOUR_MS);
}

// ---- chart rows ------------------------------------------------------------------------------

export interface ChartPoint {
  /** Bucket start, UTC ms. */
  t: number;
  count: number;
  mean: number | null;
}

export function toChartPoints(points: readonly SeriesPoint[]): ChartPoint[] {
  return points.map((p) => ({ t: Date.parse(p.bucket), count: p.postCount, mean: p.seriousnessMean }));
}

/** Runs of consecutive non-null means: a line must break over empty hours, not bridge them. */
export function segments(points: readonly ChartPoint[]): ChartPoint[][] {
  const runs: ChartPoint[][] = [];
  let run: ChartPoint[] = [];
  for (const p of points) {
    if (p.mean === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else {
      run.push(p);
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Index of the point nearest to time t (points sorted by t); -1 when there are none. */
export function nearestIndex(points: readonly { t: number }[], t: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(points[lo - 1]!.t - t) <= Math.abs(points[lo]!.t - t)) return lo - 1;
  return lo;
}

/** A 0–100 × 0–height SVG path of the means, gaps left open (sparklines). */
export function sparklinePath(points: readonly ChartPoint[], height = 24): string {
  if (points.length === 0) return '';
  const x0 = points[0]!.t;
  const span = Math.max(points[points.length - 1]!.t - x0, 1);
  return segments(points)
    .map((run) =>
      // A lone hour between gaps would be an invisible zero-length path: draw it as a short dash.
      run.length === 1
        ? `M${round2(((run[0]!.t - x0) / span) * 100 - 0.5)},${round2((1 - (run[0]!.mean ?? 0)) * height)}h1`
        : run
            .map((p, i) => {
              const x = ((p.t - x0) / span) * 100;
              const y = (1 - (p.mean ?? 0)) * height;
              return `${i === 0 ? 'M' : 'L'}${round2(x)},${round2(y)}`;
            })
            .join(''),
    )
    .join('');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---- histogram -------------------------------------------------------------------------------

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

/** Equal-width bins over [0, 1]; 1.0 falls in the last bin; nulls (unscored) are skipped. */
export function histogram(values: readonly (number | null)[], bins = 10): Bin[] {
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ x0: i / bins, x1: (i + 1) / bins, count: 0 }));
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    out[i]!.count += 1;
  }
  return out;
}

// ---- overview headline -----------------------------------------------------------------------

/** The n most and n least serious communities (all-time mean), without overlap when few. */
export function extremes(
  items: readonly SubredditSummary[],
  n: number,
): { most: SubredditSummary[]; least: SubredditSummary[] } {
  const sorted = [...items].sort(
    (a, b) => b.seriousnessMean - a.seriousnessMean || a.name.localeCompare(b.name),
  );
  const most = sorted.slice(0, Math.min(n, Math.ceil(sorted.length / 2)));
  const least = sorted.slice(most.length).reverse().slice(0, n);
  return { most, least };
}

// ---- pipeline health -------------------------------------------------------------------------

export interface PipelineHealth {
  postsPerMinute: number | null;
  lagSeconds: number | null;
  lastPollAt: string | null;
  rateRemaining: number | null;
  scoredLastMinute: number | null;
  /** What the banner says, most severe first; empty when all is well. */
  banners: { kind: 'error' | 'info'; text: string }[];
}

/** Seconds without a successful poll after which Reddit counts as unreachable. */
export const UNREACHABLE_AFTER_S = 30;

export function pipelineHealth(status: StatusResponse | null): PipelineHealth {
  if (status === null) {
    return {
      postsPerMinute: null,
      lagSeconds: null,
      lastPollAt: null,
      rateRemaining: null,
      scoredLastMinute: null,
      banners: [{ kind: 'error', text: 'The API status is unavailable: figures may be stale.' }],
    };
  }
  const sumOrNull = (values: (number | null)[]): number | null => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
  };
  const minOrNull = (values: (number | null)[]): number | null => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : Math.min(...present);
  };
  const latest = (values: (string | null)[]): string | null =>
    values
      .filter((v): v is string => v !== null)
      .sort()
      .at(-1) ?? null;
  const banners: PipelineHealth['banners'] = [];
  const failing = status.ingest.filter(
    (l) =>
      l.consecutiveErrors > 0 &&
      (l.secondsSinceSuccess === null || l.secondsSinceSuccess > UNREACHABLE_AFTER_S),
  );
  if (failing.length > 0) {
    const error = failing[0]!.lastError ?? 'no answer';
    banners.push({
      kind: 'error',
      text: `Reddit is unreachable (${error}); showing what was stored until then. Retrying.`,
    });
  }
  const r = status.models.rescoring;
  if (r !== null) {
    const progress =
      r.done !== null && r.total !== null && r.total > 0
        ? ` (${Math.floor((r.done / r.total) * 100)} %)`
        : '';
    banners.push({
      kind: 'info',
      text: `A new model (${r.version.slice(0, 12)}) is re-scoring history${progress}; figures switch when it is done.`,
    });
  }
  if (status.servedModel === null) {
    banners.push({ kind: 'info', text: 'No model is active yet: nothing is scored.' });
  }
  return {
    postsPerMinute: sumOrNull(status.ingest.map((l) => l.postsPerMinute)),
    lagSeconds: minOrNull(status.ingest.map((l) => l.lagSeconds)),
    lastPollAt: latest(status.ingest.map((l) => l.lastPollAt)),
    rateRemaining: minOrNull(status.ingest.map((l) => l.rateRemaining)),
    scoredLastMinute: status.scorer.scoredLastMinute,
    banners,
  };
}

// ---- formatting ------------------------------------------------------------------------------

export function formatScore(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : v.toFixed(2);
}

export function formatTrend(v: number | null): string {
  if (v === null) return '–';
  const text = Math.abs(v).toFixed(2);
  return v > 0.005 ? `▲ ${text}` : v < -0.005 ? `▼ ${text}` : `≈ ${text}`;
}

/** "12 s", "5 min", "3 h", "2 d" — how long ago / how much lag. */
export function formatSeconds(s: number | null): string {
  if (s === null) return '–';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

export function formatHour(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

// ---- CSV -------------------------------------------------------------------------------------

/** RFC 4180 CSV; cells a spreadsheet would run as a formula get a leading ' (as the API does). */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
