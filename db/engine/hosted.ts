// The embedded engine on a thread of its own (./host-worker.ts), seen from the app's thread through
// the same `Database` seam as the in-process engine and the server Pool. Every process that opens
// an embedded data directory (npm start, the roles, the CLIs) goes through here: a statement that
// runs long in the WebAssembly engine — a psql client's pg_sleep, a refresh after a backfill, a big
// scoring batch — then holds the engine's thread, never the event loop that answers HTTP, reads
// Reddit and runs the model (issue #14; ARCHITECTURE.md §9). Tests keep the in-process engine
// (./embedded.ts), which the host itself runs.
import { Worker } from 'node:worker_threads';
import type { Db as IDatabase } from 'pg-boss';
import { DataDirLockedError } from './data-dir-lock.ts';
import {
  deserializeError,
  type HostEvent,
  type HostRequest,
  type HostedWireOptions,
  type SerializedError,
} from './host-protocol.ts';
import { StorageFailureError, type StorageFailure } from './storage-failure.ts';
import type { Database, QueryResult, Transaction } from './types.ts';

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

export async function openHostedEmbedded(options: OpenHostedOptions = {}): Promise<HostedEmbeddedDatabase> {
  const worker = new Worker(WORKER_URL, { workerData: { dataDir: options.dataDir } });
  const pending = new Map<number, PromiseWithResolvers<unknown>>();
  const storageListeners = new Set<(failure: StorageFailure) => void>();
  const notifyListeners = new Map<string, Set<(payload: string) => void>>();
  let nextId = 0;
  let exited: Error | null = null;
  const opened = Promise.withResolvers<{ dataDir: string | null; engineDir: string | null }>();

  const fail = (error: Error): void => {
    exited ??= error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
    opened.reject(error);
  };
  worker.on('message', (event: HostEvent) => {
    switch (event.event) {
      case 'ready':
        opened.resolve({ dataDir: event.dataDir, engineDir: event.engineDir });
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
  worker.on('error', (error: Error) => {
    fail(error);
    for (const listener of storageListeners) listener({ kind: 'engine-aborted', detail: error.message });
  });
  worker.on('exit', (code) => fail(new Error(`the engine host thread exited (code ${code})`)));

  const call = <T>(request: HostRequest): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = ++nextId;
    const reply = Promise.withResolvers<unknown>();
    pending.set(id, reply);
    worker.postMessage({ id, request });
    return reply.promise as Promise<T>;
  };

  const { dataDir, engineDir } = await opened.promise;
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
        await call({ op: 'listen', channel });
        onReconnect();
        return {
          close: async () => {
            set.delete(onNotification);
            if (set.size === 0) {
              notifyListeners.delete(channel);
              await call({ op: 'unlisten', channel });
            }
          },
        };
      },
    },
    onStorageFailure(listener) {
      storageListeners.add(listener);
      return () => storageListeners.delete(listener);
    },
    async startWirePort(wireOptions) {
      const { host, port } = await call<{ host: string; port: number }>({
        op: 'startWire',
        options: wireOptions,
      });
      return {
        host,
        port,
        connectionString: (database = 'postgres') =>
          `postgres://postgres@${host}:${port}/${encodeURIComponent(database)}`,
        close: async () => {
          if (!exited) await call({ op: 'stopWire' });
        },
      };
    },
    close() {
      closing ??= (async () => {
        if (!exited) {
          try {
            await call({ op: 'close' });
          } finally {
            await worker.terminate().catch(() => undefined);
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
