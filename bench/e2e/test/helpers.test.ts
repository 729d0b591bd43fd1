// The bench's pure helpers: how latencies are summarised, when a stage counts as sustained, which
// rate the ramp tries next, and how observations credit published posts.
import { describe, expect, it } from 'vitest';
import { lagBounded, nextRampRate, percentiles, slope, sustainedMax } from '../stats.ts';
import { HOUR_MS, Tracker } from '../tracker.ts';

describe('percentiles', () => {
  it('uses nearest rank: p50 of 1..100 is 50, p99 is 99, max is 100', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('gives the single value for every percentile of one sample, and NaN for none', () => {
    expect(percentiles([3.5])).toMatchObject({ p50: 3.5, p99: 3.5, max: 3.5 });
    expect(Number.isNaN(percentiles([]).p99)).toBe(true);
  });
});

describe('slope', () => {
  it('recovers the growth rate of a backlog that rises linearly', () => {
    const samples = Array.from({ length: 20 }, (_, t) => ({ t, v: 7 * t + 3 }));
    expect(slope(samples)).toBeCloseTo(7, 10);
  });

  it('is 0 for fewer than two samples or a constant time', () => {
    expect(slope([{ t: 1, v: 5 }])).toBe(0);
    expect(
      slope([
        { t: 1, v: 5 },
        { t: 1, v: 9 },
      ]),
    ).toBe(0);
  });
});

describe('lagBounded', () => {
  const ok = {
    rate: 100,
    drainSeconds: 1.5,
    backlogSlope: 1,
    p99FirstHalf: 1,
    p99SecondHalf: 2,
    pollSeconds: 1,
  };

  it('accepts a stage that drained with a flat backlog and a stable tail', () => {
    expect(lagBounded(ok)).toBe(true);
  });

  it('rejects a stage that did not drain, whose backlog grew, or whose tail latency doubled', () => {
    expect(lagBounded({ ...ok, drainSeconds: null })).toBe(false);
    expect(lagBounded({ ...ok, backlogSlope: 6 })).toBe(false);
    expect(lagBounded({ ...ok, p99SecondHalf: 3.5 })).toBe(false);
  });
});

describe('nextRampRate', () => {
  it('multiplies the highest sustained rate by 1.5 (steps of 50) while nothing has failed', () => {
    expect(nextRampRate([{ rate: 100, sustained: true }])).toBe(150);
    expect(nextRampRate([{ rate: 400, sustained: true }])).toBe(600);
  });

  it('bisects between the highest sustained and the lowest failed rate above it', () => {
    const tried = [
      { rate: 10, sustained: true },
      { rate: 100, sustained: true },
      { rate: 1000, sustained: false },
    ];
    expect(nextRampRate(tried)).toBe(550);
    expect(nextRampRate([...tried, { rate: 550, sustained: true }])).toBe(800);
  });

  it('stops once the bracket is within 15 % or 50 posts/s, or no new rate exists', () => {
    expect(
      nextRampRate([
        { rate: 550, sustained: true },
        { rate: 600, sustained: false },
      ]),
    ).toBeNull();
    expect(nextRampRate([{ rate: 10, sustained: true }])).toBeNull();
  });

  it('reports the highest sustained rate and the first failure above it', () => {
    const tried = [
      { rate: 550, sustained: true },
      { rate: 300, sustained: false },
      { rate: 800, sustained: false },
      { rate: 700, sustained: false },
    ];
    expect(sustainedMax(tried)).toEqual({ max: 550, firstFailure: 700 });
  });
});

describe('Tracker', () => {
  it('credits a post once its subreddit count reaches its rank, in the hourly and all-time figures', () => {
    const tracker = new Tracker(['Jokes', 'science'], () => 0);
    const hour = 500_000 * HOUR_MS;
    for (let i = 0; i < 3; i++) tracker.record('Jokes', hour + i, 1000 + i, 1, true);
    tracker.record('science', hour, 1000, 1, true);

    tracker.observe('jokes', { allTime: 2, hours: [{ hourStartMs: hour, count: 1 }] }, 5000);
    const [a, b, c] = tracker.postsOf(1).filter((_, i) => i < 3);
    expect(a).toMatchObject({ allTimeAt: 5000, hourlyAt: 5000 });
    expect(b).toMatchObject({ allTimeAt: 5000 });
    expect(b?.hourlyAt).toBeUndefined();
    expect(c?.allTimeAt).toBeUndefined();

    // A later, larger count credits only the posts not credited before, at the later time.
    tracker.observe('Jokes', { allTime: 3, hours: [{ hourStartMs: hour, count: 3 }] }, 7000);
    expect(
      tracker
        .postsOf(1)
        .slice(0, 3)
        .map((p) => [p.allTimeAt, p.hourlyAt]),
    ).toEqual([
      [5000, 5000],
      [5000, 7000],
      [7000, 7000],
    ]);
    expect(tracker.visibleTotal()).toBe(3);
    expect(tracker.publishedTotal).toBe(4);
  });
});
