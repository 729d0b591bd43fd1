// The database seam every process codes against. Two engines implement it (embedded PGlite with
// TimescaleDB, and a pg Pool on a real TimescaleDB server) so that ingest, scorer and api have one
// code path. pgtyped's generated queries accept any `Queryable` as their connection.

import type { WhileLeader } from './leadership.ts';

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows returned or affected (pgtyped's connection contract asks for it). */
  rowCount: number;
}

/** Anything that can run one parameterised statement: the engine itself, or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** pg-boss's adapter contract (`IDatabase.executeSql`), so `boss.send(..., { db: tx })` joins our transaction. */
export interface BossExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Transaction extends Queryable, BossExecutor {
  /** Parameter-less, possibly multi-statement SQL (migrations). */
  exec(sql: string): Promise<void>;
}

export type EngineKind = 'embedded' | 'server';

export interface Database extends Queryable {
  readonly kind: EngineKind;
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Parameter-less, possibly multi-statement SQL, outside any explicit transaction. */
  exec(sql: string): Promise<void>;
  /** Runs work while this process is the one leader for a key (leadership.ts: per engine). */
  whileLeader: WhileLeader;
  close(): Promise<void>;
}
