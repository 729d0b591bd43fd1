// The wire port against the real embedded engine, with real psql, pg and pgtyped clients.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { AsyncQueue } from '@pgtyped/wire';
import { getTypes, startup } from '@pgtyped/query';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded, type EmbeddedDatabase, type WireBackend } from '../engine/embedded.ts';
import { startWireServer, type WireLog, type WireServer } from './server.ts';
import { dataRows, queryMessage } from '../protocol/messages.ts';
import { requireTools } from '../../test/system-tools.ts';

/** psql-driven tests skip (outside CI) where psql is not installed; the raw-socket and pg ones still run. */
const psqlTool = requireTools('psql');
const withPsql = it.skipIf(psqlTool.skipReason !== undefined);

let db: EmbeddedDatabase;
let server: WireServer;
const logged: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
const log: WireLog = (level, msg, fields) => {
  logged.push({ level, msg, fields });
};

beforeAll(async () => {
  db = await openEmbedded();
  await db.exec(`CREATE TABLE wire_items (id int PRIMARY KEY, source text NOT NULL, note text)`);
  server = await startWireServer({
    backend: db.wire,
    port: 0,
    transactionTimeoutMs: 3_000,
    // These tests write through the port (its locking and rollback); the read-only default has its
    // own suite (sandbox.test.ts).
    mode: 'read-write',
    log,
  });
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

// ---- helpers --------------------------------------------------------------------------------------

let nextId = 1;
const ids = (n: number): number[] => Array.from({ length: n }, () => nextId++);

interface PsqlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// psql exactly as typed: no sslmode, no password, whatever the test runner's environment says.
function psqlEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: '5' };
  for (const name of ['PGSSLMODE', 'PGPASSWORD', 'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGSERVICE'])
    delete env[name];
  return env;
}

function psql(port: number, args: string[], input = ''): Promise<PsqlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'psql',
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-A', '-t', ...args],
      {
        env: psqlEnv(),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function rows(sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.query<Record<string, unknown>>(sql, values)).rows;
}

async function countWhere(ids: number[]): Promise<number> {
  const [row] = await rows(`SELECT count(*)::int AS n FROM wire_items WHERE id = ANY($1::int[])`, [ids]);
  return Number(row?.n);
}

function appInsert(id: number): Promise<unknown> {
  return db.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'app')`, [id]);
}

async function connectClient(port = server.port): Promise<{ client: pg.Client; errors: Error[] }> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  const errors: Error[] = [];
  client.on('error', (error) => errors.push(error));
  await client.connect();
  return { client, errors };
}

async function untilNoClients(target: WireServer = server): Promise<void> {
  await waitFor('the port to clean up after its clients', () => target.clientCount === 0);
}

/** Resolves with everything the server sent once it closes the socket. */
function rawExchange(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.on('connect', () => socket.write(payload));
    setTimeout(() => socket.destroy(new Error('server did not close the connection')), 10_000).unref();
  });
}

const readyIdle = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

function countReadyForQuery(bytes: Buffer): number {
  let count = 0;
  for (let at = 0; at + 5 <= bytes.length; at += 1 + bytes.readInt32BE(at + 1)) {
    if (bytes[at] === 0x5a) count++;
  }
  return count;
}

function startupPacket(): Buffer {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0', 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(params.length + 8, 0);
  head.writeInt32BE(196_608, 4);
  return Buffer.concat([head, params]);
}

// ---- tests ----------------------------------------------------------------------------------------

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
