// The control socket of a running embedded app (`npm start`): a Unix socket in DATA_DIR, owner-only,
// through which a command run beside the app hands it work that needs the data directory the app
// holds (today: a backfill). One JSON object per line each way.
//
//   client → app: {"command":"backfill","files":[…],"batchSize":2000,"restart":false}
//                 {"command":"stop"}                 (later, on Ctrl-C: stop after the batch in flight)
//   app → client: {"type":"progress","state":{…}}    (at most twice a second)
//                 {"type":"summary","summary":{…}}   (last)
//                 {"type":"error","message":"…"}     (last)
import path from 'node:path';
import { z } from 'zod';

export const CONTROL_SOCKET_NAME = 'control.sock';

export function controlSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), CONTROL_SOCKET_NAME);
}

export const BackfillRequest = z.object({
  command: z.literal('backfill'),
  files: z.array(z.string().refine((f) => path.isAbsolute(f), 'file paths must be absolute')).min(1),
  batchSize: z.number().int().min(1).max(50_000),
  restart: z.boolean(),
});
export type BackfillRequest = z.infer<typeof BackfillRequest>;

export const StopRequest = z.object({ command: z.literal('stop') });

/** What the app sends back: the work's own progress and summary (ingest/backfill's, for a backfill). */
export type ControlReply<Progress, Summary> =
  | { type: 'progress'; state: Progress }
  | { type: 'summary'; summary: Summary }
  | { type: 'error'; message: string };
