// Serving the built dashboard (adapter-node handler) on a port, in the all-in-one process or on its
// own. Plain Node 24 TypeScript: no Vite at run time unless the build is missing or stale.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_DIR, ensureBuilt } from './build.ts';

export interface UiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface UiOptions {
  /** Base URL of the Koa API, e.g. http://127.0.0.1:8080. */
  apiUrl: string;
  port: number;
  host: string;
  log?: (line: string) => void;
  closeTimeoutMs?: number;
}

/** Must match API_URL_KEY in src/lib/server/api.ts (the built app reads it per request). */
const API_URL_KEY = Symbol.for('reddit-seriousness.ui.apiUrl');

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export async function startUi(options: UiOptions): Promise<UiServer> {
  await ensureBuilt(options.log);
  // One UI per process: the built app is a module singleton, so the address is process-wide.
  (globalThis as Record<symbol, unknown>)[API_URL_KEY] = options.apiUrl.replace(/\/+$/, '');
  const { handler } = (await import(pathToFileURL(path.join(BUILD_DIR, 'handler.js')).href)) as {
    handler: Handler;
  };
  const server = http.createServer((req, res) => {
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => server.closeAllConnections(), options.closeTimeoutMs ?? 5_000);
        deadline.unref();
        server.close((error) => {
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
