// The TCP listener for the embedded database's Postgres port: accepts psql, pgtyped and `pg`
// clients on 127.0.0.1, keeps the registry of live connections, and closes them all on shutdown.
import net from 'node:net';
import type { WireBackend } from '../engine/embedded.ts';
import { WireConnection } from './connection.ts';
import type { WireLog } from './connection-context.ts';
import { dataRows, errorResponse, queryMessage } from '../protocol/messages.ts';
import { readBaseline, type SessionBaseline } from './session-sandbox.ts';
import { WIRE_DEFAULTS, type PortMode } from './defaults.ts';
import { loadSqlParser } from './sql-policy.ts';

export type { WireLog, WireLogLevel } from './connection-context.ts';
export { WIRE_DEFAULTS, type PortMode } from './defaults.ts';

export interface WireServerOptions {
  backend: WireBackend;
  /** Defaults to 127.0.0.1. There is no authentication: do not listen beyond loopback. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** A client transaction idle longer than this is rolled back and the client disconnected (25P03). */
  transactionTimeoutMs: number;
  /** 'read-only' (default): clients cannot change data; 'read-write': maintenance (./sql-policy.ts). */
  mode?: PortMode;
  /** A client holding the engine longer than this from its first statement is disconnected (25P04). */
  transactionMaxMs?: number;
  /** Clients at once; one more gets FATAL 53300 "sorry, too many clients already". */
  maxClients?: number;
  /** A connection that sends no complete startup packet within this time is closed. */
  startupTimeoutMs?: number;
  /** A longer protocol message ends its client (54000) as soon as its header arrives. */
  maxMessageBytes?: number;
  /**
   * Called after a client's turn in read-write mode that wrote data, so that readers which cache
   * answers can drop them (the app's own writes announce themselves on the data-changes channel).
   */
  onDataWritten?: () => void;
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
  const mode = options.mode ?? WIRE_DEFAULTS.mode;
  const maxClients = options.maxClients ?? WIRE_DEFAULTS.maxClients;
  await loadSqlParser();
  const { serverParameters, baseline } = await readSession(options.backend, mode);
  const connections = new Set<WireConnection>();
  /** Clients past their startup packet (admitted), for the limit. */
  let admitted = 0;
  const statementsEpoch = { value: 0 };

  const server = net.createServer((socket) => {
    const id = ++lastConnectionId;
    try {
      let counted = false;
      const connection = new WireConnection(socket, {
        id,
        backend: options.backend,
        mode,
        transactionTimeoutMs: options.transactionTimeoutMs,
        transactionMaxMs: options.transactionMaxMs ?? WIRE_DEFAULTS.transactionMaxMs,
        startupTimeoutMs: options.startupTimeoutMs ?? WIRE_DEFAULTS.startupTimeoutMs,
        maxMessageBytes: options.maxMessageBytes ?? WIRE_DEFAULTS.maxMessageBytes,
        maxClients,
        admit: () => {
          if (admitted >= maxClients) return false;
          admitted++;
          counted = true;
          return true;
        },
        cancel: (processId, secretKey) => {
          for (const other of connections) if (other.id === processId && other.cancel(secretKey)) return;
        },
        statementsEpoch,
        serverParameters,
        baseline,
        onDataWritten: options.onDataWritten ?? (() => undefined),
        log,
      });
      connections.add(connection);
      void connection.closed.then(() => {
        connections.delete(connection);
        if (counted) admitted--;
      });
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
 * the baseline the sandbox restores before the app runs again.
 */
async function readSession(
  backend: WireBackend,
  mode: PortMode,
): Promise<{ serverParameters: Map<string, string>; baseline: SessionBaseline }> {
  const names = ['TimeZone', 'DateStyle', 'IntervalStyle', 'server_encoding', 'is_superuser'] as const;
  const release = await backend.acquireExclusive();
  let row: (string | null)[] | undefined;
  let baseline: SessionBaseline;
  try {
    const sql = `SELECT ${names.map((n) => `current_setting('${n}')`).join(', ')}, current_user`;
    row = dataRows(await backend.execProtocolRaw(queryMessage(sql)))[0];
    baseline = await readBaseline(async (_what, text) => backend.execProtocolRaw(queryMessage(text)));
  } finally {
    release();
  }
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
    ['default_transaction_read_only', mode === 'read-only' ? 'on' : 'off'],
    ['in_hot_standby', 'off'],
  ]);
  return { serverParameters, baseline };
}
