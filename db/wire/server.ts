// The TCP listener for the embedded database's Postgres port: accepts psql, pgtyped and `pg`
// clients on 127.0.0.1, keeps the registry of live connections, and closes them all on shutdown.
import net from 'node:net';
import type { WireBackend } from '../engine/embedded.ts';
import { WireConnection, type WireLog } from './connection.ts';
import { dataRows, errorResponse, queryMessage } from './protocol.ts';
import { SETTINGS_SNAPSHOT_SQL, parseSettingsSnapshot, type SettingsSnapshot } from './session-settings.ts';

export type { WireLog, WireLogLevel } from './connection.ts';

export interface WireServerOptions {
  backend: WireBackend;
  /** Defaults to 127.0.0.1. There is no authentication: do not listen beyond loopback. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** A client transaction idle longer than this is rolled back and the client disconnected (25P03). */
  transactionTimeoutMs: number;
  /** Statements that restore the shared session after a client leaves (EMBEDDED_SESSION_SETUP). */
  sessionSetup: readonly string[];
  log?: WireLog;
}

export interface WireServer {
  readonly host: string;
  readonly port: number;
  /** A URL for psql or `pg`; any database name is accepted (there is only one). */
  connectionString(database?: string): string;
  readonly clientCount: number;
  /** Stops listening, ends every client (rolling back open transactions); resolves once the port is free. */
  close(): Promise<void>;
}

// Process-wide, so statement-name prefixes stay unique even across servers on one engine.
let lastConnectionId = 0;

export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const host = options.host ?? '127.0.0.1';
  const log: WireLog = options.log ?? (() => undefined);
  if (!(options.transactionTimeoutMs > 0))
    throw new Error('startWireServer: transactionTimeoutMs must be > 0');
  const { serverParameters, baselineSettings } = await readSession(options.backend);
  const connections = new Set<WireConnection>();

  const server = net.createServer((socket) => {
    const id = ++lastConnectionId;
    try {
      const connection = new WireConnection(socket, {
        id,
        backend: options.backend,
        transactionTimeoutMs: options.transactionTimeoutMs,
        sessionSetup: options.sessionSetup,
        serverParameters,
        baselineSettings,
        log,
      });
      connections.add(connection);
      void connection.closed.then(() => connections.delete(connection));
    } catch (error) {
      log('error', 'could not set up a wire client', {
        client: id,
        remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
        error: error instanceof Error ? error.message : String(error),
      });
      socket.destroy();
    }
  });
  server.on('error', (error) => log('error', 'wire server error', { error: error.message, host }));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(
        new Error(`wire port: cannot listen on ${host}:${options.port}: ${error.message}`, { cause: error }),
      );
    };
    server.once('error', onError);
    server.listen({ host, port: options.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('wire port: unexpected listen address');
  const port = address.port;
  log('info', 'wire port listening', { host, port });

  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    // No sslmode parameter: the port answers an SSLRequest with 'N', so libpq's default (prefer)
    // and node-postgres's default (no SSL) both connect as typed.
    connectionString: (database = 'postgres') =>
      `postgres://postgres@${host}:${port}/${encodeURIComponent(database)}`,
    get clientCount() {
      return connections.size;
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const ending = [...connections].map((connection) => {
          connection.terminate(
            'wire server closing',
            errorResponse({
              severity: 'FATAL',
              code: '57P01',
              message: 'terminating connection due to administrator command',
            }),
          );
          return connection.closed;
        });
        await Promise.all(ending);
        await stopped;
        log('info', 'wire port closed', { host, port });
      })();
      return closing;
    },
  };
}

/**
 * The session as it is now: the ParameterStatus values announced to each client at startup, and
 * the settings baseline restored after each client leaves.
 */
async function readSession(
  backend: WireBackend,
): Promise<{ serverParameters: Map<string, string>; baselineSettings: SettingsSnapshot }> {
  const names = ['TimeZone', 'DateStyle', 'IntervalStyle', 'server_encoding', 'is_superuser'] as const;
  const release = await backend.acquireExclusive();
  let row: (string | null)[] | undefined;
  let baselineSettings: SettingsSnapshot;
  try {
    const sql = `SELECT ${names.map((n) => `current_setting('${n}')`).join(', ')}, current_user`;
    row = dataRows(await backend.execProtocolRaw(queryMessage(sql)))[0];
    baselineSettings = parseSettingsSnapshot(
      await backend.execProtocolRaw(queryMessage(SETTINGS_SNAPSHOT_SQL)),
    );
  } finally {
    release();
  }
  if (baselineSettings.size === 0) throw new Error('wire port: could not read the session settings baseline');
  const value = (i: number, fallback: string): string => row?.[i] ?? fallback;
  const serverParameters = new Map([
    ['server_version', backend.serverVersion],
    ['server_encoding', value(3, 'UTF8')],
    ['client_encoding', 'UTF8'],
    ['DateStyle', value(1, 'ISO, MDY')],
    ['IntervalStyle', value(2, 'postgres')],
    ['TimeZone', value(0, 'UTC')],
    ['integer_datetimes', 'on'],
    ['standard_conforming_strings', 'on'],
    ['is_superuser', value(4, 'on')],
    ['session_authorization', value(5, 'postgres')],
    ['default_transaction_read_only', 'off'],
    ['in_hot_standby', 'off'],
  ]);
  return { serverParameters, baselineSettings };
}
