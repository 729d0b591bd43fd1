// The command side of the control socket (./control-protocol.ts): hands a backfill to the running
// app that holds the data directory, shows its progress, and on Ctrl-C asks it to stop after the
// batch in flight (the summary still comes back, marked stopped).
import net from 'node:net';
import readline from 'node:readline';
import { controlSocketPath, type BackfillRequest, type ControlReply } from './control-protocol.ts';

export class ControlSocketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlSocketError';
  }
}

export async function backfillThroughRunningApp<Progress, Summary>(
  dataDir: string,
  request: Omit<BackfillRequest, 'command'>,
  options: { signal?: AbortSignal; onProgress?: (state: Progress) => void } = {},
): Promise<Summary> {
  const socketPath = controlSocketPath(dataDir);
  const socket = net.createConnection(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ControlSocketError(
          `The data directory ${dataDir} is held by a process that takes no work (${error.code ?? error.message} ` +
            `on ${socketPath}): only \`npm start\` does. Stop that process, or point DATA_DIR elsewhere.`,
        ),
      ),
    );
  });
  console.error(`The data directory is held by the running app: the backfill runs there (${socketPath}).`);
  socket.write(`${JSON.stringify({ command: 'backfill', ...request })}\n`);
  const stop = () => socket.write(`${JSON.stringify({ command: 'stop' })}\n`);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const line of readline.createInterface({ input: socket, crlfDelay: Infinity })) {
      const reply = JSON.parse(line) as ControlReply<Progress, Summary>;
      if (reply.type === 'progress') options.onProgress?.(reply.state);
      else if (reply.type === 'summary') return reply.summary;
      else throw new ControlSocketError(`the running app refused or failed the backfill: ${reply.message}`);
    }
    throw new ControlSocketError('the running app closed the control socket before the backfill ended');
  } finally {
    options.signal?.removeEventListener('abort', stop);
    socket.destroy();
  }
}
