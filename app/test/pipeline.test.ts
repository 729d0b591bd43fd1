// The whole pipeline as a user runs it: `npm start` pointed at the fake Reddit in live mode stores
// the posts Reddit publishes and scores each within a second of its ingest; with Reddit
// unreachable, it says so and keeps the rest of the app running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeRedditEnv } from '../../tools/fake-reddit/env.ts';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { killChildren, psql, startApp } from '../../test/app-process.ts';
import { requireTools } from '../../test/system-tools.ts';

const tools = requireTools('psql');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-pipeline-'));
let fake: FakeReddit | undefined;

afterAll(async () => {
  killChildren();
  await fake?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const start = startApp;

describe.skipIf(tools.skipReason !== undefined)(tools.title('npm start, end to end'), () => {
  it('stores what the fake Reddit publishes and scores each post right after its ingest', async () => {
    fake = await startFakeReddit({ port: 0 });
    const app = start({
      DATA_DIR: path.join(root, 'live', 'pgdata'),
      ...fakeRedditEnv(fake.url),
      SUBREDDITS: 'askscience,Jokes,worldnews',
      POLL_INTERVAL_MS: '500',
    });
    const port = await app.readyPort();
    expect(app.output()).toMatch(
      /ingest: polling r\/askscience, r\/Jokes, r\/worldnews every 500 ms via OAuth/,
    );
    fake.startLive({ postsPerSecond: 20, subreddits: ['askscience', 'Jokes', 'worldnews'] });
    await new Promise((r) => setTimeout(r, 5_000));
    fake.stopLive();
    const published = fake.stats.postsPublished;
    // Let the last poll and its scores land.
    const deadline = Date.now() + 15_000;
    let counts = '';
    while (Date.now() < deadline) {
      counts = await psql(
        port,
        `SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM post_scores s JOIN models m
           ON m.version = s.model_version AND m.status = 'active')`,
      );
      if (counts === `${published}|${published}`) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(published).toBeGreaterThan(50);
    expect(counts).toBe(`${published}|${published}`);
    // Ingest → score: typically ~0.2 s here (the idle poll). The bound only catches a regression to
    // pg-boss's 30 s notify backstop; the figure itself is measured by the benchmarks, not a test.
    const worst = Number(
      await psql(
        port,
        `SELECT max(extract(epoch FROM s.scored_at - p.ingested_at)) FROM post_scores s
         JOIN posts p ON p.id = s.post_id AND p.created_at = s.created_at`,
      ),
    );
    expect(worst).toBeLessThan(5);
    // And the figures are in the aggregates already (real-time).
    expect(Number(await psql(port, `SELECT sum(post_count) FROM subreddit_seriousness_hourly`))).toBe(
      published,
    );
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('says Reddit is unreachable, keeps retrying, and keeps serving the database meanwhile', async () => {
    const app = start({
      DATA_DIR: path.join(root, 'offline', 'pgdata'),
      REDDIT_AUTH_URL: 'http://127.0.0.1:9',
      REDDIT_API_URL: 'http://127.0.0.1:9',
      REQUEST_MAX_ATTEMPTS: '1',
      BACKOFF_BASE_MS: '50',
      BACKOFF_MAX_MS: '200',
    });
    const port = await app.readyPort();
    const deadline = Date.now() + 20_000;
    while (!/Reddit is unreachable/.test(app.output()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(app.output()).toMatch(/Reddit is unreachable at http:\/\/127\.0\.0\.1:9/);
    expect(await psql(port, 'SELECT count(*) FROM subreddit_seriousness_all_time')).toBe('0');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
