// Cassette replay: the recorded sessions come back exactly — status, headers, body bytes — in order.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCassette } from '../cassette-file.ts';
import { MISMATCH_STATUS, startCassetteServer, type CassetteServer } from '../cassette.ts';
import { listingsDir } from '../recordings.ts';
import { get, login } from '../test-client.ts';

const STREAMS = 'praw/TestSubredditStreams.test_submissions.json';
const TOO_MANY = 'prawcore/TestSession.test_request__too__many_requests__with_retry_headers.json';
const RETRY_401 = 'prawcore/TestSession.test_request__with_invalid_access_token__retry.json';
const CF_520 = 'prawcore/TestSession.test_request__cloudflare_unknown_error.json';

let server: CassetteServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every recorded header except those the player recomputes or drops must come back as recorded. */
function expectRecordedHeaders(res: Response, recorded: Record<string, string[]>): void {
  for (const [name, values] of Object.entries(recorded)) {
    const lower = name.toLowerCase();
    if (
      ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding'].includes(lower)
    )
      continue;
    if (lower === 'set-cookie') expect(res.headers.getSetCookie()).toEqual(values);
    else expect(res.headers.get(name)).toBe(values.join(', '));
  }
}

describe('cassette replay', () => {
  it('plays praw’s r/all/new session exactly: token, 100-post page, before= poll with 4 posts', async () => {
    server = await startCassetteServer([STREAMS]);
    const recorded = loadCassette(STREAMS).interactions;
    expect(server.remaining()).toBe(3);

    const tokenRes = await login(server.url);
    expect(tokenRes.status).toBe(200);
    expect(await tokenRes.text()).toBe(recorded[0]?.response.body.string);

    const page = await get(server.url, '/r/all/new?raw_json=1&limit=100', 'any-token');
    expect(page.status).toBe(200);
    expectRecordedHeaders(page, recorded[1]?.response.headers ?? {});
    const bytes = Buffer.from(await page.arrayBuffer());
    expect(
      bytes.equals(
        fs.readFileSync(path.join(listingsDir(), 'praw-2016-12-22-r_all_new-test_submissions-1.json')),
      ),
    ).toBe(true);

    const poll = await get(server.url, '/r/all/new?limit=100&before=t3_5jo13y&raw_json=1', 'any-token');
    const body = (await poll.json()) as { data: { children: { data: { id: string } }[] } };
    expect(body.data.children.map((c) => c.data.id)).toEqual(['5jo144', '5jo143', '5jo141', '5jo140']);
    expect(server.remaining()).toBe(0);

    const extra = await get(server.url, '/r/all/new?limit=100&raw_json=1');
    expect(extra.status).toBe(MISMATCH_STATUS);
    expect(await extra.json()).toMatchObject({ error: 'cassette exhausted' });
  });

  it('plays prawcore’s 429 with retry-after: 4 and Reddit’s HTML body', async () => {
    server = await startCassetteServer([TOO_MANY]);
    const recorded = loadCassette(TOO_MANY).interactions[1];
    await login(server.url);
    const res = await get(server.url, '/api/v1/me?raw_json=1', 'any-token');
    expect(res.status).toBe(429);
    expect(res.statusText).toBe('Too Many Requests');
    expect(res.headers.get('retry-after')).toBe('4');
    expectRecordedHeaders(res, recorded?.response.headers ?? {});
    expect(await res.text()).toBe(recorded?.response.body.string);
  });

  it('names the expected interaction in a 599 and does not advance on a mismatch', async () => {
    server = await startCassetteServer([STREAMS]);
    await login(server.url);
    const wrong = await get(server.url, '/r/all/new?limit=25&raw_json=1');
    expect(wrong.status).toBe(MISMATCH_STATUS);
    expect(await wrong.json()).toMatchObject({
      expected: 'GET https://oauth.reddit.com/r/all/new?limit=100&raw_json=1',
      got: 'GET /r/all/new?limit=25&raw_json=1',
    });
    expect(server.remaining()).toBe(2);
    expect((await get(server.url, '/r/all/new?limit=100&raw_json=1')).status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([200, MISMATCH_STATUS, 200]);
  });

  it('tolerates a .json suffix and the query parameters listed in ignoreQuery', async () => {
    server = await startCassetteServer([STREAMS], { ignoreQuery: ['count'] });
    await login(server.url);
    expect((await get(server.url, '/r/all/new.json?raw_json=1&limit=100&count=0')).status).toBe(200);
    expect(
      (await get(server.url, '/r/all/new?limit=100&raw_json=1&before=t3_5jo13y&sr_detail=1')).status,
    ).toBe(MISMATCH_STATUS);
  });

  it('in role mode replays 401 → re-login → retry for whatever API path the client polls', async () => {
    server = await startCassetteServer([RETRY_401], { match: 'role' });
    await login(server.url);
    const denied = await get(server.url, '/r/testsub/new?limit=100&raw_json=1', 'stale');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="reddit", error="invalid_token"');
    // Role mode still insists on the re-login the recording made before retrying.
    expect((await get(server.url, '/r/testsub/new?limit=100&raw_json=1', 'stale')).status).toBe(
      MISMATCH_STATUS,
    );
    expect((await login(server.url)).status).toBe(200);
    expect((await get(server.url, '/r/testsub/new?limit=100&raw_json=1', 'fresh')).status).toBe(200);
    expect(server.remaining()).toBe(0);
  });

  it('plays Cloudflare 520s with their reason phrase and empty body', async () => {
    server = await startCassetteServer([CF_520], { match: 'role' });
    await login(server.url);
    for (let i = 0; i < 3; i++) {
      const res = await get(server.url, '/r/testsub/new');
      expect(res.status).toBe(520);
      expect(res.statusText).toBe('UNKNOWN ERROR');
      expect(await res.text()).toBe('');
    }
  });
});
