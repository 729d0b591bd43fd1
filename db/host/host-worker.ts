// The engine host: the thread that owns the embedded engine (PGlite is WebAssembly, and a statement
// running in it blocks the thread it runs on). The app's queries and transactions arrive as
// messages (./hosted.ts), and the psql port runs here too, so a psql client's long statement, a
// refresh or a re-score holds this thread only: HTTP, parsing, featurising and inference go on on
// the app's (issue #14; ARCHITECTURE.md §9).
import { parentPort, workerData } from 'node:worker_threads';
import { openEmbedded, type EmbeddedDatabase } from '../engine/embedded.ts';
import { serializeError, type HostEvent, type HostRequest } from './host-protocol.ts';
import type { Transaction } from '../engine/types.ts';
import { startWireServer, type WireServer } from '../wire/server.ts';
import { DATA_CHANGES_CHANNEL, EVERYTHING_CHANGED } from '../engine/data-changes.ts';

const port = parentPort;
if (!port) throw new Error('host-worker.ts runs as a worker thread (db/host/hosted.ts starts it)');
const post = (event: HostEvent): void => port.postMessage(event);
const { dataDir } = workerData as { dataDir: string | undefined };

/** Open transactions: each waits here for its `end` message while holding the engine. */
const transactions = new Map<number, { tx: Transaction; end: PromiseWithResolvers<boolean> }>();
const listeners = new Map<string, () => Promise<void>>();
let nextTx = 0;
let wire: WireServer | undefined;
/** A rollback requested by the app's thread, told apart from a failure of the transaction itself. */
class RollbackRequested extends Error {}

let db: EmbeddedDatabase;
try {
  db = await openEmbedded(dataDir === undefined ? {} : { dataDir });
} catch (error) {
  post({ event: 'open-failed', error: serializeError(error) });
  port.close();
  process.exit(0);
}
db.onStorageFailure((failure) => post({ event: 'storage-failure', failure }));
post({ event: 'ready', dataDir: db.dataDir, engineDir: db.engineDir, lockFd: db.lockFd });

function transactionOf(id: number | undefined): Transaction | undefined {
  if (id === undefined) return undefined;
  const open = transactions.get(id);
  if (!open) throw new Error(`engine host: no open transaction ${id}`);
  return open.tx;
}

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const on = transactionOf(request.tx) ?? db;
      return on.query(request.text, request.values);
    }
    case 'exec': {
      const tx = transactionOf(request.tx);
      await (tx ?? db).exec(request.text);
      return null;
    }
    case 'boss': {
      const tx = transactionOf(request.tx);
      return (tx ?? db.bossDb).executeSql(request.text, request.values);
    }
    case 'begin': {
      const id = ++nextTx;
      const started = Promise.withResolvers<number>();
      const end = Promise.withResolvers<boolean>();
      const done = db
        .transaction(async (tx) => {
          transactions.set(id, { tx, end });
          started.resolve(id);
          if (!(await end.promise)) throw new RollbackRequested('rollback');
        })
        .catch((error: unknown) => {
          if (!(error instanceof RollbackRequested)) throw error;
        })
        .finally(() => transactions.delete(id));
      // A BEGIN that fails never reaches the callback: answer with its error.
      return Promise.race([started.promise, done.then(() => id)]).then((value) => {
        endings.set(value, done);
        return value;
      });
    }
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error(`engine host: no open transaction ${request.tx}`);
      open.end.resolve(request.commit);
      await endings.get(request.tx);
      endings.delete(request.tx);
      return null;
    }
    case 'listen': {
      if (!listeners.has(request.channel)) {
        const channel = request.channel;
        if (!db.bossDb.listen) throw new Error('engine host: this engine cannot LISTEN');
        const handle = await db.bossDb.listen(
          channel,
          (payload: string) => post({ event: 'notify', channel, payload }),
          () => undefined,
        );
        listeners.set(channel, () => handle.close());
      }
      return null;
    }
    case 'unlisten': {
      await listeners.get(request.channel)?.();
      listeners.delete(request.channel);
      return null;
    }
    case 'startWire': {
      if (wire) throw new Error('engine host: the psql port is already started');
      const { statementMaxMs: _bound, ...options } = request.options;
      const engine = db.wire;
      wire = await startWireServer({
        ...options,
        // Each psql cycle says when it enters and leaves the engine: the app's thread bounds it
        // (a statement in the WebAssembly engine cannot be interrupted, only its thread ended).
        backend: {
          serverVersion: engine.serverVersion,
          acquireExclusive: () => engine.acquireExclusive(),
          execProtocolRaw: async (message) => {
            post({ event: 'psql', busy: true });
            try {
              return await engine.execProtocolRaw(message);
            } finally {
              post({ event: 'psql', busy: false });
            }
          },
        },
        // A psql client's write does not announce itself: say on its behalf that anything may
        // have changed, as a NOTIFY on the data-changes channel would have.
        onDataWritten: () =>
          post({ event: 'notify', channel: DATA_CHANGES_CHANNEL, payload: EVERYTHING_CHANGED }),
        log: (level, msg, fields) => post({ event: 'log', level, msg, fields }),
      });
      return { host: wire.host, port: wire.port };
    }
    case 'stopWire': {
      await wire?.close();
      wire = undefined;
      return null;
    }
    case 'close': {
      await wire?.close();
      wire = undefined;
      for (const { end } of transactions.values()) end.resolve(false);
      await Promise.allSettled(endings.values());
      await db.close();
      return null;
    }
  }
}

/** Each open transaction's whole life, to await its COMMIT or ROLLBACK on `end`. */
const endings = new Map<number, Promise<void>>();

port.on('message', (message: { id: number; request: HostRequest }) => {
  handle(message.request).then(
    (value) => {
      post({ event: 'reply', id: message.id, ok: true, value });
      if (message.request.op === 'close') port.close();
    },
    (error: unknown) => post({ event: 'reply', id: message.id, ok: false, error: serializeError(error) }),
  );
});
