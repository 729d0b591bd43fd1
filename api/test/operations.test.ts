// Contract tests of the REST API's operations side, through real HTTP: health, readiness, status,
// the OpenAPI document, metrics, compression, request ids, HEAD, CORS and security headers.
import { describe, expect, it } from 'vitest';
import {
  ErrorResponse,
  HealthResponse,
  ReadyResponse,
  StatusResponse,
  SubredditResponse,
} from '../schemas.ts';
import { api, db, expectError, get, json, setUpContractApi } from './contract-fixture.ts';
import { QUEUES, createBoss, ensureQueues, scoreJobsOf } from '../../db/boss.ts';
import { ACTIVE, startTestApi } from './harness.ts';

setUpContractApi();

describe('operations routes', () => {
  it('answers /health and /ready (database reachable, every migration applied)', async () => {
    expect(await json('/health', HealthResponse)).toEqual({ status: 'ok' });
    const ready = await json('/ready', ReadyResponse);
    expect(ready.schemaVersion).toBeGreaterThanOrEqual(8);
    expect((await get('/ready')).headers.get('cache-control')).toBe('no-store');
  });

  it('reports pipeline status from the status views', async () => {
    const status = await json('/status', StatusResponse);
    expect(status.servedModel).toBe(ACTIVE);
    expect(status.models.active).toBe(ACTIVE);
    expect(status.ingest).toEqual([]);
    expect(status.queue).toBeNull(); // no pg-boss given
  });

  it('gives the score queue counts with the time they were counted', async () => {
    const boss = createBoss(db);
    await boss.start();
    const withBoss = await startTestApi(db, { boss });
    try {
      await ensureQueues(boss);
      const status = async () =>
        StatusResponse.parse(await (await fetch(`${withBoss.url}/status`)).json()).queue!;
      const first = await status();
      expect(first).toMatchObject({ name: QUEUES.score, queued: 0, active: 0 });
      const jobs = [0, 1, 2].map((i) =>
        scoreJobsOf([{ id: `q${i}`, createdAt: new Date(), subreddit: 'AskScience' }]).at(0),
      );
      const insertedAt = Date.now();
      await boss.insert(
        QUEUES.score,
        jobs.map((data) => ({ data })),
      );
      const second = await status();
      // Either counted after the jobs arrived, or the earlier count, reused and dated as such.
      if (second.queued === 3)
        expect(Date.parse(second.countedAt)).toBeGreaterThanOrEqual(insertedAt - 1_000);
      else expect(second).toEqual(first);
      // Never older than the minute pg-boss reuses a count for.
      expect(Date.now() - Date.parse(second.countedAt)).toBeLessThan(60_000);
    } finally {
      await withBoss.close();
      await boss.stop({ graceful: false, timeout: 5_000 });
    }
  });

  it('serves an OpenAPI 3.1 document covering every route, and a docs page', async () => {
    const doc = (await (await get('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/docs',
        '/health',
        '/metrics',
        '/openapi.json',
        '/posts/{id}/explanation',
        '/ready',
        '/status',
        '/subreddit/{name}',
        '/subreddit/{name}/posts',
        '/subreddits',
      ].sort(),
    );
    expect(doc.paths['/subreddits']!.get!.parameters.map((p) => p.name)).toEqual([
      'q',
      'sort',
      'order',
      'limit',
      'offset',
      'format',
    ]);
    const docs = await get('/docs');
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await docs.text();
    expect(html).toContain('/subreddit/{name}');
    expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/);
  });

  it('exposes Prometheus metrics labelled by route template', async () => {
    await get('/subreddit/AskScience');
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/subreddit\/:name",status="200"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  it('says in Server-Timing how long the database took, in how many statements, whether the answer was reused, and the total', async () => {
    // A page size no other test asks for: the first answer is read, the second reused.
    const timingOf = async () => {
      const res = await get('/subreddit/AskScience?limit=7');
      expect(res.status).toBe(200);
      const timing = res.headers.get('server-timing') ?? '';
      const match =
        /^db;dur=([\d.]+);desc="(\d+) statements", cache;desc="(hit|miss)", total;dur=([\d.]+)$/.exec(timing);
      expect(match, timing).not.toBeNull();
      const [, dbMs, statements, cache, totalMs] = match!;
      return { dbMs: Number(dbMs), statements: Number(statements), cache, totalMs: Number(totalMs) };
    };
    const first = await timingOf();
    // The series, the posts page and their scores at least (the summaries may be reused).
    expect(first.cache).toBe('miss');
    expect(first.statements).toBeGreaterThanOrEqual(3);
    expect(first.dbMs).toBeGreaterThan(0);
    expect(first.totalMs).toBeGreaterThanOrEqual(first.dbMs);
    const second = await timingOf();
    expect(second).toMatchObject({ cache: 'hit', statements: 0, dbMs: 0 });
  });

  it('compresses with gzip and br, echoes request ids, allows CORS', async () => {
    for (const encoding of ['gzip', 'br']) {
      const res = await get('/subreddit/AskScience', { 'Accept-Encoding': encoding });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      SubredditResponse.parse(await res.json());
    }
    const res = await get('/health', { 'X-Request-Id': 'abc-123', Origin: 'http://example.test' });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const generated = await get('/health', { 'X-Request-Id': 'bad id with spaces' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers JSON 404 for unknown routes and 405 for other methods', async () => {
    await expectError('/nope', 404, 'not_found');
    const res = await fetch(`${api.url}/subreddits`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(ErrorResponse.parse(await res.json()).error.code).toBe('method_not_allowed');
  });

  it('answers 503 for explanations when this process has no model loaded', async () => {
    await expectError('/posts/abc/explanation', 503, 'explanations_unavailable');
    await expectError('/posts/NOT-AN-ID/explanation', 400, 'invalid_request');
  });
});

describe('HEAD and CORS preflight', () => {
  it('answers HEAD like GET without a body, and a CORS preflight with the allowed methods', async () => {
    const head = await fetch(`${api.url}/subreddits`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^W\//);
    expect(await head.text()).toBe('');
    const preflight = await fetch(`${api.url}/subreddits`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://ui.test', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });
});

describe('security headers', () => {
  it.each(['/docs', '/subreddits', '/subreddit/no_such_sub', '/openapi.json'])(
    '%s says nosniff, no framing, and what the page may load',
    async (path) => {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    },
  );
});

describe('configured CORS origins', () => {
  it('allows only the configured origins', async () => {
    const strict = await startTestApi(db, { config: { corsOrigins: ['http://ui.test:3000'] } });
    try {
      const ok = await fetch(`${strict.url}/health`, { headers: { Origin: 'http://ui.test:3000' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://ui.test:3000');
      const other = await fetch(`${strict.url}/health`, { headers: { Origin: 'http://evil.test' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
