// Serving the built dashboard (adapter-node handler) on a port, in the all-in-one process or on its
// own. Plain Node 24 TypeScript: no Vite at run time unless the build is missing or stale.
import type http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveHttp, type HttpServer } from '../runtime/http-server.ts';
import { BUILD_DIR, ensureBuilt } from './build.ts';
import { handOverApiUrl } from './src/lib/server/api-address.ts';

export type UiServer = HttpServer;

export interface UiOptions {
  /** Base URL of the Koa API, e.g. http://127.0.0.1:8080. */
  apiUrl: string;
  port: number;
  host: string;
  log?: (line: string) => void;
  closeTimeoutMs?: number;
}

/**
 * On every page and asset: no MIME sniffing, no framing by other sites (clickjacking), no full URLs
 * leaked to other origins. (A script CSP would need SvelteKit's nonces: not set yet.)
 */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export async function startUi(options: UiOptions): Promise<UiServer> {
  await ensureBuilt(options.log);
  // One UI per process: the built app is a module singleton, so the address is process-wide.
  handOverApiUrl(options.apiUrl);
  const { handler } = (await import(pathToFileURL(path.join(BUILD_DIR, 'handler.js')).href)) as {
    handler: Handler;
  };
  return serveHttp((req, res) => {
    for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) res.setHeader(name, value);
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  }, options);
}
