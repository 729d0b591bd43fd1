// Pure helpers, table-tested: CSV quoting, series ranges, cursors, ETag matching, sorting, config.
import { DataVersions } from '../data-versions.ts';
import { SubredditFigures } from '../subreddit-figures.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../runtime/config-error.ts';
import { loadApiConfig } from '../config.ts';
import { csvField, toCsv } from '../csv.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { AppError } from '../middleware/errors.ts';
import { noneMatch } from '../middleware/etag.ts';
import { sortSummaries } from '../routes/subreddits.ts';
import { fillSeries, seriesRange } from '../series-range.ts';
import type { SubredditSummary } from '../schemas.ts';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1+1', `"'-1+1"`],
    ['', ''],
  ])('quotes %j as %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });

  it('writes numbers, nulls and dates, with CRLF line ends', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: 1.5, b: null, c: new Date(0) }])).toBe(
      'a,b,c\r\n1.5,,1970-01-01T00:00:00.000Z\r\n',
    );
  });

  it('round-trips any text through an RFC 4180 parser', () => {
    const parse = (line: string) => {
      // Minimal RFC 4180 field parser for one record.
      const out: string[] = [];
      let i = 0;
      while (i <= line.length) {
        if (line[i] === '"') {
          let value = '';
          i++;
          while (i < line.length) {
            if (line[i] === '"' && line[i + 1] === '"') {
              value += '"';
              i += 2;
            } else if (line[i] === '"') {
              break;
            } else {
              value += line[i++];
            }
          }
          out.push(value);
          i += 2;
        } else {
          const end = line.indexOf(',', i);
          out.push(line.slice(i, end === -1 ? line.length : end));
          i = end === -1 ? line.length + 1 : end + 1;
        }
      }
      return out;
    };
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const [x, y] = parse(`${csvField(a)},${csvField(b)}`);
        const unformula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        expect([x, y]).toEqual([unformula(a), unformula(b)]);
      }),
    );
  });
});

describe('seriesRange', () => {
  const now = Date.parse('2026-11-27T05:43:21Z');
  it('defaults to the last 7 days of hours, ending with the current hour', () => {
    const r = seriesRange('hour', undefined, undefined, now);
    expect([r.from.toISOString(), r.to.toISOString(), r.points]).toEqual([
      '2026-11-20T06:00:00.000Z',
      '2026-11-27T06:00:00.000Z',
      168,
    ]);
  });
  it('defaults to the last 30 days of days', () => {
    const r = seriesRange('day', undefined, undefined, now);
    expect([r.from.toISOString(), r.to.toISOString(), r.points]).toEqual([
      '2026-10-29T00:00:00.000Z',
      '2026-11-28T00:00:00.000Z',
      30,
    ]);
  });
  it('aligns outwards and reads dates as UTC midnight', () => {
    const r = seriesRange('hour', '2026-11-01', '2026-11-01T02:00:01+01:00', now);
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-01T02:00:00.000Z',
    ]);
  });
  it.each([
    ['hour', '2026-01-02', '2026-01-01'],
    ['hour', '2026-01-01', '2026-01-01'],
    ['hour', '2026-01-01', '2026-04-02'],
    ['day', '2020-01-01', '2025-02-01'],
    ['day', '1960-01-01', '1960-02-01'],
  ] as const)('refuses %s from %s to %s with a 400', (bucket, from, to) => {
    expect(() => seriesRange(bucket, from, to, now)).toThrow(AppError);
  });
  it('accepts exactly 90 days of hours', () => {
    expect(seriesRange('hour', '2026-01-01', '2026-04-01', now).points).toBe(90 * 24);
  });
});

describe('fillSeries', () => {
  it('gives every bucket of the range, empty ones explicit, rows where the cagg has them', () => {
    const range = seriesRange('hour', '2026-01-01T00:00:00Z', '2026-01-01T03:00:00Z');
    const rows = [{ bucket: new Date('2026-01-01T01:00:00Z'), post_count: 2, seriousness_mean: 0.25 }];
    expect(fillSeries(range, rows)).toEqual([
      { bucket: '2026-01-01T00:00:00.000Z', postCount: 0, seriousnessMean: null },
      { bucket: '2026-01-01T01:00:00.000Z', postCount: 2, seriousnessMean: 0.25 },
      { bucket: '2026-01-01T02:00:00.000Z', postCount: 0, seriousnessMean: null },
    ]);
  });
});

describe('cursor', () => {
  it('round-trips and rejects what it did not issue', () => {
    const c = { createdAt: new Date('2026-11-27T01:02:03.456Z'), id: 'abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of [
      '',
      'abc',
      Buffer.from('{"t":1,"i":"a"}').toString('base64url'),
      Buffer.from('{"t":"2026-01-01T00:00:00Z","i":"A B","x":1}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(AppError);
    }
  });
});

describe('If-None-Match', () => {
  it.each([
    ['W/"a"', 'W/"a"', true],
    ['"a"', 'W/"a"', true],
    ['"b", W/"a"', 'W/"a"', true],
    ['*', 'W/"a"', true],
    ['"b"', 'W/"a"', false],
    ['', 'W/"a"', false],
  ])('%j against %j → %s', (header, etag, match) => {
    expect(noneMatch(header, etag)).toBe(match);
  });
});

describe('sortSummaries', () => {
  const s = (name: string, mean: number, trend: number | null): SubredditSummary => ({
    name,
    postCount: 1,
    seriousnessMean: mean,
    firstDay: '',
    lastDay: '',
    postCount24h: 0,
    seriousnessMean24h: null,
    seriousnessMeanPrev24h: null,
    trend,
  });
  it('breaks ties by name and puts null trends last in both orders', () => {
    const list = [s('b', 0.5, null), s('a', 0.5, 0.1), s('c', 0.2, -0.1)];
    expect(sortSummaries(list, 'score', 'desc').map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(sortSummaries(list, 'trend', 'desc').map((x) => x.name)).toEqual(['a', 'c', 'b']);
    expect(sortSummaries(list, 'trend', 'asc').map((x) => x.name)).toEqual(['c', 'a', 'b']);
  });
});

describe('loadApiConfig', () => {
  it('has defaults for everything', () => {
    expect(loadApiConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      corsOrigins: '*',
      cache: true,
      trustProxy: false,
      metrics: true,
    });
  });
  it('refuses a bind address that is not an address or a host name', () => {
    expect(() => loadApiConfig({ API_HOST: 'http://0.0.0.0' })).toThrow(
      /API_HOST: must be an IP address or host name/,
    );
    expect(loadApiConfig({ API_HOST: '::' }).host).toBe('::');
  });
  it('reads a list of CORS origins', () => {
    expect(loadApiConfig({ API_CORS_ORIGINS: 'http://a.test:3000, https://b.test' }).corsOrigins).toEqual([
      'http://a.test:3000',
      'https://b.test',
    ]);
  });
  it('names the variable when a value is bad', () => {
    expect(() => loadApiConfig({ API_CORS_ORIGINS: 'not an origin' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ API_CACHE: 'sometimes' })).toThrow(/API_CACHE/);
  });
});

describe('DataVersions', () => {
  it("advances a subreddit's version on its changes and on everything's, not on others'", () => {
    const versions = new DataVersions();
    expect(versions.of('AskReddit')).toBe(0);
    versions.changed({ kind: 'posts', subreddits: ['AskReddit'] });
    const ask = versions.of('askreddit');
    expect(ask).toBe(1);
    versions.changed({ kind: 'scores', subreddits: ['news'], added: [] });
    expect(versions.of('AskReddit')).toBe(ask);
    expect(versions.of('news')).toBe(2);
    versions.changed({ kind: 'everything' });
    expect(versions.everythingAt).toBe(3);
    expect(versions.of('AskReddit')).toBe(3);
    expect(versions.of('never-seen')).toBe(3);
  });
});

describe('SubredditFigures', () => {
  const H = Date.UTC(2026, 11, 7, 12);
  const HOUR = 3_600_000;
  const row = (subreddit: string, count: number, sum: number) => ({
    subreddit,
    post_count: count,
    seriousness_mean: sum / count,
    seriousness_sum: sum,
    first_day: new Date(Date.UTC(2026, 11, 1)),
    last_day: new Date(Date.UTC(2026, 11, 7)),
    post_count_24h: 2,
    seriousness_mean_24h: 0.5,
    seriousness_sum_24h: 1,
    post_count_prev_24h: 0,
    seriousness_mean_prev_24h: null,
    seriousness_sum_prev_24h: 0,
  });

  it('adds announced scores of its model to the totals and to the right 24-hour window', () => {
    const figures = new SubredditFigures('m1', H, [row('AskReddit', 4, 2)]);
    const before = figures.summaries;
    expect(figures.summaries).toBe(before); // the same object until something is added
    const shown = { inHourly: true, inAllTime: true };
    figures.add([
      { modelVersion: 'm1', subreddit: 'AskReddit', hourMs: H - 23 * HOUR, count: 2, sum: 1.5, ...shown },
      { modelVersion: 'm1', subreddit: 'AskReddit', hourMs: H - 30 * HOUR, count: 1, sum: 0.25, ...shown },
      { modelVersion: 'm2', subreddit: 'AskReddit', hourMs: H, count: 100, sum: 100, ...shown },
      { modelVersion: 'm1', subreddit: 'news', hourMs: H + 2 * HOUR, count: 1, sum: 0.75, ...shown },
      // Behind the hourly watermark: in no figure until a refresh; behind the daily one: windows only.
      {
        modelVersion: 'm1',
        subreddit: 'AskReddit',
        hourMs: H - 3 * HOUR,
        count: 9,
        sum: 9,
        inHourly: false,
        inAllTime: false,
      },
      {
        modelVersion: 'm1',
        subreddit: 'AskReddit',
        hourMs: H - 2 * HOUR,
        count: 1,
        sum: 1,
        inHourly: true,
        inAllTime: false,
      },
    ]);
    const { list, byName } = figures.summaries;
    expect(list.map((s) => s.name)).toEqual(['AskReddit', 'news']);
    expect(byName.get('askreddit')).toMatchObject({
      postCount: 7,
      seriousnessMean: 3.75 / 7,
      postCount24h: 5,
      seriousnessMean24h: 3.5 / 5,
      seriousnessMeanPrev24h: 0.25,
      trend: 3.5 / 5 - 0.25,
    });
    // A new subreddit; a bucket after the current hour is in no window (as in the SQL).
    expect(byName.get('news')).toMatchObject({
      postCount: 1,
      seriousnessMean: 0.75,
      postCount24h: 0,
      seriousnessMean24h: null,
      firstDay: '2026-12-07T00:00:00.000Z',
      lastDay: '2026-12-07T00:00:00.000Z',
    });
  });
});
