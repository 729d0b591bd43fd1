// The Reddit client over real loopback HTTP against the fake Reddit: OAuth, 401 re-login, 429,
// 5xx/52x/network backoff, and the rate budget.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeReddit, type FakeReddit, type FakeRedditOptions } from '../../tools/fake-reddit/server.ts';
import { RedditClient, RedditHttpError, RedditUnreachableError } from '../reddit/client.ts';
import { OAuthError, describeReply } from '../reddit/oauth.ts';
import { capturedLog, testConfig } from './helpers.ts';

let fake: FakeReddit | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeRedditOptions = {}): Promise<FakeReddit> {
  // A roomy window unless a test says otherwise: the budget spaces requests over what is left of
  // the window (0.6 s apart with Reddit's 1000 per 600 s), which would only slow these tests down.
  fake = await startFakeReddit({
    requireUserAgent: true,
    rateLimit: { windowRequests: 100_000, windowSeconds: 600 },
    ...options,
  });
  fake.publish([{ subreddit: 'clienttest', title: 'one' }]);
  return fake;
}

function client(url: string, env: Record<string, string> = {}, random = () => 1): RedditClient {
  return new RedditClient({ config: testConfig(url, env), log: capturedLog().log, random });
}

/** Milliseconds between consecutive recorded requests. */
function gaps(f: FakeReddit, from = 0): number[] {
  const times = f.requests.slice(from).map((r) => r.time);
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

describe('RedditClient', () => {
  it('logs in with client credentials once and reuses the token, with a proper User-Agent and raw_json=1', async () => {
    const f = await start();
    const c = client(f.url);
    for (let i = 0; i < 3; i++) expect((await c.get('/r/clienttest/new', { limit: '100' })).status).toBe(200);
    expect(f.stats.tokensIssued).toBe(1);
    const listings = f.requests.filter((r) => r.path === '/r/clienttest/new');
    expect(listings.map((r) => [r.auth, r.role, r.query['raw_json']])).toEqual([
      ['bearer', 'oauth', '1'],
      ['bearer', 'oauth', '1'],
      ['bearer', 'oauth', '1'],
    ]);
    expect(f.requests[0]).toMatchObject({ path: '/api/v1/access_token', auth: 'basic' });
  });

  it('renews its token shortly before it expires, without waiting for a 401', async () => {
    const f = await start({ tokenExpiresInSeconds: 2 });
    const c = client(f.url, { TOKEN_RENEW_MARGIN_SECONDS: '1' });
    await c.get('/r/clienttest/new');
    await c.get('/r/clienttest/new');
    expect(f.stats.tokensIssued).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await c.get('/r/clienttest/new')).status).toBe(200);
    expect(f.stats.tokensIssued).toBe(2);
    expect(f.requests.every((r) => r.status !== 401)).toBe(true);
  });

  it('says which credentials to check when the token endpoint refuses them', async () => {
    const f = await start();
    const c = client(f.url, { REDDIT_CLIENT_SECRET: 'wrong' });
    const error = await c.get('/r/clienttest/new').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).message).toContain('check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET');
    expect(f.requests.map((r) => r.path)).toEqual(['/api/v1/access_token']);
  });

  it("never quotes a token endpoint's body in an error (it reaches logs and GET /status)", () => {
    const leaky = '{"access_token": "eyJhbGciOi.secret.token", "token_type": "bearer", "expires_in": "soon"';
    expect(describeReply(leaky)).toBe(`a ${leaky.length}-byte reply (not shown: it may hold credentials)`);
    expect(describeReply('{"access_token": "secret", "expires_in": "x"}')).not.toContain('secret');
    expect(describeReply('{"error": 401, "message": "Unauthorized"}')).toBe('401: Unauthorized');
    expect(describeReply('{"error": "invalid_grant"}')).toBe('invalid_grant');
  });

  it('on a 401 logs in again and retries the same request once, losing nothing', async () => {
    const f = await start();
    const c = client(f.url);
    await c.get('/r/clienttest/new');
    f.injectFaults([{ kind: 'status', status: 401 }]);
    const response = await c.get('/r/clienttest/new');
    expect(response.status).toBe(200);
    expect(response.text).toContain('"one"');
    expect(f.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/v1/access_token 200',
      '/r/clienttest/new 200',
      '/r/clienttest/new 401',
      '/api/v1/access_token 200',
      '/r/clienttest/new 200',
    ]);
    expect(c.stats.reauthentications).toBe(1);
  });

  it('logs in again when Reddit expires its tokens early', async () => {
    const f = await start();
    const c = client(f.url);
    await c.get('/r/clienttest/new');
    f.expireTokens();
    expect((await c.get('/r/clienttest/new')).status).toBe(200);
    expect(f.stats.tokensIssued).toBe(2);
  });

  it('gives up after one re-login when the API keeps answering 401', async () => {
    const f = await start();
    const c = client(f.url);
    f.injectFaults([
      { kind: 'status', status: 401 },
      { kind: 'status', status: 401 },
    ]);
    const response = await c.get('/r/clienttest/new');
    expect(response.status).toBe(401);
    expect(f.stats.tokensIssued).toBe(2);
  });

  it('waits for retry-after on a 429, then gets the page', async () => {
    const f = await start();
    const c = client(f.url);
    await c.get('/r/clienttest/new');
    const before = f.requests.length;
    f.injectFaults([{ kind: 'status', status: 429, retryAfter: 1 }]);
    const response = await c.get('/r/clienttest/new');
    expect(response.status).toBe(200);
    expect(f.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);
    expect(gaps(f, before)[0]).toBeGreaterThanOrEqual(1000);
  });

  it('backs off exponentially on 500, 502, 503, 504, 520 and 522 and still returns the page', async () => {
    const f = await start();
    // random() = 1 makes each wait its ceiling: 50, 100, 200, 400, 400 ms (BACKOFF_MAX_MS 400).
    const c = client(f.url, { REQUEST_MAX_ATTEMPTS: '7' });
    await c.get('/r/clienttest/new');
    const before = f.requests.length;
    f.injectFaults(([500, 502, 503, 504, 520, 522] as const).map((status) => ({ kind: 'status', status })));
    const response = await c.get('/r/clienttest/new');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ kind: 'Listing' });
    expect(f.requests.slice(before).map((r) => r.status)).toEqual([500, 502, 503, 504, 520, 522, 200]);
    const waits = gaps(f, before);
    [50, 100, 200, 400, 400, 400].forEach((ceiling, i) =>
      expect(waits[i]).toBeGreaterThanOrEqual(ceiling - 5),
    );
    expect(c.stats.serverErrors).toBe(6);
  });

  it('retries a reset connection', async () => {
    const f = await start();
    const c = client(f.url);
    f.injectFaults([{ kind: 'reset-connection' }]);
    expect((await c.get('/r/clienttest/new')).status).toBe(200);
    expect(c.stats.networkErrors).toBe(1);
  });

  it('throws a typed error once its attempts are spent', async () => {
    const f = await start();
    const c = client(f.url, { REQUEST_MAX_ATTEMPTS: '2' });
    f.injectFaults([
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
    ]);
    await expect(c.get('/r/clienttest/new')).rejects.toBeInstanceOf(RedditHttpError);
  });

  it('reports Reddit as unreachable when nothing listens', async () => {
    const f = await start();
    const url = f.url;
    await f.close();
    fake = undefined;
    const c = client(url, { REQUEST_MAX_ATTEMPTS: '2' });
    await expect(c.get('/r/clienttest/new')).rejects.toThrow(RedditUnreachableError);
    await expect(c.get('/r/clienttest/new')).rejects.toThrow(
      /Reddit is unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED/,
    );
  });

  it('never sends the 11th request of a 10-request window before the window resets', async () => {
    const f = await start({ rateLimit: { windowRequests: 10, windowSeconds: 1 } });
    const c = client(f.url);
    for (let i = 0; i < 21; i++) expect((await c.get('/r/clienttest/new')).status).toBe(200);
    const counted = f.requests.filter((r) => r.role === 'oauth');
    expect(f.stats.overBudget).toBe(0);
    expect(counted.every((r) => !r.overBudget)).toBe(true);
    // The fake's window starts at its first counted request; the 11th may only come 1 s later.
    const first = counted[0]?.time ?? 0;
    expect(counted).toHaveLength(21);
    expect((counted[10]?.time ?? 0) - first).toBeGreaterThanOrEqual(1000);
    expect((counted[20]?.time ?? 0) - first).toBeGreaterThanOrEqual(2000);
  });

  it('uses the public JSON endpoints without credentials, within the public budget', async () => {
    const f = await start({ publicRateLimit: { windowRequests: 100, windowSeconds: 600 } });
    const c = client(f.url, { REDDIT_CLIENT_ID: '', REDDIT_CLIENT_SECRET: '' });
    expect((await c.get('/r/clienttest/new', { limit: '100' })).status).toBe(200);
    expect(f.requests.map((r) => [r.path, r.role, r.auth])).toEqual([
      ['/r/clienttest/new.json', 'public', 'none'],
    ]);
    expect(f.stats.tokensIssued).toBe(0);
  });
});
