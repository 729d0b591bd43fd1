// The simulated Reddit over real loopback HTTP: OAuth, listing semantics, rate budget.
import { afterEach, describe, expect, it } from 'vitest';
import { idValue } from '../ids.ts';
import { seedFromRecordings } from '../recordings.ts';
import { startFakeReddit, type FakeReddit, type FakeRedditOptions } from '../server.ts';
import { get, ids, listing, login, token } from '../test-client.ts';

let fake: FakeReddit | undefined;

async function start(options: FakeRedditOptions = {}): Promise<FakeReddit> {
  fake = await startFakeReddit(options);
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function publishMany(f: FakeReddit, n: number, subreddit = 'testsub'): string[] {
  return f.publish(Array.from({ length: n }, (_, i) => ({ subreddit, title: `post ${i}` }))).map((p) => p.id);
}

describe('token endpoint', () => {
  it('issues a bearer token for the configured client credentials', async () => {
    const f = await start();
    const res = await login(f.url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 86400, scope: '*' });
    expect(typeof body['access_token']).toBe('string');
    expect(f.stats.tokensIssued).toBe(1);
  });

  it('rejects wrong credentials with 401 and Reddit’s JSON body', async () => {
    const f = await start();
    const res = await login(f.url, 'fake-client-id', 'wrong');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized', error: 401 });
    expect(f.stats.tokensIssued).toBe(0);
  });

  it('answers an unsupported grant type with 200 and an error field, as Reddit does', async () => {
    const f = await start();
    const res = await login(f.url, undefined, undefined, 'password');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('rejects an expired token with 401 invalid_token until the client logs in again', async () => {
    const f = await start();
    const t = await token(f.url);
    expect((await get(f.url, '/r/all/new', t)).status).toBe(200);
    f.expireTokens();
    const res = await get(f.url, '/r/all/new', t);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="reddit", error="invalid_token"');
    expect(await res.json()).toEqual({ message: 'Unauthorized', error: 401 });
    expect(f.requests.at(-1)).toMatchObject({ status: 401, auth: 'invalid-bearer', budgetUsed: null });
    expect((await get(f.url, '/r/all/new', await token(f.url))).status).toBe(200);
  });
});

describe('/r/{subs}/new listings', () => {
  it('returns the newest 25 posts newest-first by default, as a full Listing', async () => {
    const f = await start();
    const published = publishMany(f, 30);
    const l = await listing(f.url, '/r/testsub/new', await token(f.url));
    expect(l.kind).toBe('Listing');
    expect(Object.keys(l.data)).toEqual(['after', 'dist', 'modhash', 'geo_filter', 'children', 'before']);
    expect(ids(l)).toEqual(published.slice(5).reverse());
    expect(l.data.dist).toBe(25);
    expect(l.data.after).toBe(`t3_${published[5]}`);
    expect(l.data.before).toBeNull();
    const first = l.data.children[0]?.data ?? {};
    expect(Object.keys(first).length).toBeGreaterThan(100); // the 2026 field set
    expect(first).toMatchObject({
      subreddit: 'testsub',
      subreddit_name_prefixed: 'r/testsub',
      title: 'post 29',
    });
  });

  it('gives fresh posts increasing base-36 ids (with gaps, like a global counter)', async () => {
    const f = await start();
    const published = publishMany(f, 50);
    const values = published.map(idValue);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1] ?? Infinity);
    expect(published.every((id) => /^[0-9a-z]+$/.test(id))).toBe(true);
  });

  it('never reuses an id across fakes in one process (tests share a database)', async () => {
    const first = await startFakeReddit();
    const a = publishMany(first, 5);
    await first.close();
    const f = await start();
    const b = publishMany(f, 5);
    expect(Math.min(...b.map(idValue))).toBeGreaterThan(Math.max(...a.map(idValue)));
  });

  it('filters a+b+c case-insensitively and clamps limit to 100', async () => {
    const f = await start();
    f.publish([
      { subreddit: 'Alpha', title: 'a' },
      { subreddit: 'beta', title: 'b' },
      { subreddit: 'gamma', title: 'c' },
    ]);
    publishMany(f, 120, 'beta');
    const t = await token(f.url);
    const ab = await listing(f.url, '/r/ALPHA+Beta/new?limit=500', t);
    expect(ab.data.children).toHaveLength(100);
    const all = await listing(f.url, '/r/alpha+gamma/new?limit=100', t);
    expect(all.data.children.map((c) => c.data['subreddit'])).toEqual(['gamma', 'Alpha']);
  });

  it('before=t3_x returns the posts immediately newer than x, newest first, up to limit', async () => {
    const f = await start();
    const p = publishMany(f, 20);
    const t = await token(f.url);
    const l = await listing(f.url, `/r/testsub/new?before=t3_${p[9]}&limit=3`, t);
    expect(ids(l)).toEqual([p[12], p[11], p[10]]);
    // More newer posts remain beyond this page, so `before` points at its first child.
    expect(l.data.before).toBe(`t3_${p[12]}`);
    expect(l.data.after).toBeNull();
    const rest = await listing(f.url, `/r/testsub/new?before=t3_${p[16]}&limit=100`, t);
    expect(ids(rest)).toEqual([p[19], p[18], p[17]]);
    expect(rest.data.before).toBeNull(); // as recorded: a caught-up before= poll has both cursors null
    expect((await listing(f.url, `/r/testsub/new?before=t3_${p[19]}`, t)).data.children).toEqual([]);
  });

  it('after=t3_x returns the posts older than x and paging stops at 1000 items', async () => {
    const f = await start();
    const p = publishMany(f, 1100);
    const t = await token(f.url);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const q: string = after === null ? '' : `&after=${after}`;
      const l = await listing(f.url, `/r/testsub/new?limit=100${q}`, t);
      if (after !== null) expect(l.data.before).toBe(l.data.children[0]?.data.name);
      seen.push(...ids(l));
      after = l.data.after;
      pages += 1;
    } while (after !== null && pages < 20);
    expect(seen).toEqual(p.slice(100).reverse());
    // The 1001st newest post is outside the listing: anchoring on it finds nothing.
    const outside = await listing(f.url, `/r/testsub/new?before=t3_${p[99]}`, t);
    expect(outside.data.children).toEqual([]);
  });

  it('returns an empty listing forever once the before= anchor is deleted', async () => {
    const f = await start();
    const p = publishMany(f, 5);
    const t = await token(f.url);
    f.deletePost(p[4] ?? '');
    publishMany(f, 3);
    const l = await listing(f.url, `/r/testsub/new?before=t3_${p[4]}`, t);
    expect(l.data.children).toEqual([]);
    expect(l.data).toMatchObject({ after: null, before: null, dist: 0 });
    // The listing itself still serves the newer posts; only the anchor is gone.
    expect((await listing(f.url, '/r/testsub/new', t)).data.children).toHaveLength(7);
  });

  it('escapes &, <, > in every string unless raw_json=1', async () => {
    const f = await start();
    f.publish([{ subreddit: 'testsub', title: 'Fish & chips <3 > tea', selftext: 'a&b' }]);
    const t = await token(f.url);
    const escaped = await listing(f.url, '/r/testsub/new', t);
    expect(escaped.data.children[0]?.data).toMatchObject({
      title: 'Fish &amp; chips &lt;3 &gt; tea',
      selftext: 'a&amp;b',
    });
    const raw = await listing(f.url, '/r/testsub/new?raw_json=1', t);
    expect(raw.data.children[0]?.data).toMatchObject({ title: 'Fish & chips <3 > tea', selftext: 'a&b' });
  });

  it('serves the recorded posts: before=t3_5jo13y returns exactly the 4 posts praw recorded', async () => {
    const f = await start();
    const added = seedFromRecordings(f.posts, {
      filter: (pg) => pg.path === '/r/all/new' && pg.repo === 'praw-dev/praw',
    });
    expect(added).toBe(104);
    const l = await listing(f.url, '/r/all/new?limit=100&before=t3_5jo13y&raw_json=1', await token(f.url));
    expect(ids(l)).toEqual(['5jo144', '5jo143', '5jo141', '5jo140']);
    expect(Object.keys(l.data.children[0]?.data ?? {})).toHaveLength(53); // every recorded field kept
  });

  it('answers unauthenticated `.json` requests in the public role with its own, lower budget', async () => {
    const f = await start();
    publishMany(f, 2);
    const res = await get(f.url, '/r/testsub/new.json?raw_json=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('99.0');
    expect(f.requests.at(-1)).toMatchObject({ role: 'public', auth: 'none', budgetUsed: 1 });
  });

  it('answers unknown paths with 404 JSON', async () => {
    const f = await start();
    const res = await get(f.url, '/r/testsub/hot', await token(f.url));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found', error: 404 });
  });

  it('rejects generic or missing User-Agents with 403 when requireUserAgent is on', async () => {
    const f = await start({ requireUserAgent: true });
    const res = await fetch(`${f.url}/r/testsub/new.json`); // fetch's default UA is "node"
    expect(res.status).toBe(403);
    expect((await get(f.url, '/r/testsub/new.json')).status).toBe(200);
  });
});

describe('rate budget', () => {
  it('counts down the headers, refuses the 11th request of a 10-request window with 429 and retry-after', async () => {
    const f = await start({ rateLimit: { windowRequests: 10, windowSeconds: 1 } });
    const t = await token(f.url);
    for (let i = 1; i <= 10; i++) {
      const res = await get(f.url, '/r/all/new', t);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-used')).toBe(String(i));
      expect(res.headers.get('x-ratelimit-remaining')).toBe(`${10 - i}.0`);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(1);
    }
    const refused = await get(f.url, '/r/all/new', t);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(1);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0.0');
    expect(await refused.text()).toContain('whoa there, pardner!');
    expect(f.stats.overBudget).toBe(1);
    expect(f.requests.filter((r) => r.overBudget)).toHaveLength(1);
    expect(f.requests.at(-1)).toMatchObject({
      overBudget: true,
      status: 429,
      budgetUsed: 10,
      budgetRemaining: 0,
    });

    // A new window opens once the reset time has passed.
    await new Promise((r) => setTimeout(r, 1050));
    const again = await get(f.url, '/r/all/new', t);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-used')).toBe('1');
  });

  it('keeps the token endpoint out of the API budget', async () => {
    const f = await start({ rateLimit: { windowRequests: 1, windowSeconds: 60 } });
    await token(f.url);
    const t = await token(f.url);
    expect((await get(f.url, '/r/all/new', t)).status).toBe(200);
    expect((await get(f.url, '/r/all/new', t)).status).toBe(429);
    expect(f.stats).toMatchObject({ tokensIssued: 2, overBudget: 1, requests: 4 });
  });
});
