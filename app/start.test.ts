// `npm start` as a user runs it: a real process on a real data directory, queried with real psql.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// Not through npm: killing `npm start` leaves its node child running (ARCHITECTURE.md §7).
const NODE = path.resolve('node_modules/.bin/node');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-start-'));
const dataDir = path.join(root, 'pgdata');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(NODE, ['app/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DB_PORT: '0',
      API_PORT: '0',
      UI_PORT: '0',
      DATABASE_URL: '',
      ...env,
    },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => output, exited };
}

async function readyPort(started: Started): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /psql postgres:\/\/postgres@127\.0\.0\.1:(\d+)\/postgres/.exec(started.output());
    if (match) return Number(match[1]);
    if (started.child.exitCode !== null) throw new Error(`npm start exited early:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ready line within 30 s:\n${started.output()}`);
}

// psql exactly as a user types it: nothing from the runner's environment may change how it connects.
const psqlEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('PG')),
);
psqlEnv.PGCONNECT_TIMEOUT = '10';

async function psql(port: number, sql: string): Promise<string> {
  const { stdout } = await run(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-X', '-A', '-t', '-c', sql],
    {
      env: psqlEnv,
    },
  );
  return stdout.trim();
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('npm start (embedded)', () => {
  let firstPort = 0;

  it('migrates, prints a ready line with every address, and serves the caggs to psql', async () => {
    const app = start();
    firstPort = await readyPort(app);
    expect(app.output()).toMatch(/ready in \d+\.\ds \(embedded engine, data in /);
    expect(app.output()).toMatch(/API: +http:\/\/127\.0\.0\.1:\d+/);
    expect(app.output()).toMatch(/UI: +http:\/\/127\.0\.0\.1:\d+/);
    expect(await psql(firstPort, 'SELECT count(*) FROM subreddit_seriousness_hourly')).toBe('0');
    // The REST API answers on the printed address.
    const apiUrl = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())![1]!;
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${apiUrl}/ready`);
    expect(ready.status).toBe(200);
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
    expect(second.output()).toMatch(/in use by another process \(pid \d+\)/);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('stopped cleanly');
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
    expect(await portIsFree(firstPort)).toBe(true);
  });

  it('restarts on the same data directory with the rows kept and nothing to migrate', async () => {
    const app = start();
    const port = await readyPort(app);
    expect(await psql(port, `SELECT count(*) FROM posts WHERE id = 'abc1'`)).toBe('1');
    expect(
      await psql(port, `SELECT post_count FROM subreddit_seriousness_all_time WHERE subreddit = 'StartTest'`),
    ).toBe('1');
    expect(app.output()).toMatch(/"applied":0/);
    app.child.kill('SIGINT');
    expect(await app.exited).toBe(0);
  });

  it('refuses a bad environment with a message naming the variable', async () => {
    const app = start({ DB_PORT: 'not-a-port' });
    expect(await app.exited).toBe(2);
    expect(app.output()).toContain('DB_PORT');
  });
});
