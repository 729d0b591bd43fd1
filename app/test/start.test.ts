// `npm start` as a user runs it: a real process on a real data directory, queried with real psql.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killChildren, psql, startApp } from '../../test/app-process.ts';
import { requireTools } from '../../test/system-tools.ts';
import { dataDirInUse } from '../../db/engine/data-dir-lock.ts';

const tools = requireTools('psql');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-start-'));
const dataDir = path.join(root, 'pgdata');

afterAll(() => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
});

const start = (env: NodeJS.ProcessEnv = {}) => startApp({ DATA_DIR: dataDir, ...env });

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe.skipIf(tools.skipReason !== undefined)(tools.title('npm start (embedded)'), () => {
  let firstPort = 0;

  it('migrates, prints a ready line with every address, and serves the caggs to psql', async () => {
    // Read-write, for maintenance: this test writes rows through psql.
    const app = start({ DB_PORT_MODE: 'read-write' });
    firstPort = await app.readyPort();
    expect(app.output()).toMatch(/ready in \d+\.\ds \(embedded engine, data in /);
    expect(app.output()).toMatch(/API: +http:\/\/127\.0\.0\.1:\d+/);
    expect(app.output()).toMatch(/UI: +http:\/\/127\.0\.0\.1:\d+/);
    expect(await psql(firstPort, 'SELECT count(*) FROM subreddit_seriousness_hourly')).toBe('0');
    // The REST API answers on the printed address.
    const apiUrl = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())![1]!;
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${apiUrl}/ready`);
    expect(ready.status).toBe(200);
    // And so does the dashboard, rendered on the server from the API.
    const uiUrl = /UI: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())![1]!;
    const page = await fetch(uiUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('How serious is Reddit?');
    await psql(
      firstPort,
      `INSERT INTO posts (id, created_at, subreddit, title) VALUES ('abc1', now(), 'StartTest', 'hello');
       INSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)
         SELECT id, created_at, subreddit, 'v1', 0.75 FROM posts WHERE id = 'abc1';`,
    );
    expect(
      await psql(
        firstPort,
        `SELECT post_count || '|' || seriousness_mean FROM subreddit_seriousness_all_time`,
      ),
    ).toBe('1|0.75');

    // A second `npm start` on the same data directory refuses, saying why.
    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by another process \(pid \d+ on /);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('stopped cleanly');
    expect(dataDirInUse(dataDir)).toBe(false);
    expect(await portIsFree(firstPort)).toBe(true);
  });

  it('restarts on the same data directory with the rows kept and nothing to migrate', async () => {
    const app = start();
    const port = await app.readyPort();
    expect(await psql(port, `SELECT count(*) FROM posts WHERE id = 'abc1'`)).toBe('1');
    // The default port is read-only: a write is refused with the way to do it.
    await expect(psql(port, `DELETE FROM posts`)).rejects.toThrow(/read-only.*\n?.*DB_PORT_MODE=read-write/s);
    expect(
      await psql(port, `SELECT post_count FROM subreddit_seriousness_all_time WHERE subreddit = 'StartTest'`),
    ).toBe('1');
    expect(app.output()).toMatch(/"applied":0/);
    app.child.kill('SIGINT');
    expect(await app.exited).toBe(0);
  });

  it('stops with a clear message, and releases the data directory, when its API port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const app = start({ API_PORT: String(taken) });
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(`port ${taken} is already in use: set API_PORT to another port`);
      expect(dataDirInUse(dataDir)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad environment with a message naming the variable', async () => {
    const app = start({ DB_PORT: 'not-a-port' });
    expect(await app.exited).toBe(2);
    expect(app.output()).toContain('DB_PORT');
  });
});
