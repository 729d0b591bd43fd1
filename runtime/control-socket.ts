// The app side of the control socket (./control-protocol.ts): `npm start` on the embedded engine
// listens on DATA_DIR/control.sock (mode 0600: only the owner of the data directory may hand it
// work) and runs a backfill asked for there as the command would itself — the same code, the same
// transactions and resume points — so `npm run backfill` works while the app holds the directory.
// One backfill at a time. The client going away (killed) stops the backfill after the batch in
// flight, as Ctrl-C does; a stopping app stops it the same way, and a re-run continues.
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import type { Logger } from 'pino';
import { BackfillRequest, StopRequest, controlSocketPath, type ControlReply } from './control-protocol.ts';

/** Runs a backfill asked for on the socket (app/all-in-one.ts: ingest/backfill's backfillFiles). */
export type RunBackfill<Progress, Summary> = (
  request: BackfillRequest,
  signal: AbortSignal,
  onProgress: (state: Progress) => void,
) => Promise<Summary>;

export interface ControlSocket {
  readonly path: string;
  close(): Promise<void>;
}

const PROGRESS_EVERY_MS = 500;

export async function startControlSocket<Progress, Summary>(options: {
  dataDir: string;
  log: Logger;
  runBackfill: RunBackfill<Progress, Summary>;
}): Promise<ControlSocket> {
  const { log } = options;
  const socketPath = controlSocketPath(options.dataDir);
  // The data directory's lock is ours: a socket file left there is a dead app's.
  fs.rmSync(socketPath, { force: true });
  let running: { stop: AbortController; done: Promise<unknown> } | null = null;

  const server = net.createServer((socket) => {
    const send = (reply: ControlReply<Progress, Summary>) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
    };
    const stop = new AbortController();
    socket.on('close', () => stop.abort());
    socket.on('error', () => stop.abort());
    let started = false;
    const lines = readline.createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        send({ type: 'error', message: 'not JSON' });
        socket.end();
        return;
      }
      if (started) {
        if (StopRequest.safeParse(message).success) stop.abort();
        return;
      }
      started = true;
      const request = BackfillRequest.safeParse(message);
      if (!request.success) {
        send({ type: 'error', message: `bad request: ${request.error.message}` });
        socket.end();
        return;
      }
      if (running) {
        send({ type: 'error', message: 'a backfill is already running in this app; wait for it to end' });
        socket.end();
        return;
      }
      const missing = request.data.files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
      if (missing.length > 0) {
        send({ type: 'error', message: `the app cannot read: ${missing.join(', ')}` });
        socket.end();
        return;
      }
      log.info({ files: request.data.files.length }, 'backfill handed over on the control socket');
      let lastProgress = 0;
      const done = options
        .runBackfill(request.data, stop.signal, (state) => {
          const now = Date.now();
          if (now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          send({ type: 'progress', state });
        })
        .then(
          (summary) => send({ type: 'summary', summary }),
          (error: unknown) => {
            log.error({ err: error }, 'backfill from the control socket failed');
            send({ type: 'error', message: (error as Error).message });
          },
        )
        .finally(() => {
          running = null;
          socket.end();
        });
      running = { stop, done };
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  log.info({ path: socketPath }, 'control socket listening');

  return {
    path: socketPath,
    close: async () => {
      running?.stop.abort();
      await running?.done;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(socketPath, { force: true });
    },
  };
}
