// Stops the embedded engine from taking any statement once its storage has failed.
//
// Why: after a failed write-ahead-log write (a full disk: "could not write to file
// pg_wal/xlogtemp…", seen here) Postgres PANICs, so that no commit can land after the hole such a
// write may leave and be lost to crash recovery. This PGlite build reports an ERROR instead and
// carries on taking statements. The guard restores Postgres' rule: from the first storage failure
// on, nothing else reaches the engine — not the next statement already queued on its lock, not a
// ROLLBACK, not the shutdown checkpoint — so the next start recovers exactly the commits made
// before it (storage-guard.test.ts checks that on a really full disk). It also makes the stop
// prompt: every worker's next statement fails at once instead of retrying against the full disk.
//
// Where: at PGlite's protocol entry points, which every statement passes (query, exec,
// transactions, pg-boss's adapter, the psql port), inside the engine's lock, so no statement can
// slip in between the failure and the gate closing.
import { scanBackendOutput } from '../protocol/messages.ts';
import { classifyStorageError, StorageFailureError, type StorageFailure } from './storage-failure.ts';

/** The three protocol entry points of PGlite 0.3: every statement passes through one of them. */
interface ProtocolEngine {
  execProtocolRaw(message: Uint8Array, options?: { syncToFs?: boolean }): Promise<Uint8Array>;
  execProtocolStream(message: Uint8Array, options?: ProtocolOptions): Promise<unknown[]>;
  execProtocol(message: Uint8Array, options?: ProtocolOptions): Promise<{ messages: unknown[] }>;
}

interface ProtocolOptions {
  /** Default true: an ErrorResponse is thrown, so the messages need no second look. */
  throwOnError?: boolean;
}

export interface StorageGuard {
  /** The first storage failure, once there has been one. */
  readonly failure: StorageFailure | undefined;
  /** Called once, with the first failure. Returns the unsubscribe function. */
  onFailure(listener: (failure: StorageFailure) => void): () => void;
}

/** `53100: could not extend file …` (scanBackendOutput's form) → an error classifyStorageError reads. */
function backendError(text: string): Error {
  const match = /^([0-9A-Z]{5}): ([\s\S]*)$/.exec(text);
  return Object.assign(new Error(match?.[2] ?? text), { code: match?.[1] });
}

const isErrorMessage = (message: unknown) => (message as { name?: unknown } | null)?.name === 'error';

export function guardStorage(engine: ProtocolEngine, dataDir: string): StorageGuard {
  const listeners = new Set<(failure: StorageFailure) => void>();
  let failure: StorageFailure | undefined;
  const detect = (error: unknown) => {
    const found = classifyStorageError(error);
    if (!found || failure) return;
    failure = found;
    for (const listener of listeners) listener(found);
  };

  // How PGlite 0.3 runs a statement: query/exec/transaction call execProtocolStream (messages
  // parsed as they stream, raw output empty), close and some internals call execProtocol, the psql
  // port calls execProtocolRaw (raw bytes back); the first two call execProtocolRaw underneath.
  // The gate is at execProtocolRaw; errors are read wherever they surface, before the caller (which
  // holds the engine's lock) lets the next statement in.
  const raw = engine.execProtocolRaw.bind(engine);
  engine.execProtocolRaw = async (message, options) => {
    if (failure) throw new StorageFailureError(failure, dataDir);
    let output: Uint8Array;
    try {
      output = await raw(message, options);
    } catch (error) {
      detect(error); // a WebAssembly abort surfaces as a thrown RuntimeError
      throw error;
    }
    if (output.length > 0) {
      let firstError: string | null = null;
      try {
        firstError = scanBackendOutput(output).firstError;
      } catch {
        // Output the scan cannot walk is the psql port's to report (it scans it too); the guard
        // must not turn a statement that ran into a failure.
      }
      if (firstError !== null) detect(backendError(firstError));
    }
    return output;
  };
  const stream = engine.execProtocolStream.bind(engine);
  engine.execProtocolStream = async (message, options) => {
    try {
      const messages = await stream(message, options);
      // Only callers that asked not to throw get errors back as messages; every query's DataRows
      // would otherwise be walked a second time for nothing.
      if (options?.throwOnError === false) messages.filter(isErrorMessage).forEach(detect);
      return messages;
    } catch (error) {
      detect(error);
      throw error;
    }
  };
  const exec = engine.execProtocol.bind(engine);
  engine.execProtocol = async (message, options) => {
    try {
      const result = await exec(message, options);
      if (options?.throwOnError === false) result.messages.filter(isErrorMessage).forEach(detect);
      return result;
    } catch (error) {
      detect(error);
      throw error;
    }
  };
  return {
    get failure() {
      return failure;
    },
    onFailure(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
