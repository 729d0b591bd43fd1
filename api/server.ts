// Serving the API on a port (app/http-server.ts: timeouts, graceful close).
import { serveHttp, type HttpServer } from '../app/http-server.ts';
import { createApi, type ApiOptions } from './app.ts';

export type ApiServer = HttpServer;

export async function startApi(
  options: ApiOptions & { port: number; host: string; closeTimeoutMs?: number },
): Promise<ApiServer> {
  const app = createApi(options);
  const handle = app.callback();
  return serveHttp((req, res) => {
    void handle(req, res);
  }, options);
}
