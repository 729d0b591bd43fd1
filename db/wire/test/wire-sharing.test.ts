// The wire port against the real embedded engine: the app and its clients share one session —
// slow readers, rollbacks beside app writes, waits on client transactions, idle timeouts, SETs.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startWireServer } from '../server.ts';
import { dataRows, queryMessage } from '../../protocol/messages.ts';
import {
  appInsert,
  connectClient,
  countReadyForQuery,
  countWhere,
  db,
  ids,
  log,
  psqlEnv,
  psqlTool,
  readyIdle,
  rows,
  server,
  setUpWirePort,
  startupPacket,
  untilNoClients,
  waitFor,
  withPsql,
  within,
} from './wire-fixture.ts';

setUpWirePort();

describe('wire port: the app and its clients on one session', () => {
  withPsql(
    psqlTool.title('does not make the app wait while a psql session and a pg client sit idle'),
    async () => {
      const child = spawn(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(server.port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-X',
          '-A',
          '-t',
          '-q',
        ],
        {
          env: psqlEnv(),
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((resolve) => child.on('close', resolve));
      child.stdin.write(`SELECT 'psql-ready';\n`);
      const idle = await connectClient();
      try {
        await waitFor('psql to be connected', () => out.includes('psql-ready'));
        expect(server.clientCount).toBe(2);

        const batch = ids(200);
        const started = Date.now();
        await within(
          5_000,
          '200 app inserts with idle clients connected',
          (async () => {
            for (const id of batch) await appInsert(id);
          })(),
        );
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(await countWhere(batch)).toBe(200);

        // Both idle clients still work afterwards, and see the app's rows.
        child.stdin.write(`SELECT count(*) FROM wire_items WHERE id = ANY('{${batch.join(',')}}');\n`);
        await waitFor('psql to answer', () => out.includes('\n200\n'));
        const seen = await idle.client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM wire_items WHERE id = ANY($1)`,
          [batch],
        );
        expect(seen.rows[0]?.n).toBe(200);
      } finally {
        child.stdin.end('\\q\n');
        await exited;
        await idle.client.end();
      }
      await untilNoClients();
    },
  );

  it("delivers a slow reader's results intact while other clients keep querying", async () => {
    // Results under 1 MB come back in a buffer the engine reuses on its next call; a client that
    // reads slowly has them queued in its socket while other clients' cycles run.
    const letters = 'ABCDEFGHIJKLMNOPQRST';
    const size = 900_000;
    const slow = net.connect({ host: '127.0.0.1', port: server.port });
    const received: Buffer[] = [];
    slow.on('data', (d: Buffer) => received.push(d));
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(startupPacket());
    await waitFor('the slow client to be ready', () => Buffer.concat(received).includes(readyIdle));
    received.length = 0;
    slow.pause();
    for (const letter of letters) slow.write(queryMessage(`SELECT repeat('${letter}', ${size})`));

    const busy = await connectClient();
    try {
      for (let i = 0; i < 30; i++) {
        const r = await busy.client.query<{ v: string }>(`SELECT repeat('z', $1::int) AS v`, [size]);
        expect(r.rows[0]?.v.length).toBe(size);
      }
      slow.resume();
      await waitFor(
        'all slow results',
        () => countReadyForQuery(Buffer.concat(received)) === letters.length,
        5_000,
      );
      const values = dataRows(Buffer.concat(received)).map((row) => row[0] ?? '');
      expect(values.map((v) => v.length)).toEqual([...letters].map(() => size));
      values.forEach((v, i) => expect(v === (letters[i] ?? '?').repeat(size)).toBe(true));
    } finally {
      slow.end(Buffer.from([0x58, 0, 0, 0, 4]));
      await busy.client.end();
    }
    await untilNoClients();
  });

  it('keeps every app row when a client rolls back its own insert while the app inserts concurrently', async () => {
    const { client } = await connectClient();
    const [clientId] = ids(1);
    const appIds = ids(20);
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
      const appWrites = Promise.all(appIds.map((id) => appInsert(id)));
      await new Promise((r) => setTimeout(r, 100));
      await client.query('ROLLBACK');
      await within(5_000, 'app inserts after the client rolled back', appWrites);
    } finally {
      await client.end();
    }
    expect(await countWhere(appIds)).toBe(20);
    expect(await countWhere([clientId ?? -1])).toBe(0);
  });

  it('makes an app write wait for an open client transaction, then completes it after COMMIT', async () => {
    const { client } = await connectClient();
    const [clientId, appId] = ids(2);
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
      let appDone = false;
      const appWrite = appInsert(appId ?? -1).then(() => (appDone = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(appDone).toBe(false); // waiting on the engine lock, not joined to the client's transaction
      await client.query('COMMIT');
      await within(5_000, 'app write after COMMIT', appWrite);
    } finally {
      await client.end();
    }
    expect(await countWhere([clientId ?? -1, appId ?? -1])).toBe(2);
  });

  it("does not lose an app write that waited on a client's transaction that then rolled back", async () => {
    const { client } = await connectClient();
    const [clientId, appId] = ids(2);
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
      const appWrite = appInsert(appId ?? -1);
      await new Promise((r) => setTimeout(r, 200));
      await client.query('ROLLBACK');
      await within(5_000, 'app write after ROLLBACK', appWrite);
    } finally {
      await client.end();
    }
    expect(await countWhere([appId ?? -1])).toBe(1);
    expect(await countWhere([clientId ?? -1])).toBe(0);
  });

  it('rolls back and releases the lock when a client disconnects mid-transaction', async () => {
    const { client } = await connectClient();
    const [clientId] = ids(1);
    await client.query('BEGIN');
    await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
    // Drop the TCP connection without COMMIT or Terminate.
    (client as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    await untilNoClients();
    expect(await within(5_000, 'app query after the disconnect', countWhere([clientId ?? -1]))).toBe(0);
  });

  it('aborts a transaction left idle past transactionTimeoutMs: 25P03 to the client, row gone, app unblocked', async () => {
    const strict = await startWireServer({
      backend: db.wire,
      port: 0,
      transactionTimeoutMs: 500,
      mode: 'read-write',
      log,
    });
    try {
      const { client, errors } = await connectClient(strict.port);
      const [clientId, appId] = ids(2);
      await client.query('BEGIN');
      await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
      const started = Date.now();
      const appWrite = appInsert(appId ?? -1);
      await within(5_000, 'the app write blocked by the idle transaction', appWrite);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(400);
      await waitFor('the client to be told', () => errors.length > 0);
      expect((errors[0] as Error & { code?: string }).code).toBe('25P03');
      await untilNoClients(strict);
      expect(await countWhere([clientId ?? -1])).toBe(0);
      expect(await countWhere([appId ?? -1])).toBe(1);
      await client.end().catch(() => undefined);
    } finally {
      await strict.close();
    }
  });

  it("undoes a client's SETs when it leaves, so the app's session is as before", async () => {
    const [before] = await rows(
      `SELECT current_setting('TimeZone') AS tz, current_setting('search_path') AS sp`,
    );
    const { client } = await connectClient();
    await client.query(`SET TimeZone = 'Asia/Tokyo'`);
    await client.query(`SET search_path = pg_catalog`);
    await client.query({ name: 'kept', text: 'SELECT 1' });
    await client.end();
    await untilNoClients();
    const [after] = await rows(
      `SELECT current_setting('TimeZone') AS tz, current_setting('search_path') AS sp`,
    );
    expect(after).toEqual(before);
    expect(await rows(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'wire%'`)).toEqual([]);
    expect(await rows(`SELECT current_setting('client_min_messages') AS m`)).toEqual([{ m: 'notice' }]);
  });
});
