// A psql statement past DB_PORT_STATEMENT_MAX_MS (issue #14): the engine cannot interrupt it, so
// `npm start` ends the engine's thread and opens the data directory again. The psql client is cut
// off; the pipeline — ingest, scoring, pg-boss's LISTEN, the port itself — carries on, and every
// post the fake Reddit published is stored and scored once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeRedditEnv } from '../../tools/fake-reddit/env.ts';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { killChildren, psql, startApp } from '../../test/app-process.ts';
import { requireTools } from '../../test/system-tools.ts';

const tools = requireTools('psql');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-restart-'));
let fake: FakeReddit | undefined;

afterAll(async () => {
  killChildren();
  await fake?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const SUBREDDITS = ['askscience', 'Jokes'];

describe.skipIf(tools.skipReason !== undefined)(tools.title('npm start, a psql statement too long'), () => {
  it('restarts the engine, cuts the statement off, and loses no post', async () => {
    fake = await startFakeReddit({ port: 0 });
    const app = startApp({
      DATA_DIR: path.join(root, 'data'),
      ...fakeRedditEnv(fake.url),
      SUBREDDITS: SUBREDDITS.join(','),
      SUBREDDITS_PER_LISTING: '1',
      POLL_INTERVAL_MS: '300',
      DB_PORT_STATEMENT_MAX_MS: '1500',
    });
    const port = await app.readyPort();
    const apiUrl = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())![1]!;
    fake.startLive({ postsPerSecond: 10, subreddits: SUBREDDITS });
    await new Promise((r) => setTimeout(r, 2_000));

    const started = Date.now();
    await expect(psql(port, 'SELECT pg_sleep(60)')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(20_000);
    // psql sees its connection cut before the app's log line has crossed the pipe: wait for it.
    await expect.poll(() => app.output(), { timeout: 10_000 }).toContain('restarting the embedded engine');

    await new Promise((r) => setTimeout(r, 2_000));
    fake.stopLive();
    const published = fake.stats.postsPublished;
    const deadline = Date.now() + 30_000;
    let counts = '';
    while (Date.now() < deadline) {
      counts = await psql(
        port,
        `SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM post_scores s JOIN models m
           ON m.version = s.model_version AND m.status = 'active')`,
      ).catch(() => '');
      if (counts === `${published}|${published}`) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(published).toBeGreaterThan(20);
    expect(counts).toBe(`${published}|${published}`);
    expect((await fetch(`${apiUrl}/ready`)).status).toBe(200);
    await expect.poll(() => app.output(), { timeout: 10_000 }).toContain('the embedded engine is back');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 90_000);
});
