// One owner per data directory, decided by the kernel (issue #14): racing processes never both win,
// a kill -9 frees the directory at once, and a restart that is PID 1 again (a container) is not
// refused by its predecessor. Real processes, real locks, a real PID namespace where root allows.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTools } from '../../../test/system-tools.ts';
import {
  DataDirLockedError,
  ENGINE_SUBDIR,
  LOCK_FILE_NAME,
  dataDirInUse,
  dataDirLayout,
  lockDataDir,
} from '../data-dir-lock.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const LOCK_MODULE = path.join(ROOT, 'db/engine/data-dir-lock.ts');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-lock-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let dirCounter = 0;
const freshDir = (): string => path.join(root, `data-${++dirCounter}`);

/**
 * A child process that takes the lock of each directory in turn at the same wall-clock instants as
 * its rivals, prints one line per directory (`OWNER i` or `REFUSED i`), then holds what it won
 * until killed (so that a late rival cannot win after a release: exactly one owner per directory).
 */
const RACER = `
const { lockDataDir } = await import(process.env.LOCK_MODULE);
const dirs = JSON.parse(process.env.DIRS);
const startAt = Number(process.env.START_AT);
const held = [];
for (let i = 0; i < dirs.length; i++) {
  while (Date.now() < startAt + i * 25) {}
  try { held.push(lockDataDir(dirs[i])); console.log('OWNER ' + i); }
  catch (e) { console.log((e.name === 'DataDirLockedError' ? 'REFUSED ' : 'ERROR ' + e.message + ' ') + i); }
}
console.log('DONE');
setInterval(() => {}, 1000);
`;

interface Child {
  output: () => string;
  waitFor: (text: string) => Promise<void>;
  kill: () => Promise<void>;
  pid: number;
}

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    output: () => output,
    waitFor: async (text) => {
      const deadline = Date.now() + 30_000;
      while (!output.includes(text)) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`child never printed ${text}; output:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('the data directory lock', () => {
  it('refuses a second holder in the same process, and frees the directory on release', () => {
    const dir = freshDir();
    const first = lockDataDir(dir);
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(`(pid ${process.pid} on ${os.hostname()}`);
      expect(dataDirInUse(dir)).toBe(true);
    } finally {
      first.release();
    }
    expect(dataDirInUse(dir)).toBe(false);
    lockDataDir(dir).release();
    // The file stays (deleting it would let a newcomer lock a fresh inode); the kernel lock is what counts.
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(true);
  });

  it('puts the engine in pgdata/ beside the lock, and keeps an older directory where it is', () => {
    const current = freshDir();
    expect(dataDirLayout(current)).toEqual({
      dir: current,
      engineDir: path.join(current, ENGINE_SUBDIR),
      lockFile: path.join(current, LOCK_FILE_NAME),
      kind: 'current',
    });
    const legacy = freshDir();
    fs.mkdirSync(legacy);
    fs.writeFileSync(path.join(legacy, 'PG_VERSION'), '17\n');
    expect(dataDirLayout(legacy)).toMatchObject({ engineDir: legacy, kind: 'legacy' });
    const lock = lockDataDir(legacy);
    try {
      expect(() => lockDataDir(legacy)).toThrow(DataDirLockedError);
      expect(fs.readFileSync(path.join(legacy, 'PG_VERSION'), 'utf8')).toBe('17\n'); // never written
    } finally {
      lock.release();
    }
  });

  it('gives each directory exactly one owner when three processes race for 40 stale locks', async () => {
    // Each directory holds the lock file of an owner that died (kill -9 leaves the file behind).
    const deadPid = await pidOfAKilledProcess();
    const dirs = Array.from({ length: 40 }, () => {
      const dir = freshDir();
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), `pid ${deadPid} on ${os.hostname()}, since earlier\n`);
      fs.writeFileSync(`${dir}.lock`, `${deadPid}\n`); // where the PID-file lock before #14 kept it
      return dir;
    });
    const env = { LOCK_MODULE, DIRS: JSON.stringify(dirs), START_AT: String(Date.now() + 1_500) };
    const racers = [0, 1, 2].map(() => startChild(NODE, ['--input-type=module', '-e', RACER], env));
    try {
      await Promise.all(racers.map((racer) => racer.waitFor('DONE')));
      const owners = dirs.map(
        (_, i) => racers.filter((racer) => racer.output().split('\n').includes(`OWNER ${i}`)).length,
      );
      expect(racers.map((racer) => racer.output()).join('')).not.toContain('ERROR');
      expect(owners).toEqual(dirs.map(() => 1));
    } finally {
      await Promise.all(racers.map((racer) => racer.kill()));
    }
  });

  it('is free the moment its owner is killed with SIGKILL, and names a live owner', async () => {
    const dir = freshDir();
    const env = { LOCK_MODULE, DIRS: JSON.stringify([dir]), START_AT: '0' };
    const owner = startChild(NODE, ['--input-type=module', '-e', RACER], env);
    await owner.waitFor('OWNER 0');
    try {
      expect(() => lockDataDir(dir)).toThrow(`in use by another process (pid ${owner.pid} on`);
    } finally {
      await owner.kill();
    }
    const next = lockDataDir(dir);
    next.release();
  });

  const unshare = requireTools('unshare');
  const pidNamespace = unshare.skipReason ?? pidNamespaceUnavailable();
  it.skipIf(pidNamespace !== undefined)(
    `takes over after a kill -9 of a PID 1 owner, as PID 1 again (a restarted container)${pidNamespace ? ` (skipped: ${pidNamespace})` : ''}`,
    async () => {
      const dir = freshDir();
      const env = { LOCK_MODULE, DIRS: JSON.stringify([dir]), START_AT: '0' };
      const asPid1 = (): Child =>
        startChild(
          'unshare',
          ['--pid', '--fork', '--kill-child', NODE, '--input-type=module', '-e', RACER],
          env,
        );
      const first = asPid1();
      await first.waitFor('DONE');
      expect(first.output()).toContain('OWNER 0');
      expect(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).toMatch(/^pid 1 on /);
      await first.kill(); // unshare's --kill-child sends the namespace's PID 1 SIGKILL
      const second = asPid1();
      try {
        await second.waitFor('DONE');
        expect(second.output()).toContain('OWNER 0');
      } finally {
        await second.kill();
      }
    },
  );
});

async function pidOfAKilledProcess(): Promise<number> {
  const child = startChild(NODE, ['-e', 'setInterval(() => {}, 1000)'], {});
  await child.kill();
  return child.pid;
}

/** Why this machine cannot make a PID namespace (needs root), or undefined when it can. */
function pidNamespaceUnavailable(): string | undefined {
  const probe = spawnSync('unshare', ['--pid', '--fork', 'true'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  return `cannot create a PID namespace here (needs root): ${(probe.stderr || probe.error?.message || '').trim()}`;
}
