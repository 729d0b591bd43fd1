// Serving an HTTP handler on a port, the same way for the API and the dashboard: timeouts so slow
// or idle clients cannot hold sockets for ever, a URL to print (a wildcard bind is reached on
// loopback), and a graceful close — stop accepting, let requests in flight finish up to a
// deadline, then drop what is left.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function serveHttp(
  listener: http.RequestListener,
  options: { port: number; host: string; closeTimeoutMs?: number },
): Promise<HttpServer> {
  const server = http.createServer(listener);
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
