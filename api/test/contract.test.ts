// Contract tests of the REST API's data routes over real data in the embedded engine, through real
// HTTP: shapes (parsed with the same zod schemas the OpenAPI document comes from), empty hours,
// ranges, sorting, pagination, CSV, ETag/304, and the 400/404 bodies.
import { describe, expect, it } from 'vitest';
import { PostsResponse, SubredditResponse, SubredditsResponse } from '../schemas.ts';
import { data, db, expectError, get, json, setUpContractApi } from './contract-fixture.ts';
import { ACTIVE, H } from './harness.ts';

const HOUR = 3600_000;

setUpContractApi();

describe('GET /subreddits', () => {
  it('lists every subreddit scored by the served model, with all-time, 24 h and trend figures', async () => {
    const body = await json('/subreddits', SubredditsResponse);
    expect(body.modelVersion).toBe(ACTIVE);
    expect(body.total).toBe(3);
    expect(body.items.map((s) => s.name)).toEqual(['AskScience', 'worldnews', 'Jokes']); // score desc
    const ask = body.items[0]!;
    expect(ask.postCount).toBe(78); // the unscored post and the old model's scores do not count
    expect(ask.seriousnessMean).toBeCloseTo((44 * 0.8 + 34 * 0.6) / 78, 10);
    expect(ask.postCount24h).toBe(44);
    expect(ask.seriousnessMean24h).toBeCloseTo(0.8, 10);
    expect(ask.seriousnessMeanPrev24h).toBeCloseTo(0.6, 10);
    expect(ask.trend).toBeCloseTo(0.2, 10);
    const jokes = body.items[2]!;
    expect(jokes.trend).toBeNull(); // nothing in the previous 24 h
    const world = body.items[1]!;
    expect([world.postCount24h, world.seriousnessMean24h, world.trend]).toEqual([0, null, null]);
  });

  it('sorts by name, posts and trend in either order, null trends last, ties by name', async () => {
    const names = async (query: string) =>
      (await json(`/subreddits?${query}`, SubredditsResponse)).items.map((s) => s.name);
    expect(await names('sort=name')).toEqual(['AskScience', 'Jokes', 'worldnews']);
    expect(await names('sort=name&order=desc')).toEqual(['worldnews', 'Jokes', 'AskScience']);
    expect(await names('sort=posts')).toEqual(['AskScience', 'Jokes', 'worldnews']);
    expect(await names('sort=posts&order=asc')).toEqual(['worldnews', 'Jokes', 'AskScience']);
    expect(await names('sort=trend')).toEqual(['AskScience', 'Jokes', 'worldnews']);
    expect(await names('sort=trend&order=asc')).toEqual(['AskScience', 'Jokes', 'worldnews']);
    expect(await names('sort=score&order=asc')).toEqual(['Jokes', 'worldnews', 'AskScience']);
  });

  it('searches names case-insensitively with q', async () => {
    const body = await json('/subreddits?q=SCIEN', SubredditsResponse);
    expect(body.items.map((s) => s.name)).toEqual(['AskScience']);
    expect(body.total).toBe(1);
    expect((await json('/subreddits?q=zzz', SubredditsResponse)).items).toEqual([]);
  });

  it('pages with limit/offset without losing or repeating a subreddit', async () => {
    const all = (await json('/subreddits?sort=name', SubredditsResponse)).items.map((s) => s.name);
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: { items: { name: string }[]; nextOffset: number | null } = await json(
        `/subreddits?sort=name&limit=2&offset=${offset}`,
        SubredditsResponse,
      );
      seen.push(...page.items.map((s) => s.name));
      offset = page.nextOffset;
    }
    expect(seen).toEqual(all);
    const beyond = await json('/subreddits?offset=50', SubredditsResponse);
    expect([beyond.items, beyond.nextOffset, beyond.total]).toEqual([[], null, 3]);
  });

  it('answers CSV for ?format=csv and for Accept: text/csv, quoting per RFC 4180', async () => {
    for (const [path, headers] of [
      ['/subreddits?format=csv&sort=name', {}],
      ['/subreddits?sort=name', { Accept: 'text/csv' }],
    ] as const) {
      const res = await get(path, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await res.text()).split('\r\n');
      expect(lines[0]).toBe(
        'name,postCount,seriousnessMean,postCount24h,seriousnessMean24h,seriousnessMeanPrev24h,trend,firstDay,lastDay',
      );
      expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['AskScience', 'Jokes', 'worldnews']);
      expect(lines[3]).toMatch(/^worldnews,5,0\.5,0,,,,/);
      expect(lines.at(-1)).toBe('');
    }
  });

  it('answers 304 to an unchanged ETag, and a new ETag once the data changes', async () => {
    const first = await get('/subreddits');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=5');
    const again = await get('/subreddits', { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get('/subreddits?sort=name', { 'If-None-Match': etag! });
    expect(other.status).toBe(200);
  });

  it('returns 400 with a JSON body naming the field for bad query values', async () => {
    const body = await expectError('/subreddits?limit=0', 400, 'invalid_request');
    expect(body.error.message).toContain('limit');
    await expectError('/subreddits?sort=popularity', 400, 'invalid_request');
    await expectError('/subreddits?order=up', 400, 'invalid_request');
    await expectError('/subreddits?q=no%20spaces', 400, 'invalid_request');
    await expectError('/subreddits?limit=1&limit=2', 400, 'invalid_request');
    await expectError('/subreddits?format=xml', 400, 'invalid_request');
  });
});

describe('GET /subreddit/:name', () => {
  it('answers a name in any case with the canonical spelling, all-time figures, series and posts', async () => {
    const body = await json('/subreddit/askSCIENCE', SubredditResponse);
    expect(body.name).toBe('AskScience');
    expect(body.modelVersion).toBe(ACTIVE);
    expect(body.allTime.postCount).toBe(78);
    expect(body.series.bucket).toBe('hour');
    expect(body.posts.items).toHaveLength(25);
  });

  it('gives one point per hour for the last week by default, empty hours explicit', async () => {
    const { series } = await json('/subreddit/AskScience', SubredditResponse);
    expect(series.points).toHaveLength(168);
    expect(Date.parse(series.to)).toBe(H + HOUR); // the current hour is the last point
    expect(Date.parse(series.from)).toBe(H + HOUR - 168 * HOUR);
    series.points.forEach((p, i) => expect(Date.parse(p.bucket)).toBe(Date.parse(series.from) + i * HOUR));
    const at = (t: number) => series.points.find((p) => Date.parse(p.bucket) === t)!;
    expect(at(data.emptyHour)).toEqual({
      bucket: new Date(data.emptyHour).toISOString(),
      postCount: 0,
      seriousnessMean: null,
    });
    expect(at(H - HOUR).postCount).toBe(2);
    expect(at(H - HOUR).seriousnessMean).toBeCloseTo(0.8, 10);
    expect(at(H - 30 * HOUR).seriousnessMean).toBeCloseTo(0.6, 10);
    expect(at(H - 100 * HOUR)).toMatchObject({ postCount: 0, seriousnessMean: null });
    expect(series.points.reduce((sum, p) => sum + p.postCount, 0)).toBe(78);
  });

  it('takes another range with from/to, aligned outwards to whole buckets', async () => {
    const from = new Date(H - 48 * HOUR + 15 * 60_000).toISOString();
    const to = new Date(H - 24 * HOUR - 15 * 60_000).toISOString();
    const { series } = await json(`/subreddit/AskScience?from=${from}&to=${to}`, SubredditResponse);
    expect(Date.parse(series.from)).toBe(H - 48 * HOUR);
    expect(Date.parse(series.to)).toBe(H - 24 * HOUR);
    expect(series.points).toHaveLength(24);
  });

  it('gives daily points with bucket=day, summing to the same posts', async () => {
    const { series } = await json('/subreddit/AskScience?bucket=day', SubredditResponse);
    expect(series.points).toHaveLength(30);
    series.points.forEach((p) => expect(new Date(p.bucket).getUTCHours()).toBe(0));
    expect(series.points.reduce((sum, p) => sum + p.postCount, 0)).toBe(78);
    const world = await json(
      '/subreddit/worldnews?bucket=day&from=2000-01-01&to=2000-01-03',
      SubredditResponse,
    );
    expect(world.series.points).toEqual([
      { bucket: '2000-01-01T00:00:00.000Z', postCount: 0, seriousnessMean: null },
      { bucket: '2000-01-02T00:00:00.000Z', postCount: 0, seriousnessMean: null },
    ]);
  });

  it('refuses reversed and over-long ranges with 400', async () => {
    await expectError('/subreddit/AskScience?from=2026-01-02&to=2026-01-01', 400, 'invalid_request');
    await expectError('/subreddit/AskScience?from=2020-01-01&to=2021-01-01', 400, 'invalid_request');
    await json('/subreddit/AskScience?bucket=day&from=2020-01-01&to=2021-01-01', SubredditResponse);
    await expectError(
      '/subreddit/AskScience?bucket=day&from=2000-01-01&to=2021-01-01',
      400,
      'invalid_request',
    );
    await expectError('/subreddit/AskScience?from=yesterday', 400, 'invalid_request');
    await expectError('/subreddit/AskScience?bucket=week', 400, 'invalid_request');
  });

  it('lists posts newest first with their score by the served model (null while unscored)', async () => {
    const { posts } = await json('/subreddit/AskScience?limit=3', SubredditResponse);
    expect(posts.items.map((p) => p.id)).toEqual(data.askPosts.slice(0, 3).map((p) => p.id));
    expect(posts.items[0]!.seriousness).toBeNull();
    expect(posts.items[1]!.seriousness).toBeCloseTo(0.8, 10);
    expect(posts.items[1]).toMatchObject({ author: 'tester', score: 1, numComments: 0 });
    expect(posts.nextCursor).toEqual(expect.any(String));
  });

  it('pages through every post with the cursor, each exactly once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let first = true;
    while (first || cursor) {
      const path: string = first
        ? '/subreddit/askscience/posts?limit=7'
        : `/subreddit/askscience/posts?limit=7&cursor=${cursor}`;
      const page = await json(path, PostsResponse);
      first = false;
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(data.askPosts.map((p) => p.id));
  });

  it('keeps a page stable when newer posts arrive (keyset cursor)', async () => {
    const page1 = await json('/subreddit/Jokes/posts?limit=4', PostsResponse);
    const page2 = await json(`/subreddit/Jokes/posts?limit=4&cursor=${page1.nextCursor}`, PostsResponse);
    const { insertPosts } = await import('../../test/fixtures.ts');
    await insertPosts(db, [
      { id: 'zzzz1', createdAt: new Date(Date.now() - 500), subreddit: 'Jokes', title: 'new' },
    ]);
    const again = await json(`/subreddit/Jokes/posts?limit=4&cursor=${page1.nextCursor}`, PostsResponse);
    expect(again.items).toEqual(page2.items);
    const fresh = await json('/subreddit/Jokes/posts?limit=4', PostsResponse);
    expect(fresh.items[0]!.id).toBe('zzzz1');
  });

  it('answers the series as CSV', async () => {
    const res = await get(
      '/subreddit/AskScience?format=csv&from=2000-01-01T00:00:00Z&to=2000-01-01T02:00:00Z',
    );
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toBe(
      'bucket,postCount,seriousnessMean\r\n2000-01-01T00:00:00.000Z,0,\r\n2000-01-01T01:00:00.000Z,0,\r\n',
    );
    const posts = await get('/subreddit/AskScience/posts?limit=2', { Accept: 'text/csv' });
    const lines = (await posts.text()).split('\r\n');
    expect(lines[0]).toBe('id,createdAt,title,author,permalink,url,score,numComments,seriousness');
    expect(lines[2]).toContain('"Post ');
    expect(lines[2]).toContain('""quoted"", with a comma"');
  });

  it('answers 304 to an unchanged ETag', async () => {
    const first = await get('/subreddit/AskScience?from=2026-01-01&to=2026-01-02');
    const again = await get('/subreddit/AskScience?from=2026-01-01&to=2026-01-02', {
      'If-None-Match': first.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
  });

  it('returns 400, not 404 or 500, when the name is not a valid subreddit name', async () => {
    for (const name of ['a', 'x'.repeat(22), 'bad-name', 'r%2Fpics', '%F0%9F%92%A9', 'no%20space']) {
      const body = await expectError(`/subreddit/${name}`, 400, 'invalid_request');
      expect(body.error.message).toMatch(/subreddit name/);
    }
  });

  it('returns 404, not 500, when the subreddit is unknown (or only scored by another model)', async () => {
    await expectError('/subreddit/nosuchsubreddit', 404, 'not_found');
    await expectError('/subreddit/OnlyOld', 404, 'not_found');
    await expectError('/subreddit/nosuchsubreddit/posts', 404, 'not_found');
  });

  it('returns 400 for a cursor it did not issue', async () => {
    await expectError('/subreddit/AskScience?cursor=abc', 400, 'invalid_request');
    const forged = Buffer.from(JSON.stringify({ t: 'x', i: 'y' })).toString('base64url');
    await expectError(`/subreddit/AskScience/posts?cursor=${forged}`, 400, 'invalid_request');
    await expectError('/subreddit/AskScience/posts?limit=101', 400, 'invalid_request');
  });
});
