// Scripted faults: each kind, FIFO consumption, and that the request after a fault is served normally.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeReddit, type FakeReddit } from '../server.ts';
import { get, ids, listing, login, token } from '../test-client.ts';

let fake: FakeReddit;
let t: string;

beforeEach(async () => {
  fake = await startFakeReddit();
  fake.publish(Array.from({ length: 6 }, (_, i) => ({ subreddit: 'testsub', title: `post ${i}` })));
  t = await token(fake.url);
});

afterEach(async () => {
  await fake.close();
});

const PATH = '/r/testsub/new?limit=100&raw_json=1';

describe('status faults', () => {
  it.each([500, 502, 503, 504, 520, 522] as const)(
    '%i comes back with an empty body and no rate-limit headers, then the next poll is served',
    async (status) => {
      fake.injectFaults([{ kind: 'status', status }]);
      const res = await get(fake.url, PATH, t);
      expect(res.status).toBe(status);
      expect(await res.text()).toBe('');
      expect(res.headers.get('x-ratelimit-remaining')).toBeNull();
      expect(fake.requests.at(-1)).toMatchObject({ fault: 'status', budgetUsed: null, overBudget: false });
      expect(ids(await listing(fake.url, PATH, t))).toHaveLength(6);
    },
  );

  it('429 carries the given retry-after and Reddit’s HTML page', async () => {
    fake.injectFaults([{ kind: 'status', status: 429, retryAfter: 4 }]);
    const res = await get(fake.url, PATH, t);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('4');
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await res.text()).toContain('whoa there, pardner!');
    expect(fake.stats.overBudget).toBe(0); // scripted, not a budget refusal
  });

  it('401 revokes the token: the same token keeps failing, a re-login succeeds', async () => {
    fake.injectFaults([{ kind: 'status', status: 401 }]);
    const res = await get(fake.url, PATH, t);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="reddit", error="invalid_token"');
    expect((await get(fake.url, PATH, t)).status).toBe(401);
    expect((await get(fake.url, PATH, await token(fake.url))).status).toBe(200);
  });

  it('a fault without match.path skips the token endpoint; match.path can target it', async () => {
    fake.injectFaults([{ kind: 'status', status: 503 }]);
    expect((await login(fake.url)).status).toBe(200);
    expect((await get(fake.url, PATH, t)).status).toBe(503);
    fake.injectFaults([{ kind: 'status', status: 429, retryAfter: 2, match: { path: /access_token/ } }]);
    expect((await get(fake.url, PATH, t)).status).toBe(200);
    const refused = await login(fake.url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
  });

  it('faults are consumed in order, one per request', async () => {
    fake.injectFaults([
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(fake.url, PATH, t)).status);
    expect(statuses).toEqual([500, 502, 200]);
  });
});

describe('body faults', () => {
  it('malformed-json: 200 with a truncated body, then the next page parses', async () => {
    fake.injectFaults([{ kind: 'malformed-json' }]);
    const res = await get(fake.url, PATH, t);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"kind":"Listing"')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(res.headers.get('x-ratelimit-used')).toBe('1'); // served by "the app": it costs budget
    expect(ids(await listing(fake.url, PATH, t))).toHaveLength(6);
  });

  it('unexpected-kind: a t1 child sits among the t3 posts', async () => {
    fake.injectFaults([{ kind: 'unexpected-kind' }, { kind: 'unexpected-kind', childKind: 'more' }]);
    const l = await listing(fake.url, PATH, t);
    expect(l.data.children.map((c) => c.kind)).toEqual(['t3', 't3', 't3', 't1', 't3', 't3', 't3']);
    const l2 = await listing(fake.url, PATH, t);
    expect(l2.data.children.filter((c) => c.kind === 'more')).toHaveLength(1);
  });

  it('missing-field: one post of the page lacks created_utc, the store keeps it', async () => {
    fake.injectFaults([{ kind: 'missing-field', field: 'created_utc' }]);
    const l = await listing(fake.url, PATH, t);
    expect(l.data.children[0]?.data).not.toHaveProperty('created_utc');
    expect(l.data.children.slice(1).every((c) => typeof c.data['created_utc'] === 'number')).toBe(true);
    const next = await listing(fake.url, PATH, t);
    expect(next.data.children.every((c) => typeof c.data['created_utc'] === 'number')).toBe(true);
  });

  it('missing-field waits for a page that has a post', async () => {
    fake.injectFaults([{ kind: 'missing-field', field: 'created_utc' }]);
    const newest = fake.posts.all()[0]?.name ?? '';
    const empty = await listing(fake.url, `/r/testsub/new?before=${newest}`, t);
    expect(empty.data.children).toEqual([]);
    const l = await listing(fake.url, PATH, t);
    expect(l.data.children[0]?.data).not.toHaveProperty('created_utc');
  });
});

describe('transport faults', () => {
  it('delay holds the response for the given time and then serves it', async () => {
    fake.injectFaults([{ kind: 'delay', ms: 300 }]);
    const started = performance.now();
    const res = await get(fake.url, PATH, t);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(fake.requests.at(-1)?.fault).toBe('delay');
  });

  it('reset-connection drops the socket without a response; the next request is served', async () => {
    fake.injectFaults([{ kind: 'reset-connection' }]);
    await expect(get(fake.url, PATH, t)).rejects.toThrow();
    expect(fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'reset-connection' });
    expect((await get(fake.url, PATH, t)).status).toBe(200);
  });
});
