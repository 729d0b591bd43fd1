// Which errors stop the process (storage-failure.ts): the engine's real words, as seen here on a
// full tmpfs and a read-only bind mount, and the errors that must NOT stop it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertWritable,
  classifyStorageError,
  describeStorageFailure,
  StorageFailureError,
} from '../storage-failure.ts';

/** A Postgres error as PGlite throws it: an Error with the SQLSTATE in `code`. */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifyStorageError', () => {
  it.each([
    [pgError('could not extend file "base/1/17604": No space left on device', '53100'), 'disk-full'],
    [pgError('could not write to file "pg_wal/xlogtemp.42": No space left on device', '53100'), 'disk-full'],
    [Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 'disk-full'],
    [pgError('could not seek to end of file "base/1/17341": Read-only file system', 'XX000'), 'read-only'],
    [Object.assign(new Error("EROFS: read-only file system, access '/d'"), { code: 'EROFS' }), 'read-only'],
    [pgError('could not read block 3 in file "base/1/1259": Input/output error', '58030'), 'io-error'],
    [Object.assign(new Error('unreachable'), { name: 'RuntimeError' }), 'engine-aborted'],
  ])('classifies %s as %s', (error, kind) => {
    expect(classifyStorageError(error)?.kind).toBe(kind);
  });

  it.each([
    pgError('duplicate key value violates unique constraint "posts_pkey"', '23505'),
    pgError('value too long for type character varying(21)', '22001'),
    pgError('canceling statement due to statement timeout', '57014'),
    new Error('connect ECONNREFUSED 127.0.0.1:5432'),
    'a string',
    null,
  ])('leaves %s to the caller', (error) => {
    expect(classifyStorageError(error)).toBeUndefined();
  });
});

describe('describeStorageFailure', () => {
  it('names the data directory, says nothing committed is lost, and what to do', () => {
    const text = describeStorageFailure(
      { kind: 'disk-full', detail: 'could not extend file' },
      '/data/pgdata',
    );
    expect(text).toMatch(/^The disk holding the data directory \/data\/pgdata is full \([\d.]+ MB free\)/);
    expect(text).toContain('Nothing committed is lost: free some space');
  });
});

describe('assertWritable', () => {
  it('passes a writable directory and one not created yet', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-failure-'));
    try {
      expect(() => assertWritable(dir)).not.toThrow();
      expect(() => assertWritable(path.join(dir, 'not-yet', 'pgdata'))).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('wraps into a StorageFailureError whose message is the user-facing one', () => {
    const error = new StorageFailureError({ kind: 'read-only', detail: 'EROFS' }, '/ro/pgdata');
    expect(error.message).toContain('The data directory /ro/pgdata is on a read-only file system');
  });
});
