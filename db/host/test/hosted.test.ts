// The embedded engine on its own thread (./hosted.ts): the same Database seam as in-process —
// queries, transactions that commit and roll back, errors with their SQLSTATE and class, pg-boss
// with LISTEN/NOTIFY — and the point of it: a statement running long in the engine (a psql
// client's pg_sleep) leaves the app's event loop free.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from '../../engine/data-dir-lock.ts';
import { openHostedEmbedded, type HostedEmbeddedDatabase } from '../hosted.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-hosted-'));
let db: HostedEmbeddedDatabase;

beforeAll(async () => {
  db = await openHostedEmbedded({ dataDir: path.join(root, 'data') });
  await db.exec(`CREATE TABLE hosted_items (id int PRIMARY KEY, note text)`);
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the engine on its own thread', () => {
  it('answers queries, commits a transaction, and rolls one back when its function throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO hosted_items VALUES ($1, $2)`, [1, 'kept']);
      await tx.exec(`INSERT INTO hosted_items VALUES (2, 'kept too')`);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO hosted_items VALUES ($1, $2)`, [3, 'rolled back']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const rows = await db.query<{ id: number; note: string }>(
      `SELECT id, note FROM hosted_items ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { id: 1, note: 'kept' },
      { id: 2, note: 'kept too' },
    ]);
  });

  it('passes errors through with their SQLSTATE, and the lock error as its own class', async () => {
    await expect(db.query(`INSERT INTO hosted_items VALUES (1, 'again')`)).rejects.toMatchObject({
      code: '23505',
    });
    const second = openHostedEmbedded({ dataDir: path.join(root, 'data') });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`in use by another process (pid ${process.pid} on`);
  });

  it('runs pg-boss, woken by LISTEN/NOTIFY across the threads', async () => {
    const boss = new PgBoss({ db: db.bossDb, backend: 'pglite', useListenNotify: true });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      await boss.createQueue('hosted-test', { notify: true });
      const handled = Promise.withResolvers<number>();
      const sentAt = Date.now();
      await boss.work('hosted-test', { pollingIntervalSeconds: 30 }, async () => {
        handled.resolve(Date.now() - sentAt);
      });
      await boss.send('hosted-test', { n: 1 });
      // With a 30 s poll, only the notification can make this quick.
      expect(await handled.promise).toBeLessThan(5_000);
    } finally {
      await boss.stop({ graceful: false, timeout: 1_000 });
    }
  });

  it("keeps the app's event loop free while a psql client's statement runs for seconds", async () => {
    const wire = await db.startWirePort({ port: 0, transactionTimeoutMs: 10_000 });
    const client = new pg.Client({ connectionString: wire.connectionString() });
    await client.connect();
    try {
      const gaps: number[] = [];
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }, 10);
      const started = performance.now();
      await client.query('SELECT pg_sleep(2)');
      clearInterval(ticker);
      expect(performance.now() - started).toBeGreaterThan(1_900);
      // In-process, the loop would have stood still for the whole 2 s.
      expect(gaps.length).toBeGreaterThan(50);
      expect(Math.max(...gaps)).toBeLessThan(250);
    } finally {
      await client.end();
      await wire.close();
    }
  });

  it('restarts the engine when a psql statement runs past statementMaxMs, and carries on', async () => {
    const wire = await db.startWirePort({ port: 0, transactionTimeoutMs: 10_000, statementMaxMs: 1_000 });
    const sleeper = new pg.Client({ connectionString: wire.connectionString() });
    sleeper.on('error', () => undefined);
    await sleeper.connect();
    try {
      const started = performance.now();
      await expect(sleeper.query('SELECT pg_sleep(60)')).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(10_000);
      // The app's committed rows are back from the write-ahead log; the app queries again.
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM hosted_items`);
      expect(rows.rows).toEqual([{ n: 2 }]);
      // The port is back on the same address.
      const again = new pg.Client({ connectionString: wire.connectionString() });
      await again.connect();
      expect((await again.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      await again.end();
    } finally {
      await sleeper.end().catch(() => undefined);
      await wire.close();
    }
  });
});
