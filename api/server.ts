// Serving the API on API_HOST:API_PORT (runtime/http-server.ts: timeouts, graceful close), with
// the engine's data-changes feed when answers are reused (API_CACHE, ../db/data-changes.ts).
import { watchDataChanges } from '../db/data-changes.ts';
import type { AnyDatabase } from '../db/open.ts';
import { serveHttp, type HttpServer } from '../runtime/http-server.ts';
import { createApi, type ApiOptions } from './app.ts';

export type ApiServer = HttpServer;

export type StartApiOptions = Omit<ApiOptions, 'db' | 'changes'> & {
  db: AnyDatabase;
  closeTimeoutMs?: number;
};

export async function startApi(options: StartApiOptions): Promise<ApiServer> {
  const changes = options.config.cache ? await watchDataChanges(options.db) : undefined;
  const app = createApi({ ...options, changes });
  const handle = app.callback();
  const server = await serveHttp(
    (req, res) => {
      void handle(req, res);
    },
    {
      port: options.config.port,
      host: options.config.host,
      ...(options.closeTimeoutMs ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
    },
  ).catch(async (error: unknown) => {
    await changes?.close();
    throw error;
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      await changes?.close();
    },
  };
}
