// What the port hands each client connection (./server.ts builds it, ./connection.ts reads it): the
// engine, the limits, and the state every client of the port shares.
import type { WireBackend } from '../engine/embedded.ts';
import type { SessionBaseline } from './session-sandbox.ts';
import type { PortMode } from './sql-policy.ts';

export type WireLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type WireLog = (level: WireLogLevel, msg: string, fields: Record<string, unknown>) => void;

export interface ConnectionContext {
  readonly id: number;
  readonly backend: WireBackend;
  readonly mode: PortMode;
  /** A client transaction idle this long is rolled back and the client disconnected (25P03). */
  readonly transactionTimeoutMs: number;
  /** A client holding the engine this long from its first statement is disconnected (25P04). */
  readonly transactionMaxMs: number;
  /** A client that has not completed its startup packet this long after connecting is dropped. */
  readonly startupTimeoutMs: number;
  readonly maxMessageBytes: number;
  readonly maxClients: number;
  /** Whether one more client fits (called once, when this one's startup packet arrives). */
  readonly admit: () => boolean;
  /** Ends the client with `processId` if `secretKey` matches (a cancel request). */
  readonly cancel: (processId: number, secretKey: number) => void;
  /**
   * Shared by every client of the port: advanced when a client's DISCARD ALL or DEALLOCATE ALL
   * dropped every prepared statement of the session; the others prepare theirs again at their next
   * turn, so a pool's reset on one connection never breaks another's statements.
   */
  readonly statementsEpoch: { value: number };
  /** ParameterStatus values announced to every client (application_name is added per client). */
  readonly serverParameters: ReadonlyMap<string, string>;
  /** The app's session when the port started; restored before the app runs again. */
  readonly baseline: SessionBaseline;
  /** A client's read-write turn wrote data (./session-sandbox.ts). */
  readonly onDataWritten: () => void;
  readonly log: WireLog;
}
