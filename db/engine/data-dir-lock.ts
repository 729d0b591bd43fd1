// An exclusive, cross-process lock on an embedded data directory.
//
// Why: two processes can open the same PGlite data directory without any error and silently corrupt
// it (rows lost, heap/index mismatch — seen on this build). Postgres guards PGDATA with
// postmaster.pid; PGlite does not, so we do it ourselves before PGlite touches the files.
//
// How: a sibling file `<dataDir>.lock` created with O_EXCL holding the owner's pid. A lock whose
// owner is no longer alive (kill -9, power loss) is stale and taken over; the takeover renames the
// stale file to a name unique to us first, so two processes racing for a stale lock cannot both win.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly ownerPid: number;
  constructor(dataDir: string, ownerPid: number) {
    super(
      `The data directory ${dataDir} is in use by another process (pid ${ownerPid}). ` +
        `Opening it twice would corrupt it. Stop that process, or point DATA_DIR somewhere else.`,
    );
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.ownerPid = ownerPid;
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | undefined {
  try {
    return Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  const absolute = path.resolve(dataDir);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const file = `${absolute}.lock`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          // Only remove the file if it is still ours (never delete a successor's lock).
          if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (owner === process.pid) {
      throw new DataDirLockedError(absolute, owner);
    }
    if (owner !== undefined && !Number.isNaN(owner) && isAlive(owner)) {
      throw new DataDirLockedError(absolute, owner);
    }
    // Stale (owner gone) or half-written: move it aside atomically; whoever's rename succeeds
    // retries the exclusive create, everyone else just retries.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
      fs.rmSync(aside, { force: true });
    } catch {
      // Someone else moved it first.
    }
  }
  throw new Error(`Could not take the lock file ${file} after several attempts`);
}
