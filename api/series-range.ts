// The time range of a subreddit's series: defaults, alignment to whole UTC buckets, and limits.
// Pure, so it is table-tested without a database.
import { badRequest } from './middleware/errors.ts';
import { MAX_RANGE } from './schemas.ts';

export type Bucket = 'hour' | 'day';

const STEP: Record<Bucket, number> = { hour: 3600_000, day: 86_400_000 };
const DEFAULT_SPAN: Record<Bucket, number> = { hour: 7 * 86_400_000, day: 30 * 86_400_000 };

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

/** A date-only value means UTC midnight. */
export function parseTimestamp(value: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

export interface SeriesRange {
  bucket: Bucket;
  from: Date;
  to: Date;
  points: number;
}

/**
 * [from, to) aligned outwards to whole buckets. Default `to`: the end of the current bucket (so the
 * current, partial hour is the last point); default `from`: `to` − 7 days (hour) or − 30 days (day).
 */
export function seriesRange(
  bucket: Bucket,
  fromText: string | undefined,
  toText: string | undefined,
  now: number = Date.now(),
): SeriesRange {
  const step = STEP[bucket];
  const toRaw = toText === undefined ? floorTo(now, step) + step : parseTimestamp(toText);
  const fromRaw = fromText === undefined ? toRaw - DEFAULT_SPAN[bucket] : parseTimestamp(fromText);
  if (!Number.isFinite(fromRaw) || !Number.isFinite(toRaw)) throw badRequest('from/to is not a valid date');
  const from = floorTo(fromRaw, step);
  const to = ceilTo(toRaw, step);
  if (from >= to) throw badRequest('from must be before to');
  if (to - from > MAX_RANGE[bucket]) {
    throw badRequest(
      bucket === 'hour'
        ? 'an hourly series covers at most 90 days; use bucket=day for longer ranges'
        : 'a daily series covers at most 5 years',
    );
  }
  // Postgres timestamptz spans 4713 BC – 294276 AD; keep to years 1970–9999 for sane ISO output.
  if (from < 0 || to > Date.UTC(9999, 11, 31)) throw badRequest('from/to must lie between 1970 and 9999');
  return { bucket, from: new Date(from), to: new Date(to), points: (to - from) / step };
}

// A type, not an interface: CSV rows need an implicit index signature.
export type SeriesPoint = {
  bucket: string;
  postCount: number;
  seriousnessMean: number | null;
};

/** Every bucket of the range, in order: the cagg's rows where it has one, an empty point elsewhere. */
export function fillSeries(
  range: SeriesRange,
  rows: readonly { bucket: Date; post_count: number; seriousness_mean: number }[],
): SeriesPoint[] {
  const step = STEP[range.bucket];
  const byTime = new Map(rows.map((r) => [r.bucket.getTime(), r]));
  const points: SeriesPoint[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += step) {
    const row = byTime.get(t);
    points.push({
      bucket: new Date(t).toISOString(),
      postCount: row?.post_count ?? 0,
      seriousnessMean: row ? row.seriousness_mean : null,
    });
  }
  return points;
}
