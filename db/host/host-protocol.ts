// The messages between the app's thread and the engine host's thread (./hosted.ts ↔
// ./host-worker.ts), and how an error crosses between them with the fields callers read (code,
// detail, the storage failure, the lock owner) intact.
import type { StorageFailure } from '../engine/storage-failure.ts';
import type { PortMode } from '../wire/defaults.ts';

export interface HostedWireOptions {
  host?: string;
  port: number;
  transactionTimeoutMs: number;
  mode?: PortMode;
  transactionMaxMs?: number;
  maxClients?: number;
  startupTimeoutMs?: number;
  maxMessageBytes?: number;
  /**
   * A psql client's statement running longer than this restarts the engine (it cannot be
   * interrupted): the client is disconnected, the app's calls in flight fail and are retried.
   */
  statementMaxMs?: number;
}

export type HostRequest =
  | { op: 'query'; text: string; values?: unknown[]; tx?: number }
  | { op: 'exec'; text: string; tx?: number }
  /** pg-boss's executeSql (values → one statement; none → a block whose rows are flattened). */
  | { op: 'boss'; text: string; values?: unknown[]; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  | { op: 'startWire'; options: HostedWireOptions }
  | { op: 'stopWire' }
  | { op: 'close' };

export type HostEvent =
  | { event: 'ready'; dataDir: string | null; engineDir: string | null; lockFd: number | null }
  /** A psql client's protocol cycle entered the engine (busy) or left it (idle). */
  | { event: 'psql'; busy: boolean }
  | { event: 'open-failed'; error: SerializedError }
  | { event: 'reply'; id: number; ok: true; value: unknown }
  | { event: 'reply'; id: number; ok: false; error: SerializedError }
  | { event: 'notify'; channel: string; payload: string }
  | { event: 'storage-failure'; failure: StorageFailure }
  | {
      event: 'log';
      level: 'debug' | 'info' | 'warn' | 'error';
      msg: string;
      fields: Record<string, unknown>;
    };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** Own enumerable fields worth keeping: code, detail, hint, position, failure, owner, dataDir… */
  fields: Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function') continue;
    try {
      structuredClone(value);
      fields[key] = value;
    } catch {
      // not cloneable: left behind
    }
  }
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), fields };
}

/** An Error with the original's name, message and fields; `classes` rebuilds known ones by name. */
export function deserializeError(
  serialized: SerializedError,
  classes: Record<string, (message: string, fields: Record<string, unknown>) => Error> = {},
): Error {
  const make = classes[serialized.name];
  const error = make ? make(serialized.message, serialized.fields) : new Error(serialized.message);
  if (!make) error.name = serialized.name;
  Object.assign(error, serialized.fields);
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
