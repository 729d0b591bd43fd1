// The client against sessions recorded from the real Reddit (prawcore's cassettes, replayed over
// loopback HTTP): 401 → re-login → retry, 429 with retry-after, 5xx and Cloudflare 52x.
// prawcore recorded these against `GET /`; the player's 'role' mode lets `/r/all/new` stand in.
import { afterEach, describe, expect, it } from 'vitest';
import { startCassetteServer, type CassetteServer } from '../../tools/fake-reddit/cassette.ts';
import { RedditClient, RedditHttpError } from '../reddit/client.ts';
import { parseListingText } from '../reddit/listing.ts';
import { capturedLog, testConfig } from './helpers.ts';

const SESSION = 'prawcore/TestSession.test_request__';

let server: CassetteServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(cassette: string): Promise<CassetteServer> {
  server = await startCassetteServer([`${SESSION}${cassette}.json`], { match: 'role' });
  return server;
}

function client(url: string, env: Record<string, string> = {}): RedditClient {
  // random() = 1: each backoff wait is its ceiling (50, 100, 200… ms), so the waits are exact.
  return new RedditClient({ config: testConfig(url, env), log: capturedLog().log, random: () => 1 });
}

function gaps(s: CassetteServer): number[] {
  const times = s.requests.map((r) => r.time);
  return times.slice(1).map((time, i) => time - (times[i] ?? time));
}

describe('recorded Reddit sessions', () => {
  it('401 invalid_token → logs in again → retries → gets the recorded 25-post page', async () => {
    const s = await replay('with_invalid_access_token__retry');
    const response = await client(s.url).get('/r/all/new', { limit: '100' });
    expect(response.status).toBe(200);
    const page = parseListingText(response.text);
    expect('posts' in page && page.posts.length).toBe(25);
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/v1/access_token 200',
      'GET /r/all/new 401',
      'POST /api/v1/access_token 200',
      'GET /r/all/new 200',
    ]);
    expect(s.remaining()).toBe(0);
  });

  it('a 401 that persists after the re-login is returned, not retried forever', async () => {
    const s = await replay('with_invalid_access_token');
    // The recorded session ends after the 401: the re-login finds no recorded token (599).
    await expect(client(s.url, { REQUEST_MAX_ATTEMPTS: '1' }).get('/r/all/new')).rejects.toThrow();
    expect(s.requests.slice(0, 2).map((r) => r.status)).toEqual([200, 401]);
  });

  it('429 with retry-after: 4 → waits 4 s before asking again', async () => {
    const s = await replay('too__many_requests__with_retry_headers');
    const c = client(s.url, { REQUEST_MAX_ATTEMPTS: '2' });
    // The recording ends at the 429, so the retry is answered "cassette exhausted" (599).
    await expect(c.get('/r/all/new')).rejects.toBeInstanceOf(RedditHttpError);
    expect(s.requests.map((r) => r.status)).toEqual([200, 429, 599]);
    expect(gaps(s)[1]).toBeGreaterThanOrEqual(4000);
    expect(c.stats.rateLimited).toBe(1);
  }, 15_000);

  for (const [cassette, status] of [
    ['internal_server_error', 500],
    ['bad_gateway', 502],
    ['service_unavailable', 503],
    ['gateway_timeout', 504],
    ['cloudflare_unknown_error', 520],
    ['cloudflare_connection_timed_out', 522],
  ] as const) {
    it(`${status} three times → backs off 50 then 100 ms, then reports a typed error (the poll will retry)`, async () => {
      const s = await replay(cassette);
      const c = client(s.url, { REQUEST_MAX_ATTEMPTS: '3' });
      const error = await c.get('/r/all/new').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedditHttpError);
      expect((error as RedditHttpError).status).toBe(status);
      expect(s.requests.map((r) => r.status)).toEqual([200, status, status, status]);
      const [, first, second] = gaps(s);
      expect(first).toBeGreaterThanOrEqual(45);
      expect(second).toBeGreaterThanOrEqual(95);
      expect(s.remaining()).toBe(0);
    });
  }
});
