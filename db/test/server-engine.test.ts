// The server engine's driver seam (pg Pool, transactions, pg-boss joining our transaction) on this
// machine's PostgreSQL 15. That server has no TimescaleDB, so the schema suites run elsewhere
// (db/test/server.test.ts); this keeps the server code path honest where no TimescaleDB exists.
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss } from '../boss.ts';
import { openServer, type ServerDatabase } from '../engine/server.ts';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `seriousness_engine_${process.pid}`;

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database}`); // name from the pid only, not input
    await client.query(`CREATE DATABASE ${database}`);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable();
if (unreachable) console.warn(`[server engine tests] SKIPPED: no PostgreSQL at ${ADMIN_URL}: ${unreachable}`);

describe.skipIf(unreachable !== undefined)(
  `server engine (pg Pool) on PostgreSQL at ${ADMIN_URL}${unreachable ? ` — SKIPPED: ${unreachable}` : ''}`,
  () => {
    let db: ServerDatabase;
    let boss: PgBoss;
    beforeAll(async () => {
      const url = new URL(ADMIN_URL);
      url.pathname = `/${database}`;
      db = await openServer({ connectionString: url.toString(), max: 4 });
      await db.exec(`CREATE TABLE items (id int PRIMARY KEY, note text NOT NULL)`);
      boss = createBoss(db);
      boss.on('error', (error) => console.error('pg-boss error in test', error));
      await boss.start();
      await boss.createQueue('engine-test', { partition: true });
    });
    afterAll(async () => {
      await boss?.stop({ graceful: false, timeout: 5_000 });
      await db?.close();
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, note) VALUES ($1, $2)', [1, 'kept']);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO items (id, note) VALUES ($1, $2)', [2, 'dropped']);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const rows = await db.query<{ id: number }>('SELECT id FROM items ORDER BY id');
      expect(rows.rows).toEqual([{ id: 1 }]);
      expect(rows.rowCount).toBe(1);
    });

    it("runs pg-boss's multi-statement SQL in our transaction and returns every statement's rows", async () => {
      const rows = await db.transaction((tx) => tx.executeSql('SELECT 1 AS a; SELECT 2 AS a'));
      expect(rows.rows).toEqual([{ a: 1 }, { a: 2 }]);
    });

    it('enqueues a job with the row in one transaction, and drops both on rollback', async () => {
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, note) VALUES ($1, $2)', [10, 'with job']);
        await boss.send('engine-test', { id: 10 }, { db: tx });
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO items (id, note) VALUES ($1, $2)', [11, 'rolled back']);
          await boss.send('engine-test', { id: 11 }, { db: tx });
          throw new Error('abort after enqueue');
        }),
      ).rejects.toThrow('abort after enqueue');
      const jobs = await boss.fetch<{ id: number }>('engine-test', { batchSize: 10 });
      expect(jobs.map((j) => j.data.id)).toEqual([10]);
      const items = await db.query<{ id: number }>('SELECT id FROM items WHERE id >= 10 ORDER BY id');
      expect(items.rows).toEqual([{ id: 10 }]);
    });

    it('fails at open with the server’s own message when the database does not exist', async () => {
      const url = new URL(ADMIN_URL);
      url.pathname = '/no_such_database_here';
      await expect(openServer({ connectionString: url.toString() })).rejects.toThrow(/does not exist/);
    });
  },
);
