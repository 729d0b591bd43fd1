// Which database errors mean "the embedded engine's storage is failing", and the message a user
// should read when it happens.
//
// Why a module of its own: PGlite reports a full disk or a read-only data directory as an ordinary
// statement error (SQLSTATE 53100 "could not extend file …: No space left on device", or "could not
// seek to end of file …: Read-only file system" — both seen here on a tmpfs and a read-only bind
// mount). Every worker would log it and retry forever, each retry failing the same way, while the
// rest of the app looked alive. Nothing is lost by stopping (every write is transactional: a failed
// one leaves its posts un-acknowledged and its jobs queued), so the process stops cleanly instead,
// once, with one message saying what to do. A WebAssembly abort is the same case: the engine is gone.
import fs from 'node:fs';
import path from 'node:path';

export type StorageFailureKind = 'disk-full' | 'read-only' | 'io-error' | 'engine-aborted';

export interface StorageFailure {
  kind: StorageFailureKind;
  /** The engine's own words (the first line of the error). */
  detail: string;
}

/** Postgres' `disk_full` and `io_error` SQLSTATEs. */
const DISK_FULL = '53100';
const IO_ERROR = '58030';

/** The storage failure an error reports, or undefined for any other error (a bad query, a conflict…). */
export function classifyStorageError(error: unknown): StorageFailure | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String((error as { message?: unknown }).message);
  const detail = message.split('\n')[0] ?? message;
  // Node's own errno codes, for the files we touch ourselves (the lock file, a new data directory).
  if (code === DISK_FULL || code === 'ENOSPC' || /No space left on device/i.test(message))
    return { kind: 'disk-full', detail };
  if (code === 'EROFS' || /Read-only file system/i.test(message)) return { kind: 'read-only', detail };
  if (code === IO_ERROR || code === 'EIO' || /Input\/output error/i.test(message))
    return { kind: 'io-error', detail };
  // WebAssembly.RuntimeError (`unreachable`, out of bounds): the engine's instance is dead.
  if (error instanceof Error && error.name === 'RuntimeError') return { kind: 'engine-aborted', detail };
  return undefined;
}

/** Free bytes on the file system holding `dir` (or its nearest existing parent); undefined if unknown. */
export function freeBytes(dir: string): number | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      const stats = fs.statfsSync(at);
      return stats.bavail * stats.bsize;
    } catch {
      if (path.dirname(at) === at) return undefined;
    }
  }
}

/** Below this much free space a data directory is not opened: the engine could not even start. */
export const MIN_FREE_BYTES = 1024 * 1024;

/**
 * Throws (an errno-coded error that classifyStorageError recognises) when `dataDir` cannot be
 * written or its disk is (nearly) full. Why before opening: PGlite started on a read-only or full
 * data directory does not report an error but aborts its WebAssembly instance ("unreachable").
 * access(2) answers EROFS even for root, who would pass any permission-bit check.
 */
export function assertWritable(dataDir: string): void {
  if (fs.existsSync(dataDir)) fs.accessSync(dataDir, fs.constants.W_OK);
  const free = freeBytes(dataDir);
  if (free !== undefined && free < MIN_FREE_BYTES) {
    throw Object.assign(new Error(`only ${free} bytes free, under the ${MIN_FREE_BYTES} needed to start`), {
      code: 'ENOSPC',
    });
  }
}

const megabytes = (bytes: number | undefined) =>
  bytes === undefined ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** What a user reads: what happened, that nothing committed is lost, and what to do. */
export function describeStorageFailure(failure: StorageFailure, dataDir: string): string {
  switch (failure.kind) {
    case 'disk-full':
      return (
        `The disk holding the data directory ${dataDir} is full (${megabytes(freeBytes(dataDir))} free): ${failure.detail}. ` +
        `Nothing committed is lost: free some space, then start again (the poller resumes from its cursor).`
      );
    case 'read-only':
      return (
        `The data directory ${dataDir} is on a read-only file system: ${failure.detail}. ` +
        `Nothing committed is lost: remount it read-write or point DATA_DIR at a writable directory, then start again.`
      );
    case 'io-error':
      return (
        `The data directory ${dataDir} cannot be read or written (I/O error): ${failure.detail}. ` +
        `Check the disk before starting again.`
      );
    case 'engine-aborted':
      return (
        `The embedded database engine aborted: ${failure.detail}. ` +
        `Committed data is on disk in ${dataDir}; start again to recover it.`
      );
  }
}

/** The error thrown when an embedded data directory cannot even be opened because of its storage. */
export class StorageFailureError extends Error {
  readonly failure: StorageFailure;
  constructor(failure: StorageFailure, dataDir: string, options?: { cause?: unknown }) {
    super(describeStorageFailure(failure, dataDir), options);
    this.name = 'StorageFailureError';
    this.failure = failure;
  }
}
