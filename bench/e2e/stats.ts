// Pure helpers of the end-to-end bench: percentiles of latencies, the growth of a backlog, whether
// a stage kept up, and which rate the throughput ramp tries next. Tested in helpers.test.ts.

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles (p99 of 100 values is the 99th smallest); NaN when there are none. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = values.toSorted((a, b) => a - b);
  const at = (p: number) =>
    sorted.length
      ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN)
      : NaN;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

/** Least-squares slope of v over t (posts per second when t is seconds and v a backlog). */
export function slope(samples: readonly { t: number; v: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mv = samples.reduce((s, x) => s + x.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const x of samples) {
    num += (x.t - mt) * (x.v - mv);
    den += (x.t - mt) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export interface LagEvidence {
  rate: number;
  /** null: the stage's posts were not all visible within the drain allowance. */
  drainSeconds: number | null;
  backlogSlope: number;
  p99FirstHalf: number;
  p99SecondHalf: number;
  pollSeconds: number;
}

/**
 * Lag bounded: drained, backlog not rising by more than 5 % of the rate (2 posts/s at least, the
 * noise of one poll), and the tail latency of the second half no worse than twice the first
 * half's plus a poll.
 */
export function lagBounded(e: LagEvidence): boolean {
  return (
    e.drainSeconds !== null &&
    e.backlogSlope <= Math.max(2, 0.05 * e.rate) &&
    e.p99SecondHalf <= 2 * e.p99FirstHalf + e.pollSeconds
  );
}

/**
 * The next rate of the throughput ramp: ×1.5 from the highest sustained rate until one fails, then
 * bisection between the highest sustained and the lowest failed rate above it, in steps of 50
 * posts/s; null when the bracket is within 15 % (or 50 posts/s) or no new rate would be tried.
 */
export function nextRampRate(tried: readonly { rate: number; sustained: boolean }[]): number | null {
  const lo = Math.max(0, ...tried.filter((r) => r.sustained).map((r) => r.rate));
  const failed = tried.filter((r) => !r.sustained && r.rate > lo).map((r) => r.rate);
  const hi = failed.length ? Math.min(...failed) : undefined;
  let next: number;
  if (hi === undefined) next = Math.round((lo * 1.5) / 50) * 50;
  else {
    if (hi - lo <= Math.max(50, lo * 0.15)) return null;
    next = Math.round((lo + hi) / 2 / 50) * 50;
  }
  if (next <= lo || (hi !== undefined && next >= hi)) return null;
  return next;
}

/** The highest sustained rate, and the lowest failed rate above it (undefined: none failed). */
export function sustainedMax(tried: readonly { rate: number; sustained: boolean }[]): {
  max: number;
  firstFailure: number | undefined;
} {
  const max = Math.max(0, ...tried.filter((r) => r.sustained).map((r) => r.rate));
  const above = tried.filter((r) => !r.sustained && r.rate > max).map((r) => r.rate);
  return { max, firstFailure: above.length ? Math.min(...above) : undefined };
}
