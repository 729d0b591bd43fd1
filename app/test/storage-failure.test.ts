// `npm start` when its data directory's storage fails: a disk that fills up during a live run, a
// data directory that turns read-only under it, and one that is read-only from the start. Each
// time: one clear message naming DATA_DIR, a clean stop (exit 1, lock released), files left as
// they were — and once the storage is fixed, a restart with every published post stored once and
// scored once.
//
// A real small file system, not a simulated error (test/mounts.ts): a tmpfs of a few MB and a
// read-only bind mount; where mounting is not allowed the suite is skipped, saying so.
// Two starts of `npm start` per test: their time depends on the machine's load, hence the timeouts.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { redditEnv } from '../../bench/chaos/app-under-test.ts';
import { verifyEmbeddedDataDir } from '../../test/verify-pipeline.ts';
import { killChildren, psql, startApp, type AppProcess } from '../../test/app-process.ts';
import {
  bindReadOnly,
  mountTmpfs,
  mountUnavailable,
  resizeTmpfs,
  unmount,
  unmountAll,
} from '../../test/mounts.ts';
import { requireTools } from '../../test/system-tools.ts';
import { waitUntil } from '../../test/wait.ts';
import { dataDirInUse } from '../../db/engine/data-dir-lock.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-storage-'));
const skipReason = requireTools('psql', 'sh').skipReason ?? mountUnavailable();

const fakes: FakeReddit[] = [];
afterAll(async () => {
  killChildren();
  await Promise.all(fakes.map((f) => f.close()));
  unmountAll();
  fs.rmSync(root, { recursive: true, force: true });
});

const SUBREDDITS = ['askscience', 'Jokes', 'worldnews', 'dadjokes'];

function startOn(dataDir: string, reddit: FakeReddit): AppProcess {
  return startApp({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...redditEnv(reddit, SUBREDDITS),
    // One listing per subreddit: posts that pile up while the app is down stay within each
    // listing's 1,000 newest, so the restart can catch up on all of them.
    SUBREDDITS_PER_LISTING: '1',
    // A new data directory's first poll reads only INITIAL_PAGES pages (history is backfill's
    // job); the publisher starts at once, so let that first poll reach everything published.
    INITIAL_PAGES: '10',
    POLL_INTERVAL_MS: '250',
  });
}

/** A fake Reddit of the test's own: its published count is what the test's data directory must hold. */
async function fakeReddit(): Promise<FakeReddit> {
  const reddit = await startFakeReddit({ rateLimit: { windowRequests: 1_000_000, windowSeconds: 600 } });
  fakes.push(reddit);
  return reddit;
}

/** Every file of a directory tree with its content hash: "left as they were" means equal maps. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(
      path.relative(dir, file),
      crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex'),
    );
  }
  return files;
}

/**
 * After the storage is fixed: started again, caught up, stopped — and the chaos suite's invariant
 * holds on the data directory (every published post stored once and scored once, aggregates equal
 * to the raw rows, no failed job).
 */
async function expectNothingLost(dataDir: string, reddit: FakeReddit): Promise<void> {
  const app = startOn(dataDir, reddit);
  const port = await app.readyPort();
  const published = reddit.stats.postsPublished;
  const scored = `SELECT count(*) FROM post_scores s JOIN models m ON m.version = s.model_version AND m.status = 'active'`;
  await waitUntil(
    `all ${published} published posts scored after the restart`,
    async () => Number(await psql(port, scored)) >= published,
    60_000,
  ).catch(() => undefined); // the invariant below says what is missing
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  const report = await verifyEmbeddedDataDir(
    dataDir,
    reddit.posts.all().map((post) => post.id),
  );
  expect(report.problems).toEqual([]);
  expect(report.stored).toBe(published);
}

describe.skipIf(skipReason !== undefined)(
  `npm start when its data directory's storage fails${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('stops cleanly with one message saying the disk is full, then restarts once space is freed with nothing lost', async () => {
      const reddit = await fakeReddit();
      const disk = path.join(root, 'small-disk');
      // A fresh data directory takes ~31 MB: a few MB are left for the live run to fill.
      mountTmpfs(disk, '40m');
      const dataDir = path.join(disk, 'pgdata');
      const app = startOn(dataDir, reddit);
      await app.readyPort();
      reddit.startLive({ postsPerSecond: 300, subreddits: SUBREDDITS });
      const code = await Promise.race([
        app.exited,
        new Promise((r) => setTimeout(r, 50_000, 'still running')),
      ]);
      reddit.stopLive();
      const output = app.output();
      expect(code, output).toBe(1);
      expect(output).toContain(`The disk holding the data directory ${dataDir} is full`);
      expect(output).toContain('Nothing committed is lost');
      // One message, not one per failing statement.
      expect(output.match(/storage failure: stopping cleanly/g)).toHaveLength(1);
      // Everything stopped in order; only the engine's shutdown checkpoint cannot be written.
      expect(output).toContain(
        'the next start replays the write-ahead log: every commit before the failure is kept',
      );
      expect(dataDirInUse(dataDir)).toBe(false);

      // Started again on the still-full disk, it refuses before opening, with the same message.
      const filler = path.join(disk, 'filler');
      execFileSync('sh', ['-c', `cat /dev/zero > ${filler} 2>/dev/null || true`]);
      const refused = startOn(dataDir, reddit);
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain(`The disk holding the data directory ${dataDir} is full`);
      expect(refused.output()).not.toMatch(/at wasm:\/\//);
      fs.rmSync(filler);

      resizeTmpfs(disk, '400m');
      await expectNothingLost(dataDir, reddit);
    }, 180_000);

    it('stops cleanly when the data directory turns read-only during a live run, and loses nothing', async () => {
      const reddit = await fakeReddit();
      const disk = path.join(root, 'turns-read-only');
      mountTmpfs(disk, '400m');
      const dataDir = path.join(disk, 'pgdata');
      const app = startOn(dataDir, reddit);
      await app.readyPort();
      reddit.startLive({ postsPerSecond: 50, subreddits: SUBREDDITS });
      await new Promise((r) => setTimeout(r, 2_000));
      // Files the engine opens from now on are read-only (as after a kernel remount on I/O errors).
      bindReadOnly(dataDir);
      const code = await Promise.race([
        app.exited,
        new Promise((r) => setTimeout(r, 30_000, 'still running')),
      ]);
      reddit.stopLive();
      expect(code).toBe(1);
      expect(app.output()).toContain(`The data directory ${dataDir} is on a read-only file system`);
      expect(app.output().match(/storage failure: stopping cleanly/g)).toHaveLength(1);

      unmount(dataDir);
      await expectNothingLost(dataDir, reddit);
    }, 180_000);

    it('refuses to start on a read-only data directory, naming it, and leaves its files as they were', async () => {
      const reddit = await fakeReddit();
      const dataDir = path.join(root, 'read-only', 'pgdata');
      const first = startOn(dataDir, reddit);
      await first.readyPort();
      first.child.kill('SIGTERM');
      // Exit code and signal with the output: once (CI, 2026-12-08) it ended without a code.
      const code = await first.exited;
      expect({ code, signal: first.child.signalCode }, first.output().slice(-4_000)).toEqual({
        code: 0,
        signal: null,
      });
      const before = snapshot(dataDir);

      bindReadOnly(dataDir);
      const app = startOn(dataDir, reddit);
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(`The data directory ${dataDir} is on a read-only file system`);
      expect(app.output()).not.toMatch(/at wasm:\/\//); // a message, not a WebAssembly stack trace
      expect(dataDirInUse(dataDir)).toBe(false);
      unmount(dataDir);
      expect(snapshot(dataDir)).toEqual(before);
    });
  },
);
