// The embedded engine's data directory: it survives restarts, and it refuses a second opener
// instead of letting two processes corrupt it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE_NAME, dataDirInUse } from '../engine/data-dir-lock.ts';
import { openEmbedded } from '../engine/embedded.ts';
import { migrate } from '../migrate.ts';
import { countPosts } from '../queries/test/checks.queries.ts';
import { insertPostScores, insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';
import { allTimeSeriousness } from '../queries/seriousness.queries.ts';

const NODE = path.resolve('node_modules/.bin/node');
const dirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-datadir-'));
  dirs.push(dir);
  return path.join(dir, 'pgdata');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a snippet in a separate Node 24 process and returns its exit code and output. */
function runNode(
  code: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, ['--input-type=module', '-e', code], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (exitCode) => resolve({ code: exitCode, output }));
  });
}

describe('embedded data directory', () => {
  it('keeps rows and aggregates across close and reopen', async () => {
    const dataDir = tempDataDir();
    const posts: TestPost[] = Array.from({ length: 50 }, (_, i) => ({
      id: redditId(i),
      createdAt: new Date(Date.now() - i * 60_000),
      subreddit: 'Persistence',
      title: `post ${i}`,
    }));
    const first = await openEmbedded({ dataDir });
    await migrate(first);
    await insertPosts(first, posts);
    await insertPostScores(
      first,
      posts.map((post) => ({ post, modelVersion: 'v1', seriousness: 0.5 })),
    );
    await first.close();
    expect(dataDirInUse(dataDir)).toBe(false);

    const reopened = await openEmbedded({ dataDir });
    try {
      // The first TimescaleDB statement after a reopen is the one this build gets wrong without
      // `LOAD 'timescaledb'`: run one before anything else.
      const allTime = await allTimeSeriousness.run({ modelVersion: 'v1' }, reopened);
      expect(allTime).toMatchObject([{ subreddit: 'Persistence', post_count: 50, seriousness_mean: 0.5 }]);
      expect((await countPosts.run(undefined, reopened))[0]?.count).toBe(50);
      expect((await migrate(reopened)).applied).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a second opener in the same process with a clear error', async () => {
    const dataDir = tempDataDir();
    const first = await openEmbedded({ dataDir });
    try {
      await expect(openEmbedded({ dataDir })).rejects.toThrow(DataDirLockedError);
      await expect(openEmbedded({ dataDir })).rejects.toThrow(/in use by another process/);
    } finally {
      await first.close();
    }
  });

  it('refuses a second process on the same data directory, naming the owner pid', async () => {
    const dataDir = tempDataDir();
    const first = await openEmbedded({ dataDir });
    try {
      const result = await runNode(
        `import { openEmbedded } from './db/engine/embedded.ts';
         try { await openEmbedded({ dataDir: process.env.DIR }); console.log('OPENED'); process.exit(0); }
         catch (e) { console.log(e.name + ': ' + e.message); process.exit(3); }`,
        { DIR: dataDir },
      );
      expect(result.code).toBe(3);
      expect(result.output).toContain('DataDirLockedError');
      expect(result.output).toContain(`pid ${process.pid}`);
      expect(result.output).not.toContain('OPENED');
    } finally {
      await first.close();
    }
  });

  it('takes over the lock of a process that died without releasing it (kill -9)', async () => {
    const dataDir = tempDataDir();
    const child = spawn(NODE, ['-e', 'setInterval(() => {}, 1000)']);
    const deadPid = child.pid!;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    // kill -9 leaves the lock file behind, with the dead owner's words in it; the kernel lock went with it.
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, LOCK_FILE_NAME),
      `pid ${deadPid} on ${os.hostname()}, since earlier\n`,
    );
    const db = await openEmbedded({ dataDir });
    try {
      expect(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')).toMatch(
        new RegExp(`^pid ${process.pid} on `),
      );
    } finally {
      await db.close();
    }
  });
});
