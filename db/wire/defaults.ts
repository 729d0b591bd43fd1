// The wire port's defaults, in a module of their own so that config modules can name them without
// loading the port (and its parser's WebAssembly).

/** 'read-only': clients cannot change data; 'read-write': maintenance (./sql-policy.ts). */
export type PortMode = 'read-only' | 'read-write';

export const WIRE_DEFAULTS = {
  mode: 'read-only',
  maxClients: 16,
  startupTimeoutMs: 10_000,
  maxMessageBytes: 8 * 1024 * 1024,
  transactionMaxMs: 60_000,
  /** npm start: a psql statement running longer restarts the engine (db/host/hosted.ts). */
  statementMaxMs: 60_000,
} as const satisfies {
  mode: PortMode;
  maxClients: number;
  startupTimeoutMs: number;
  maxMessageBytes: number;
  transactionMaxMs: number;
  statementMaxMs: number;
};
