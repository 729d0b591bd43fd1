// The wire port against the real embedded engine, with real psql, pg and pgtyped clients: what a
// client sees (answers, errors, pools, pgtyped's describe, garbage, close).
import { AsyncQueue } from '@pgtyped/wire';
import { getTypes, startup } from '@pgtyped/query';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { WireBackend } from '../../engine/embedded.ts';
import { startWireServer } from '../server.ts';
import {
  appInsert,
  connectClient,
  countWhere,
  db,
  ids,
  log,
  logged,
  psql,
  psqlTool,
  rawExchange,
  rows,
  server,
  setUpWirePort,
  startupPacket,
  untilNoClients,
  withPsql,
  within,
} from './wire-fixture.ts';

setUpWirePort();

describe('wire port', () => {
  withPsql(
    psqlTool.title(
      'answers psql typed as-is (no sslmode, no password) with the right result, and \\dt lists tables',
    ),
    async () => {
      const answer = await psql(server.port, ['-c', 'SELECT 40 + 2']);
      expect(answer.stderr).toBe('');
      expect(answer.stdout.trim()).toBe('42');
      expect(answer.code).toBe(0);

      const tables = await psql(server.port, ['-c', '\\dt']);
      expect(tables.code).toBe(0);
      expect(tables.stdout).toContain('wire_items');

      const described = await psql(server.port, ['-c', '\\d wire_items']);
      expect(described.stdout).toContain('source');
    },
  );

  withPsql(
    psqlTool.title(
      'serves a pool of 5 (same statement name, different texts per client) and psql at once, all correctly',
    ),
    async () => {
      const pool = new pg.Pool({ connectionString: server.connectionString(), max: 5 });
      pool.on('error', () => undefined);
      try {
        const clients = await Promise.all(Array.from({ length: 5 }, () => pool.connect()));
        const perClient = clients.map(async (client, k) => {
          const results: [number, number][] = [];
          for (let i = 0; i < 10; i++) {
            const named = await client.query<{ v: number }>({
              name: 'same-name',
              text: `SELECT $1::int * ${k + 2} AS v`,
              values: [i],
            });
            results.push([named.rows[0]?.v ?? NaN, i * (k + 2)]);
            const unnamed = await client.query<{ v: number }>(`SELECT $1::int + $2::int AS v`, [i, k * 100]);
            results.push([unnamed.rows[0]?.v ?? NaN, i + k * 100]);
          }
          client.release();
          return results;
        });
        const shell = psql(server.port, [
          '-c',
          `SELECT string_agg(x::text, ',') FROM generate_series(1, 5) x`,
        ]);
        const pooled = Array.from({ length: 50 }, (_, i) =>
          pool.query<{ v: string }>(`SELECT $1::text || '-' || $2::text AS v`, [`q${i}`, i]),
        );
        const [named, shellResult, pooledResults] = await Promise.all([
          Promise.all(perClient),
          shell,
          Promise.all(pooled),
        ]);

        for (const [actual, expected] of named.flat()) expect(actual).toBe(expected);
        expect(shellResult.stdout.trim()).toBe('1,2,3,4,5');
        pooledResults.forEach((r, i) => expect(r.rows[0]?.v).toBe(`q${i}-${i}`));
      } finally {
        await pool.end();
      }
      await untilNoClients();
      // Their named statements went with them.
      expect(await rows(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'wire%'`)).toEqual([]);
    },
  );

  withPsql(
    psqlTool.title(
      'refuses COPY FROM STDIN with an error instead of crashing the engine; COPY TO STDOUT works',
    ),
    async () => {
      const copyIn = await psql(
        server.port,
        ['-c', '\\copy wire_items (id, source) from stdin'],
        '999999\tcopy\n\\.\n',
      );
      expect(copyIn.stderr).toContain('COPY FROM STDIN is not supported');
      const copyOut = await psql(server.port, ['-c', `COPY (SELECT 7 AS seven) TO STDOUT`]);
      expect(copyOut.stdout.trim()).toBe('7');
      expect(await rows(`SELECT 1 AS alive`)).toEqual([{ alive: 1 }]);
      expect(await countWhere([999_999])).toBe(0);
    },
  );

  it('describes queries for pgtyped (Parse/Describe/Close/Flush, then Sync)', async () => {
    const queue = new AsyncQueue();
    await startup(
      { host: '127.0.0.1', port: server.port, user: 'postgres', dbName: 'postgres', password: '' },
      queue,
    );
    try {
      const types = await getTypes(
        { query: 'SELECT id, note FROM wire_items WHERE id = $1', mapping: [], bindings: [] },
        queue,
      );
      expect(types).toMatchObject({
        paramMetadata: { params: ['int4'] },
        returnTypes: [
          { returnName: 'id', type: 'int4', nullable: false },
          { returnName: 'note', type: 'text', nullable: true },
        ],
      });
      const broken = await getTypes(
        { query: 'SELECT nope FROM wire_items', mapping: [], bindings: [] },
        queue,
      );
      expect(broken).toMatchObject({ message: expect.stringContaining('nope') as unknown });
    } finally {
      queue.socket.end();
    }
    await untilNoClients();
  });

  it('drops a client that sends garbage (08P01) while other clients and the app keep working', async () => {
    const { client } = await connectClient();
    try {
      const http = await rawExchange(server.port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      expect(http.toString('latin1')).toContain('08P01');

      const unknownTag = await rawExchange(
        server.port,
        Buffer.concat([startupPacket(), Buffer.from([0x01, 0, 0, 0, 4])]),
      );
      expect(unknownTag.toString('latin1')).toContain('08P01');

      const oversize = Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]);
      const huge = await rawExchange(server.port, Buffer.concat([startupPacket(), oversize]));
      expect(huge.toString('latin1')).toContain('08P01');

      expect((await client.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      expect(await within(5_000, 'app query', rows('SELECT 2 AS ok'))).toEqual([{ ok: 2 }]);
    } finally {
      await client.end();
    }
    await untilNoClients();
  });

  withPsql(
    psqlTool.title(
      'adds the ReadyForQuery the engine sometimes omits after Sync, with the real transaction status',
    ),
    async () => {
      // The real engine, with its output trimmed the way this PGlite build sometimes trims it.
      const omitting: WireBackend = {
        serverVersion: db.wire.serverVersion,
        acquireExclusive: () => db.wire.acquireExclusive(),
        execProtocolRaw: async (message) => {
          const output = await db.wire.execProtocolRaw(message);
          const loneSync = message.length === 5 && message[0] === 0x53;
          const endsWithZ = output.length >= 6 && output[output.length - 6] === 0x5a;
          return !loneSync && endsWithZ ? output.subarray(0, output.length - 6) : output;
        },
      };
      const trimmed = await startWireServer({
        backend: omitting,
        port: 0,
        transactionTimeoutMs: 3_000,
        mode: 'read-write',
        log,
      });
      try {
        const { client } = await connectClient(trimmed.port);
        const [clientId, appId] = ids(2);
        await client.query('BEGIN');
        await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
        let appDone = false;
        const appWrite = appInsert(appId ?? -1).then(() => (appDone = true));
        await new Promise((r) => setTimeout(r, 200));
        expect(appDone).toBe(false); // status 'T' was recovered, so the lock is still held
        await client.query('COMMIT');
        await within(5_000, 'app write', appWrite);
        const shell = await psql(trimmed.port, ['-c', 'SELECT 5']);
        expect(shell.stdout.trim()).toBe('5');
        await client.end();
        expect(await countWhere([clientId ?? -1, appId ?? -1])).toBe(2);
        expect(logged.some((l) => l.msg.includes('omitted'))).toBe(true);
      } finally {
        await trimmed.close();
      }
    },
  );

  withPsql(
    psqlTool.title('close() ends connected clients, rolls back their transactions and frees the port'),
    async () => {
      const own = await startWireServer({
        backend: db.wire,
        port: 0,
        transactionTimeoutMs: 3_000,
        mode: 'read-write',
        log,
      });
      const port = own.port;
      const { client, errors } = await connectClient(port);
      const [clientId] = ids(1);
      await client.query('BEGIN');
      await client.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'client')`, [clientId]);
      const ended = new Promise<void>((resolve) => client.on('end', () => resolve()));

      await within(5_000, 'close()', own.close());
      await within(5_000, 'the client to see the connection end', ended);
      expect(errors.map((e) => (e as Error & { code?: string }).code)).toContain('57P01');
      expect(await countWhere([clientId ?? -1])).toBe(0);

      const again = await startWireServer({
        backend: db.wire,
        port,
        transactionTimeoutMs: 3_000,
        mode: 'read-write',
        log,
      });
      try {
        expect(again.port).toBe(port);
        expect((await psql(port, ['-c', 'SELECT 11'])).stdout.trim()).toBe('11');
      } finally {
        await again.close();
      }
    },
  );
});
