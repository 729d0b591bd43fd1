// Serving the API on API_HOST:API_PORT (runtime/http-server.ts: timeouts, graceful close).
import { serveHttp, type HttpServer } from '../runtime/http-server.ts';
import { createApi, type ApiOptions } from './app.ts';

export type ApiServer = HttpServer;

export async function startApi(options: ApiOptions & { closeTimeoutMs?: number }): Promise<ApiServer> {
  const app = createApi(options);
  const handle = app.callback();
  return serveHttp(
    (req, res) => {
      void handle(req, res);
    },
    {
      port: options.config.port,
      host: options.config.host,
      ...(options.closeTimeoutMs ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
    },
  );
}
