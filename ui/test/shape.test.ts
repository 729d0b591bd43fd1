// Table-driven tests of the pure data shaping behind the dashboard.
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  extremes,
  histogram,
  hoursIn,
  nearestIndex,
  overviewSearch,
  parseOverviewState,
  parseSubredditState,
  pipelineHealth,
  segments,
  sparklinePath,
  subredditSearch,
  toChartPoints,
  toCsv,
  formatSeconds,
  formatTrend,
} from '../src/lib/shape.ts';
import type { StatusResponse, SubredditSummary } from '../src/lib/types.ts';

const NOW = Date.parse('2026-11-27T06:30:00Z');
const END = Date.parse('2026-11-27T07:00:00Z');

describe('overview URL state', () => {
  it.each([
    ['', { q: '', sort: 'score', order: 'desc' }, ''],
    ['?q=ask', { q: 'ask', sort: 'score', order: 'desc' }, '?q=ask'],
    ['?q=r/Ask', { q: 'Ask', sort: 'score', order: 'desc' }, '?q=Ask'],
    ['?q=drop;table', { q: '', sort: 'score', order: 'desc' }, ''],
    ['?sort=posts', { q: '', sort: 'posts', order: 'desc' }, '?sort=posts'],
    ['?sort=name', { q: '', sort: 'name', order: 'asc' }, '?sort=name'],
    ['?sort=trend&order=asc', { q: '', sort: 'trend', order: 'asc' }, '?sort=trend&order=asc'],
    ['?sort=bogus&order=sideways', { q: '', sort: 'score', order: 'desc' }, ''],
  ])('%s → %o → %s', (search, state, back) => {
    const parsed = parseOverviewState(new URLSearchParams(search));
    expect(parsed).toEqual(state);
    expect(overviewSearch(parsed)).toBe(back);
  });
});

describe('subreddit URL state', () => {
  it.each([
    ['', '7d', END - 7 * DAY_MS, END, [], 168, ''],
    ['?range=24h', '24h', END - DAY_MS, END, [], 24, '?range=24h'],
    ['?range=30d', '30d', END - 30 * DAY_MS, END, [], 720, '?range=30d'],
    ['?range=weird', '7d', END - 7 * DAY_MS, END, [], 168, ''],
    [
      '?range=custom&from=2026-11-01&to=2026-11-02',
      'custom',
      Date.parse('2026-11-01T00:00:00Z'),
      Date.parse('2026-11-03T00:00:00Z'),
      [],
      48,
      '?range=custom&from=2026-11-01&to=2026-11-02',
    ],
    // A reversed or malformed custom range falls back to the default rather than erroring.
    ['?range=custom&from=2026-11-05&to=2026-11-02', '7d', END - 7 * DAY_MS, END, [], 168, ''],
    ['?range=custom&from=yesterday', '7d', END - 7 * DAY_MS, END, [], 168, ''],
    // Custom ranges are capped at the API's 90 days of hours.
    [
      '?range=custom&from=2025-01-01&to=2026-01-01',
      'custom',
      Date.parse('2025-01-01T00:00:00Z'),
      Date.parse('2025-01-01T00:00:00Z') + 90 * DAY_MS,
      [],
      2160,
      '?range=custom&from=2025-01-01&to=2025-03-31',
    ],
    // Compare: valid, distinct, not the page's own subreddit, at most three others.
    [
      '?compare=funny,Jokes,jokes,bad!,a,worldnews,news,more',
      '7d',
      END - 7 * DAY_MS,
      END,
      ['funny', 'worldnews', 'news'],
      168,
      '?compare=funny,worldnews,news',
    ],
  ])('%s', (search, range, from, to, compare, hours, back) => {
    const state = parseSubredditState(new URLSearchParams(search), 'Jokes', NOW);
    expect(state).toEqual({ range, from, to, compare });
    expect(hoursIn(state)).toBe(hours);
    expect(subredditSearch(state)).toBe(back);
  });
});

describe('chart rows', () => {
  const points = toChartPoints([
    { bucket: '2026-11-27T00:00:00.000Z', postCount: 2, seriousnessMean: 0.5 },
    { bucket: '2026-11-27T01:00:00.000Z', postCount: 0, seriousnessMean: null },
    { bucket: '2026-11-27T02:00:00.000Z', postCount: 1, seriousnessMean: 1 },
    { bucket: '2026-11-27T03:00:00.000Z', postCount: 3, seriousnessMean: 0 },
  ]);
  const t0 = Date.parse('2026-11-27T00:00:00Z');

  it('keeps one row per bucket, empty ones included', () => {
    expect(points.map((p) => [p.t - t0, p.count, p.mean])).toEqual([
      [0, 2, 0.5],
      [HOUR_MS, 0, null],
      [2 * HOUR_MS, 1, 1],
      [3 * HOUR_MS, 3, 0],
    ]);
  });

  it.each([
    [[], []],
    [
      [0.5, null, 1, 0],
      [[0.5], [1, 0]],
    ],
    [[null, null], []],
    [[0.1, 0.2], [[0.1, 0.2]]],
  ])('segments of %j break at empty hours', (means, runs) => {
    const rows = means.map((mean, i) => ({ t: i, count: 1, mean }));
    expect(segments(rows).map((run) => run.map((p) => p.mean))).toEqual(runs);
  });

  it.each([
    [t0 - HOUR_MS, 0],
    [t0 + 0.4 * HOUR_MS, 0],
    [t0 + 0.6 * HOUR_MS, 1],
    [t0 + 10 * HOUR_MS, 3],
  ])('nearest point to %d is #%d', (t, index) => {
    expect(nearestIndex(points, t)).toBe(index);
  });

  it('nearest of nothing is -1', () => {
    expect(nearestIndex([], 5)).toBe(-1);
  });

  it.each([
    [[], ''],
    [
      [
        { t: 0, count: 1, mean: 1 },
        { t: 10, count: 1, mean: 0 },
      ],
      'M0,0L100,24',
    ],
    [
      [
        { t: 0, count: 1, mean: 0.5 },
        { t: 5, count: 0, mean: null },
        { t: 10, count: 1, mean: 0 },
      ],
      'M-0.5,12h1M99.5,24h1',
    ],
  ])('sparkline of %j', (rows, path) => {
    expect(sparklinePath(rows)).toBe(path);
  });
});

describe('histogram', () => {
  it.each([
    [[], 4, [0, 0, 0, 0]],
    [[0, 0.24, 0.25, 0.5, 0.99, 1], 4, [2, 1, 1, 2]],
    [[null, 0.3, Number.NaN], 2, [1, 0]],
  ])('%j in %d bins', (values, bins, counts) => {
    const out = histogram(values, bins);
    expect(out.map((b) => b.count)).toEqual(counts);
    expect(out[0]?.x0).toBe(0);
    expect(out.at(-1)?.x1).toBe(1);
  });
});

describe('extremes', () => {
  const s = (name: string, mean: number): SubredditSummary => ({
    name,
    seriousnessMean: mean,
    postCount: 1,
    firstDay: '',
    lastDay: '',
    postCount24h: 0,
    seriousnessMean24h: null,
    seriousnessMeanPrev24h: null,
    trend: null,
  });
  it.each([
    [[], 3, [], []],
    [[s('a', 0.5)], 3, ['a'], []],
    [[s('a', 0.9), s('b', 0.1), s('c', 0.5)], 3, ['a', 'c'], ['b']],
    [[s('a', 0.9), s('b', 0.1), s('c', 0.5), s('d', 0.2), s('e', 0.8)], 2, ['a', 'e'], ['b', 'd']],
  ])('%#: most and least serious without overlap', (items, n, most, least) => {
    const out = extremes(items, n);
    expect(out.most.map((x) => x.name)).toEqual(most);
    expect(out.least.map((x) => x.name)).toEqual(least);
  });
});

describe('pipeline health', () => {
  const listing = {
    listing: '/r/all/new',
    mode: 'oauth',
    lastPollAt: '2026-11-27T06:29:59.000Z',
    lastSuccessAt: '2026-11-27T06:29:59.000Z',
    lagSeconds: 2,
    secondsSinceSuccess: 1,
    postsPerMinute: 120,
    rateRemaining: 900,
    rateResetAt: null,
    lastError: null,
    lastErrorAt: null,
    consecutiveErrors: 0,
    postsTotal: 10,
    errorsTotal: 0,
    gapsTotal: 0,
  };
  const status = (over: Partial<StatusResponse> = {}): StatusResponse => ({
    servedModel: 'v1',
    models: { active: 'v1', activeSince: null, rescoring: null },
    ingest: [listing],
    scorer: { scoredLastMinute: 100, lagP50Seconds: 1, lagMaxSeconds: 2 },
    queue: null,
    ...over,
  });
  it.each([
    ['healthy', status(), []],
    ['no status', null, ['error']],
    [
      'Reddit failing for a minute',
      status({
        ingest: [{ ...listing, consecutiveErrors: 5, secondsSinceSuccess: 60, lastError: 'ECONNREFUSED' }],
      }),
      ['error'],
    ],
    // One failed poll is a blip, not an outage.
    [
      'one failed poll',
      status({ ingest: [{ ...listing, consecutiveErrors: 1, secondsSinceSuccess: 2 }] }),
      [],
    ],
    [
      're-scoring',
      status({
        models: {
          active: 'v1',
          activeSince: null,
          rescoring: { version: 'v2', startedAt: null, done: 5, total: 10 },
        },
      }),
      ['info'],
    ],
    ['no model', status({ servedModel: null }), ['info']],
  ])('%s → banners %j', (_, input, kinds) => {
    expect(pipelineHealth(input).banners.map((b) => b.kind)).toEqual(kinds);
  });

  it('sums rates and takes the smallest lag and budget over listings', () => {
    const h = pipelineHealth(
      status({
        ingest: [
          listing,
          {
            ...listing,
            postsPerMinute: 30,
            lagSeconds: 9,
            rateRemaining: 50,
            lastPollAt: '2026-11-27T06:30:00.000Z',
          },
        ],
      }),
    );
    expect(h).toMatchObject({
      postsPerMinute: 150,
      lagSeconds: 2,
      rateRemaining: 50,
      lastPollAt: '2026-11-27T06:30:00.000Z',
    });
  });

  it('says re-scoring progress in percent', () => {
    const h = pipelineHealth(
      status({
        models: {
          active: 'v1',
          activeSince: null,
          rescoring: { version: 'v2', startedAt: null, done: 1, total: 3 },
        },
      }),
    );
    expect(h.banners[0]?.text).toContain('(33 %)');
  });
});

describe('formatting', () => {
  it.each([
    [null, '–'],
    [0.1, '▲ 0.10'],
    [-0.2, '▼ 0.20'],
    [0.001, '≈ 0.00'],
  ])('trend %s → %s', (v, text) => expect(formatTrend(v)).toBe(text));
  it.each([
    [null, '–'],
    [4.4, '4 s'],
    [90, '2 min'],
    [7200, '2 h'],
    [3 * 86_400, '3 d'],
  ])('seconds %s → %s', (v, text) => expect(formatSeconds(v)).toBe(text));
});

describe('CSV', () => {
  it.each([
    [[['a', 1, null]], 'h1,h2,h3\r\na,1,\r\n'],
    [[['say "hi", ok', 0.5, 2]], 'h1,h2,h3\r\n"say ""hi"", ok",0.5,2\r\n'],
    [[['=cmd()', '+1', '-x']], "h1,h2,h3\r\n'=cmd(),'+1,'-x\r\n"],
    [[['line\nbreak', -1, 0]], 'h1,h2,h3\r\n"line\nbreak",-1,0\r\n'],
  ])('%j', (rows, csv) => {
    expect(toCsv(['h1', 'h2', 'h3'], rows)).toBe(csv);
  });
});
