// The backoff and budget arithmetic, on a fake clock (the HTTP behaviour is tested for real in
// client.test.ts).
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs } from '../reddit/backoff.ts';
import { parseRetryAfterMs, RateBudget } from '../reddit/rate-budget.ts';

function clock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    slept,
  };
}

function headers(remaining: string, reset: string, used = '0'): Headers {
  return new Headers({
    'x-ratelimit-remaining': remaining,
    'x-ratelimit-reset': reset,
    'x-ratelimit-used': used,
  });
}

describe('backoff', () => {
  it('doubles its ceiling per attempt up to the cap, and jitters between a tenth of it and all of it', () => {
    const policy = { baseMs: 1000, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffCeilingMs(a, policy))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffDelayMs(2, policy, () => 0)).toBe(400);
    expect(backoffDelayMs(2, policy, () => 1)).toBe(4000);
    expect(backoffDelayMs(20, policy, () => 0.5)).toBe(16_500);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('4', 0)).toBe(4000);
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfterMs(null, 0)).toBeUndefined();
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('RateBudget', () => {
  it('waits for the reset (plus margin) once Reddit says nothing remains', async () => {
    const c = clock();
    const budget = new RateBudget({
      window: { requests: 1000, windowMs: 600_000 },
      resetMarginMs: 500,
      ...c,
    });
    budget.update(headers('0.0', '7', '600'));
    expect(budget.waitMs()).toBe(7500);
    await budget.acquire();
    expect(c.slept.reduce((a, b) => a + b, 0)).toBe(7500);
  });

  it('spreads the remaining requests over the rest of the window', async () => {
    const c = clock();
    const budget = new RateBudget({ window: { requests: 1000, windowMs: 600_000 }, resetMarginMs: 0, ...c });
    budget.update(headers('10.0', '20'));
    await budget.acquire(); // first one goes at once
    expect(c.slept).toEqual([]);
    // 9 left for ~20 s: about 2.2 s apart.
    expect(budget.waitMs()).toBe(2223);
  });

  it('never exceeds its local window when Reddit sends no headers (public JSON)', async () => {
    const c = clock();
    const budget = new RateBudget({ window: { requests: 3, windowMs: 60_000 }, resetMarginMs: 0, ...c });
    for (let i = 0; i < 3; i++) await budget.acquire();
    expect(c.slept).toEqual([]);
    await budget.acquire();
    expect(c.slept).toEqual([60_000]);
  });

  it('blocks everything after a 429 for its retry-after', () => {
    const c = clock();
    const budget = new RateBudget({ window: { requests: 1000, windowMs: 600_000 }, resetMarginMs: 0, ...c });
    budget.blockFor(4000);
    expect(budget.waitMs()).toBe(4000);
    c.advance(4000);
    expect(budget.waitMs()).toBe(0);
  });

  it('serialises concurrent callers so that two cannot spend the last request', async () => {
    const c = clock();
    const budget = new RateBudget({ window: { requests: 1000, windowMs: 600_000 }, resetMarginMs: 0, ...c });
    budget.update(headers('1.0', '10'));
    await Promise.all([budget.acquire(), budget.acquire()]);
    // The second waited for the window to reset.
    expect(c.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
  });
});
