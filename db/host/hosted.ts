// The embedded engine on a thread of its own (./host-worker.ts), seen from the app's thread through
// the same `Database` seam as the in-process engine and the server Pool. Every process that opens
// an embedded data directory (npm start, the roles, the CLIs) goes through here: a statement that
// runs long in the WebAssembly engine — a psql client's pg_sleep, a refresh after a backfill, a big
// scoring batch — then holds the engine's thread, never the event loop that answers HTTP, reads
// Reddit and runs the model (issue #14; ARCHITECTURE.md §9). Tests keep the in-process engine
// (./embedded.ts), which the host itself runs.
import fs from 'node:fs';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Db as IDatabase } from 'pg-boss';
import { DataDirLockedError, dataDirLayout } from '../engine/data-dir-lock.ts';
import {
  deserializeError,
  type HostEvent,
  type HostRequest,
  type HostedWireOptions,
  type SerializedError,
} from './host-protocol.ts';
import { StorageFailureError, type StorageFailure } from '../engine/storage-failure.ts';
import { leadAlone } from '../engine/leadership.ts';
import type { Database, QueryResult, Transaction } from '../engine/types.ts';

export type { HostedWireOptions };

export interface HostedWirePort {
  readonly host: string;
  readonly port: number;
  connectionString(database?: string): string;
  /** Ends every client (rolling back their transactions) and frees the port. */
  close(): Promise<void>;
}

export interface HostedEmbeddedDatabase extends Database {
  readonly kind: 'embedded';
  readonly dataDir: string | null;
  readonly engineDir: string | null;
  /** pg-boss's adapter (`new PgBoss({ db, backend: 'pglite' })`), LISTEN/NOTIFY included. */
  readonly bossDb: IDatabase;
  onStorageFailure(listener: (failure: StorageFailure) => void): () => void;
  /**
   * How busy the engine's thread has been since its start (`performance.eventLoopUtilization` of
   * the worker): the share of time the WebAssembly engine ran statements.
   */
  engineThreadUtilization(): EventLoopUtilization;
  /** Starts the psql port on the engine's thread; `close()` stops it first. */
  startWirePort(options: HostedWireOptions): Promise<HostedWirePort>;
}

export interface OpenHostedOptions {
  dataDir?: string;
  /** Where the host's psql-port log lines go. */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;
}

// Errors rebuilt as their own classes, so that `instanceof` keeps working across the thread.
const ERROR_CLASSES: Record<string, (message: string, fields: Record<string, unknown>) => Error> = {
  DataDirLockedError: (_message, fields) =>
    new DataDirLockedError(
      String(fields.dataDir),
      typeof fields.owner === 'string' ? fields.owner : undefined,
    ),
  StorageFailureError: (message, fields) => {
    const error = new StorageFailureError(fields.failure as StorageFailure, '');
    error.message = message;
    return error;
  },
};

const WORKER_URL = new URL('./host-worker.ts', import.meta.url);

/** One engine host thread, from its start to its end. */
interface Host {
  worker: Worker;
  /** Settles when the host is open (rejects if opening failed). */
  opened: Promise<{ dataDir: string | null; engineDir: string | null; lockFd: number | null }>;
  /** Since when a psql cycle has been inside the engine (undefined: none is). */
  psqlBusySince: number | undefined;
  /** This host was ended on purpose (a restart): its exit is not the engine failing. */
  retired: boolean;
}

export async function openHostedEmbedded(options: OpenHostedOptions = {}): Promise<HostedEmbeddedDatabase> {
  const pending = new Map<number, PromiseWithResolvers<unknown>>();
  const storageListeners = new Set<(failure: StorageFailure) => void>();
  const notifyListeners = new Map<string, Set<(payload: string) => void>>();
  const reconnectListeners = new Map<string, Set<() => void>>();
  let nextId = 0;
  let exited: Error | null = null;
  let wireOptions: HostedWireOptions | undefined;
  let restarting: Promise<void> | null = null;

  const failPending = (error: Error): void => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  const startHost = (): Host => {
    const opened = Promise.withResolvers<Awaited<Host['opened']>>();
    const host: Host = {
      worker: new Worker(WORKER_URL, { workerData: { dataDir: options.dataDir } }),
      opened: opened.promise,
      psqlBusySince: undefined,
      retired: false,
    };
    host.worker.on('message', (event: HostEvent) => {
      switch (event.event) {
        case 'ready':
          opened.resolve({ dataDir: event.dataDir, engineDir: event.engineDir, lockFd: event.lockFd });
          return;
        case 'open-failed':
          opened.reject(rebuild(event.error));
          return;
        case 'reply': {
          const call = pending.get(event.id);
          pending.delete(event.id);
          if (event.ok) call?.resolve(event.value);
          else call?.reject(rebuild(event.error));
          return;
        }
        case 'psql':
          host.psqlBusySince = event.busy ? performance.now() : undefined;
          return;
        case 'notify':
          for (const listener of notifyListeners.get(event.channel) ?? []) listener(event.payload);
          return;
        case 'storage-failure':
          for (const listener of storageListeners) listener(event.failure);
          return;
        case 'log':
          options.log?.(event.level, event.msg, event.fields);
      }
    });
    // The host thread dying (a WebAssembly abort it could not catch) is the engine aborting.
    host.worker.on('error', (error: Error) => {
      if (host.retired) return;
      exited ??= error;
      failPending(error);
      opened.reject(error);
      for (const listener of storageListeners) listener({ kind: 'engine-aborted', detail: error.message });
    });
    host.worker.on('exit', (code) => {
      if (host.retired) return;
      const error = new Error(`the engine host thread exited (code ${code})`);
      exited ??= error;
      failPending(error);
      opened.reject(error);
    });
    return host;
  };

  let host = startHost();
  const { dataDir, engineDir } = await host.opened;
  const lockFile = dataDir === null ? null : dataDirLayout(dataDir).lockFile;

  /** Sends a request to the current host thread and waits for its reply. */
  const send = <T>(request: HostRequest): Promise<T> => {
    const id = ++nextId;
    const reply = Promise.withResolvers<unknown>();
    pending.set(id, reply);
    host.worker.postMessage({ id, request });
    return reply.promise as Promise<T>;
  };
  /** `send`, once a restart in progress has brought the engine back. */
  const call = async <T>(request: HostRequest): Promise<T> => {
    if (restarting) await restarting;
    if (exited) throw exited;
    return send<T>(request);
  };

  /**
   * A psql statement ran past its bound: end the engine's thread (the statement with it), free the
   * data directory's lock, and open the data directory again on a new thread — as after a kill -9
   * of the process, the write-ahead log brings back every commit. The app's calls in flight fail
   * (their callers retry); pg-boss's LISTENs and the psql port come back.
   */
  const restart = async (reason: string): Promise<void> => {
    const old = host;
    old.retired = true;
    options.log?.('warn', 'restarting the embedded engine', { reason });
    const { lockFd } = await old.opened;
    await old.worker.terminate();
    // The lock's descriptor is the process's: if the thread's end has not closed it, close it here
    // — only if that number is still the lock file (else it was closed and reused).
    if (lockFd !== null && lockFile !== null) closeIfSameFile(lockFd, lockFile);
    failPending(new Error(`the embedded engine restarted: ${reason}`));
    host = startHost();
    await host.opened;
    for (const channel of notifyListeners.keys()) await send({ op: 'listen', channel });
    if (wireOptions) await send({ op: 'startWire', options: wireOptions });
    for (const listeners of reconnectListeners.values()) for (const listener of listeners) listener();
    options.log?.('info', 'the embedded engine is back', {});
  };

  const watchdog = setInterval(() => {
    const bound = wireOptions?.statementMaxMs;
    const since = host.psqlBusySince;
    if (bound === undefined || since === undefined || restarting || exited) return;
    if (performance.now() - since < bound) return;
    restarting = restart(`a psql statement ran longer than ${bound} ms (DB_PORT_STATEMENT_MAX_MS)`)
      .catch((error: unknown) => {
        exited ??= error instanceof Error ? error : new Error(String(error));
        failPending(exited);
        for (const listener of storageListeners)
          listener({ kind: 'engine-aborted', detail: `could not restart the engine: ${exited.message}` });
      })
      .finally(() => {
        restarting = null;
      });
  }, 250);
  watchdog.unref();

  let closing: Promise<void> | null = null;

  const transactionOn = (tx: number): Transaction => ({
    query: <Row>(text: string, values?: readonly unknown[]) =>
      call<QueryResult<Row>>({ op: 'query', text, tx, ...(values ? { values: [...values] } : {}) }),
    exec: async (text: string) => {
      await call({ op: 'exec', text, tx });
    },
    executeSql: (text, values) => call({ op: 'boss', text, tx, ...(values ? { values } : {}) }),
  });

  return {
    kind: 'embedded',
    dataDir,
    engineDir,
    query: <Row>(text: string, values?: readonly unknown[]) =>
      call<QueryResult<Row>>({ op: 'query', text, ...(values ? { values: [...values] } : {}) }),
    exec: async (text) => {
      await call({ op: 'exec', text });
    },
    whileLeader: leadAlone,
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const tx = await call<number>({ op: 'begin' });
      let result: T;
      try {
        result = await fn(transactionOn(tx));
      } catch (error) {
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    bossDb: {
      executeSql: (text, values) => call({ op: 'boss', text, ...(values ? { values } : {}) }),
      listen: async (channel, onNotification, onReconnect) => {
        let set = notifyListeners.get(channel);
        if (!set) notifyListeners.set(channel, (set = new Set()));
        set.add(onNotification);
        let reconnects = reconnectListeners.get(channel);
        if (!reconnects) reconnectListeners.set(channel, (reconnects = new Set()));
        reconnects.add(onReconnect);
        await call({ op: 'listen', channel });
        onReconnect();
        return {
          close: async () => {
            set.delete(onNotification);
            reconnects.delete(onReconnect);
            if (set.size === 0) {
              notifyListeners.delete(channel);
              reconnectListeners.delete(channel);
              await call({ op: 'unlisten', channel });
            }
          },
        };
      },
    },
    engineThreadUtilization: () => host.worker.performance.eventLoopUtilization(),
    onStorageFailure(listener) {
      storageListeners.add(listener);
      return () => storageListeners.delete(listener);
    },
    async startWirePort(requested) {
      const { host: address, port } = await call<{ host: string; port: number }>({
        op: 'startWire',
        options: requested,
      });
      // A restart brings the port back on the same address (port 0 resolved to the one it got).
      wireOptions = { ...requested, host: address, port };
      return {
        host: address,
        port,
        connectionString: (database = 'postgres') =>
          `postgres://postgres@${address}:${port}/${encodeURIComponent(database)}`,
        close: async () => {
          wireOptions = undefined;
          if (!exited) await call({ op: 'stopWire' });
        },
      };
    },
    close() {
      closing ??= (async () => {
        clearInterval(watchdog);
        if (restarting) await restarting.catch(() => undefined);
        if (!exited) {
          try {
            await call({ op: 'close' });
          } finally {
            host.retired = true;
            await host.worker.terminate().catch(() => undefined);
          }
        }
      })();
      return closing;
    },
  };
}

function rebuild(error: SerializedError): Error {
  return deserializeError(error, ERROR_CLASSES);
}

function closeIfSameFile(fd: number, file: string): void {
  let open: fs.Stats;
  try {
    open = fs.fstatSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EBADF') return; // closed with the thread
    throw error;
  }
  const onDisk = fs.statSync(file);
  if (open.dev === onDisk.dev && open.ino === onDisk.ino) fs.closeSync(fd);
}
