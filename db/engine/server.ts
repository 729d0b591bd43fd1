// The server engine: a `pg` Pool on a real TimescaleDB (docker-compose, Kubernetes, testcontainers).
// TimescaleDB's own background workers run the refresh and compression policies here.
import pg from 'pg';
import { leadWithAdvisoryLock } from './leadership.ts';
import type { BossExecutor, Database, Transaction } from './types.ts';

export interface ServerDatabase extends Database {
  readonly kind: 'server';
  readonly connectionString: string;
  readonly pool: pg.Pool;
}

export interface OpenServerOptions {
  connectionString: string;
  /** Pool size; the default suits one process of one role. */
  max?: number;
  applicationName?: string;
}

function makeTransaction(client: pg.PoolClient): Transaction {
  const executeSql: BossExecutor['executeSql'] = async (text, values) => {
    const result = await client.query(text, values);
    // A multi-statement simple query returns an array of results; pg-boss wants the rows of all.
    const results = Array.isArray(result) ? (result as pg.QueryResult[]) : [result];
    return { rows: results.flatMap((r) => r.rows as unknown[]) };
  };
  return {
    query: async <Row>(text: string, values?: readonly unknown[]) => {
      const result = await client.query(text, values ? [...values] : undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    exec: async (sql: string) => {
      await client.query(sql);
    },
    executeSql,
  };
}

export async function openServer(options: OpenServerOptions): Promise<ServerDatabase> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'reddit-seriousness',
  });
  // An idle client's socket error would otherwise be an unhandled 'error' event and kill the process.
  pool.on('error', (error) => {
    console.error(`postgres pool: idle client error: ${error.message}`);
  });
  // Fail at start-up, with the server's own message, rather than at the first request.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  let closed = false;
  return {
    kind: 'server',
    connectionString: options.connectionString,
    pool,
    query: async <Row>(text: string, values?: readonly unknown[]) => {
      const result = await pool.query(text, values ? [...values] : undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    whileLeader: leadWithAdvisoryLock(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(makeTransaction(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
