// One owner per embedded data directory, enforced by the kernel.
//
// Why: two processes can open the same PGlite data directory without any error and silently corrupt
// it (rows lost, heap/index mismatch — seen on this build). Postgres guards PGDATA with
// postmaster.pid; PGlite does not, so we do it ourselves before PGlite touches the files.
//
// How: an open-file-description lock (fcntl F_OFD_SETLK, through fs-native-extensions' prebuilt
// addon) on a file inside DATA_DIR, held by an open descriptor for as long as the engine is open.
// The kernel drops it when the descriptor closes — at exit, at kill -9, at a container's end — so
// there is no stale lock to judge: no PID is compared, and a restart that is PID 1 again (a
// container after kill -9) or runs in another PID namespace is never refused by its predecessor's
// ghost. An earlier PID file let two of three racing processes both win (8 of 40 trials) and refused
// a restarted PID 1 for ever (issue #14). The lock file is never deleted: deleting it would let a
// newcomer lock a fresh inode while an owner still holds the old one.
//
// Layout: DATA_DIR holds `seriousness.lock` and the engine's files in `pgdata/` (PGlite refuses to
// initialise a directory that holds anything, so the lock cannot sit beside its files at first
// start). A DATA_DIR written before this layout holds PG_VERSION itself: it stays where it is and
// the lock is taken on its PG_VERSION file, which exists for the whole life of such a directory.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface FsNativeExtensions {
  /** true when granted, false when another open file description holds a conflicting lock. */
  tryLock(fd: number, options?: { shared?: boolean }): boolean;
  unlock(fd: number): void;
}
const native = createRequire(import.meta.url)('fs-native-extensions') as FsNativeExtensions;

export const LOCK_FILE_NAME = 'seriousness.lock';
export const ENGINE_SUBDIR = 'pgdata';

export interface DataDirLayout {
  /** DATA_DIR as given, made absolute. */
  readonly dir: string;
  /** Where the engine's own files live. */
  readonly engineDir: string;
  /** The file whose kernel lock says who owns the directory. */
  readonly lockFile: string;
  /** 'legacy': DATA_DIR itself is the engine's directory (written before this layout). */
  readonly kind: 'current' | 'legacy';
}

export function dataDirLayout(dataDir: string): DataDirLayout {
  const dir = path.resolve(dataDir);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    return { dir, engineDir: dir, lockFile: path.join(dir, 'PG_VERSION'), kind: 'legacy' };
  }
  return {
    dir,
    engineDir: path.join(dir, ENGINE_SUBDIR),
    lockFile: path.join(dir, LOCK_FILE_NAME),
    kind: 'current',
  };
}

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  /** What the owner wrote into the lock file (pid, host, start time), when it could. */
  readonly owner: string | undefined;
  constructor(dataDir: string, owner: string | undefined) {
    super(
      `The data directory ${dataDir} is in use by another process${owner ? ` (${owner})` : ''}. ` +
        `Opening it twice would corrupt it. Stop that process, or point DATA_DIR somewhere else.`,
    );
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.owner = owner;
  }
}

export interface DataDirLock {
  readonly layout: DataDirLayout;
  /** The descriptor holding the lock (a process-wide number: the engine host's restart closes it). */
  readonly fd: number;
  /** Drops the kernel lock (closing the descriptor). Idempotent. */
  release(): void;
}

function readOwner(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return /^pid \d+/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory's lock, creating DATA_DIR if needed; throws DataDirLockedError while
 * another descriptor — in this process or any other — holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const layout = dataDirLayout(dataDir);
  fs.mkdirSync(layout.dir, { recursive: true });
  // An exclusive (write) lock needs a descriptor open for writing; 'a+' creates the file if absent
  // and never truncates what a current owner wrote.
  const fd = fs.openSync(layout.lockFile, layout.kind === 'legacy' ? 'r+' : 'a+');
  let granted = false;
  try {
    granted = native.tryLock(fd);
  } finally {
    if (!granted) fs.closeSync(fd);
  }
  if (!granted) {
    throw new DataDirLockedError(
      layout.dir,
      layout.kind === 'current' ? readOwner(layout.lockFile) : undefined,
    );
  }
  if (layout.kind === 'current') {
    // Who holds it, for the message a second opener prints. Informational only: the kernel lock,
    // not this text, decides ownership.
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, `pid ${process.pid} on ${os.hostname()}, since ${new Date().toISOString()}\n`);
  }
  let released = false;
  return {
    layout,
    fd,
    release() {
      if (released) return;
      released = true;
      try {
        native.unlock(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/**
 * Whether some process (this one included) holds the data directory's lock right now. Writes
 * nothing and needs no write access: a shared lock conflicts with the owner's exclusive one.
 */
export function dataDirInUse(dataDir: string): boolean {
  const layout = dataDirLayout(dataDir);
  if (!fs.existsSync(layout.lockFile)) return false;
  const fd = fs.openSync(layout.lockFile, 'r');
  try {
    if (!native.tryLock(fd, { shared: true })) return true;
    native.unlock(fd);
    return false;
  } finally {
    fs.closeSync(fd);
  }
}
