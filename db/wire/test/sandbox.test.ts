// The psql port as a sandbox (issue #14): each reproduction from the issue, run by a real driver
// (node-postgres) against the real engine with the migrated schema, and checked from the app's side
// of the shared session (db.query, as the app's own statements run).
import net from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase } from '../../engine/embedded.ts';
import { openMigratedEmbedded } from '../../../test/template-db.ts';
import { startWireServer, type WireServer, type WireServerOptions } from '../server.ts';

let db: EmbeddedDatabase;
const servers: WireServer[] = [];
const clients: pg.Client[] = [];

beforeAll(async () => {
  db = await openMigratedEmbedded();
  // The app's LISTEN (pg-boss has its own; this one is ours to check) and a sequence to write with.
  await db.exec(`LISTEN sandbox_app_channel`);
  await db.exec(`CREATE SEQUENCE sandbox_seq`);
  await db.exec(`CREATE TABLE sandbox_rw (a int)`);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  await db?.close();
});

async function port(options: Partial<WireServerOptions> = {}): Promise<WireServer> {
  const server = await startWireServer({
    backend: db.wire,
    port: 0,
    transactionTimeoutMs: 3_000,
    ...options,
  });
  servers.push(server);
  return server;
}

type Client = pg.Client & { lastError?: Error; errors: Error[] };

async function connect(server: WireServer): Promise<Client> {
  const client = Object.assign(new pg.Client({ connectionString: server.connectionString() }), {
    errors: [] as Error[],
  }) as Client;
  client.on('error', (error) => {
    client.lastError = error;
    client.errors.push(error);
  });
  await client.connect();
  clients.push(client);
  return client;
}

/** The SQLSTATE a statement fails with through the port ('ok' when it succeeds). */
async function sqlstate(client: pg.Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** What the app sees: its own statements on the shared session. */
async function appView() {
  const [row] = (
    await db.query<{
      user: string;
      session_user: string;
      search_path: string;
      datestyle: string;
      timezone: string;
      srr: string;
      dtro: string;
      channels: string[];
    }>(
      `SELECT current_user::text AS user, session_user::text AS session_user,
              current_setting('search_path') AS search_path, current_setting('DateStyle') AS datestyle,
              current_setting('TimeZone') AS timezone, current_setting('session_replication_role') AS srr,
              current_setting('default_transaction_read_only') AS dtro,
              ARRAY(SELECT pg_listening_channels()::text ORDER BY 1) AS channels`,
    )
  ).rows;
  return row!;
}

let before: Awaited<ReturnType<typeof appView>>;
beforeAll(async () => {
  before = await appView();
});

describe('read-only by default', () => {
  it('refuses CREATE ROLE and SET ROLE; the app keeps its user and reads its tables', async () => {
    const client = await connect(await port());
    expect(await sqlstate(client, 'CREATE ROLE analyst')).toBe('25006');
    expect(await sqlstate(client, 'SET ROLE analyst')).toBe('42501');
    expect(await sqlstate(client, 'SET SESSION AUTHORIZATION analyst')).toBe('42501');
    expect(await sqlstate(client, "SELECT set_config('role', 'postgres', false)")).toBe('42501');
    await client.end();
    expect(await appView()).toEqual(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM models`)).rows).toHaveLength(1);
  });

  it('refuses a temp table that would shadow the app’s (models, posts)', async () => {
    const client = await connect(await port());
    // A write in read-only mode; read-write mode refuses it as a temporary object (0A000, below).
    const shadow = 'CREATE TEMP TABLE models AS SELECT * FROM models WHERE false';
    expect(await sqlstate(client, shadow)).toBe('25006');
    expect(await sqlstate(client, 'CREATE TEMPORARY TABLE posts (id text)')).toBe('25006');
    const temp = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = pg_my_temp_schema()`,
    );
    expect(temp.rows[0]?.n ?? 0).toBe(0);
  });

  it('refuses writes, also through a function, in every transaction the client starts', async () => {
    const client = await connect(await port());
    expect(await sqlstate(client, `INSERT INTO models (version) VALUES ('x')`)).toBe('25006');
    expect(await sqlstate(client, `SELECT nextval('sandbox_seq')`)).toBe('25006');
    expect(await sqlstate(client, 'BEGIN')).toBe('ok');
    expect(await sqlstate(client, `SELECT nextval('sandbox_seq')`)).toBe('25006');
    expect(await sqlstate(client, 'ROLLBACK')).toBe('ok');
    expect(await sqlstate(client, 'SET default_transaction_read_only = off')).toBe('25006');
    expect(await sqlstate(client, 'BEGIN READ WRITE')).toBe('25006');
    // …while the app writes as before, between the client's statements.
    expect((await db.query<{ v: string }>(`SELECT nextval('sandbox_seq')::text AS v`)).rows[0]?.v).toBe('1');
    expect((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM models`)).rows).toHaveLength(1);
  });

  it('keeps a connected client’s settings its own: the app never sees them', async () => {
    const client = await connect(await port());
    await client.query(`SET search_path = pg_catalog`);
    await client.query(`SET DateStyle = 'SQL, DMY'`);
    await client.query(`SET TIME ZONE 'Asia/Tokyo'`);
    expect(await appView()).toEqual(before);
    const app = await db.query<{ d: string }>(`SELECT '2026-12-07 13:00:00+00'::timestamptz::text AS d`);
    expect(app.rows[0]?.d).toBe('2026-12-07 13:00:00+00');
    // The client, meanwhile, still has them at its next statement.
    const mine = await client.query<{ d: string; sp: string }>(
      `SELECT '2026-12-07 13:00:00+00'::timestamptz::text AS d, current_setting('search_path') AS sp`,
    );
    expect(mine.rows[0]).toEqual({ d: '07/12/2026 22:00:00 JST', sp: 'pg_catalog' });
  });

  it('refuses session_replication_role (it would switch off the aggregates’ invalidation)', async () => {
    const client = await connect(await port());
    expect(await sqlstate(client, 'SET session_replication_role = replica')).toBe('42501');
    expect((await appView()).srr).toBe('origin');
  });

  it('gives the app its LISTENs back after UNLISTEN * and DISCARD ALL, while the client stays', async () => {
    const client = await connect(await port());
    expect(await sqlstate(client, 'UNLISTEN *')).toBe('ok');
    expect((await appView()).channels).toEqual(before.channels);
    expect(await sqlstate(client, 'DISCARD ALL')).toBe('ok');
    expect(await appView()).toEqual(before);
    expect(await sqlstate(client, 'LISTEN sandbox_app_channel')).toBe('25006');
    // Inside a transaction that began with a plain statement, too.
    await client.query('BEGIN');
    await client.query('SELECT 1');
    await client.query('UNLISTEN *');
    await client.query('COMMIT');
    expect((await appView()).channels).toEqual(before.channels);
  });

  it("runs asyncpg's reset-on-release, which leaves the client at the port's defaults", async () => {
    const client = await connect(await port());
    await client.query(`SET search_path = pg_catalog`);
    await client.query(`SELECT pg_advisory_unlock_all();
      CLOSE ALL;
      DO $$
      BEGIN
          PERFORM * FROM pg_listening_channels() LIMIT 1;
          IF FOUND THEN
              UNLISTEN *;
          END IF;
      END;
      $$;
      RESET ALL;`);
    expect(await appView()).toEqual(before);
    const after = await client.query<{ sp: string }>(`SELECT current_setting('search_path') AS sp`);
    expect(after.rows[0]?.sp).toBe(before.search_path);
    expect((await client.query(`SELECT count(*) FROM subreddit_seriousness_hourly`)).rowCount).toBe(1);
  });

  it('refuses COPY FROM STDIN hidden after a \\r-ended comment, and the engine lives on', async () => {
    const client = await connect(await port());
    expect(await sqlstate(client, 'SELECT 1; --x\rCOPY models FROM STDIN')).toBe('0A000');
    expect(await sqlstate(client, "SELECT E'\\''; COPY models FROM STDIN")).toBe('0A000');
    expect(await sqlstate(client, 'SET standard_conforming_strings = off')).toBe('0A000');
    expect((await db.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    expect((await client.query<{ ok: number }>('SELECT 2 AS ok')).rows).toEqual([{ ok: 2 }]);
  });

  it('does DEALLOCATE and DISCARD ALL on the client’s own statements and settings only', async () => {
    const server = await port();
    const mine = await connect(server);
    const other = await connect(server);
    await other.query({ name: 'shared_name', text: 'SELECT 1 AS one' });
    await mine.query({ name: 'shared_name', text: 'SELECT 2 AS two' });
    const all = await mine.query('DEALLOCATE ALL');
    expect(all.command).toBe('DEALLOCATE');
    expect((await other.query({ name: 'shared_name', text: 'SELECT 1 AS one' })).rows).toEqual([{ one: 1 }]);
    expect(await sqlstate(mine, 'DEALLOCATE no_such_statement')).toBe('26000');
    // A pool's reset-on-release (pgbouncer, psycopg_pool): DISCARD ALL drops only this client's.
    await mine.query({ name: 'mine_again', text: 'SELECT 3 AS three' });
    await mine.query(`SET DateStyle = 'SQL, DMY'`);
    expect((await mine.query('DISCARD ALL')).command).toBe('DISCARD');
    expect(await appView()).toEqual(before);
    expect((await other.query({ name: 'shared_name', text: 'SELECT 1 AS one' })).rows).toEqual([{ one: 1 }]);
    expect((await mine.query<{ d: string }>(`SELECT current_setting('DateStyle') AS d`)).rows[0]?.d).toBe(
      before.datestyle,
    );
    // The same through the extended protocol (a prepared DISCARD ALL, as some drivers send it).
    // (A new name: node-postgres, like any driver, does not know DISCARD ALL dropped its own.)
    await mine.query({ name: 'mine_third', text: 'SELECT 3 AS three' });
    expect((await mine.query({ name: 'discard', text: 'DISCARD ALL' })).command).toBe('DISCARD');
    expect((await other.query({ name: 'shared_name', text: 'SELECT 1 AS one' })).rows).toEqual([{ one: 1 }]);
    expect(await appView()).toEqual(before);
    await mine.query('BEGIN');
    expect(await sqlstate(mine, 'DISCARD ALL')).toBe('25001');
    await mine.query('ROLLBACK');
  });
});

describe('read-write mode (maintenance)', () => {
  it('writes, yet refuses the role, temp objects and replication role, and settings stay the client’s', async () => {
    const client = await connect(await port({ mode: 'read-write' }));
    expect(await sqlstate(client, `CREATE TABLE sandbox_made_here (a int)`)).toBe('ok');
    expect(await sqlstate(client, `INSERT INTO sandbox_made_here VALUES (1)`)).toBe('ok');
    expect(await sqlstate(client, 'CREATE ROLE analyst_rw')).toBe('ok');
    expect(await sqlstate(client, 'SET ROLE analyst_rw')).toBe('42501');
    expect(await sqlstate(client, 'CREATE TEMP TABLE models AS SELECT 1')).toBe('0A000');
    expect(await sqlstate(client, 'SET session_replication_role = replica')).toBe('42501');
    await client.query(`SET DateStyle = 'SQL, DMY'`);
    // A DO block may change anything; the sandbox puts the app's session back after it.
    await client.query(
      `DO $$ BEGIN PERFORM set_config('search_path', 'pg_catalog', false); UNLISTEN *; END $$`,
    );
    expect(await appView()).toEqual(before);
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_made_here`)).rows).toEqual([
      { n: 1 },
    ]);
  });
});

describe('limits', () => {
  it('ends a transaction held past transactionMaxMs from its start, even while it keeps sending', async () => {
    const client = await connect(
      await port({ mode: 'read-write', transactionTimeoutMs: 400, transactionMaxMs: 900 }),
    );
    await client.query('BEGIN');
    await client.query(`INSERT INTO sandbox_rw VALUES (2)`);
    const started = Date.now();
    let failure: { code?: string } | undefined;
    while (Date.now() - started < 3_000 && !failure) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      failure = await client.query('SELECT 1').then(
        () => undefined,
        (error: { code?: string }) => error,
      );
    }
    expect(Date.now() - started).toBeLessThan(1_500);
    expect([...client.errors, failure]).toContainEqual(expect.objectContaining({ code: '25P04' }));
    // Rolled back, and the app runs again.
    expect(
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_rw WHERE a = 2`)).rows,
    ).toEqual([{ n: 0 }]);
  });

  it('answers the client past maxClients with Postgres’ own "too many clients" (53300)', async () => {
    const server = await port({ maxClients: 2 });
    await connect(server);
    await connect(server);
    await expect(connect(server)).rejects.toMatchObject({ code: '53300' });
    await clients.pop()?.end(); // one leaves: one more fits
    await expect(connect(server)).resolves.toBeDefined();
  });

  it('closes connections that never send a startup packet', async () => {
    const server = await port({ startupTimeoutMs: 300 });
    const sockets = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const socket = net.connect(server.port, '127.0.0.1', () => resolve(socket));
            socket.on('error', reject);
          }),
      ),
    );
    const closed = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<number>((resolve) => {
            const started = Date.now();
            socket.on('close', () => resolve(Date.now() - started));
          }),
      ),
    );
    expect(Math.max(...closed)).toBeLessThan(2_000);
    await expect.poll(() => server.clientCount).toBe(0);
  });

  it('ends a client on a cancel request carrying its key, and rolls back its transaction', async () => {
    const server = await port({ mode: 'read-write' });
    const client = await connect(server);
    await client.query('BEGIN');
    await client.query(`INSERT INTO sandbox_rw VALUES (3)`);
    const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
    const cancel = Buffer.alloc(16);
    cancel.writeInt32BE(16, 0);
    cancel.writeInt32BE(80_877_102, 4);
    cancel.writeInt32BE(processID, 8);
    cancel.writeInt32BE(secretKey + 1, 12); // a wrong key changes nothing
    await sendRaw(server.port, cancel);
    expect(await sqlstate(client, 'SELECT 1')).toBe('ok');
    cancel.writeInt32BE(secretKey, 12);
    await sendRaw(server.port, cancel);
    await expect
      .poll(() => client.lastError?.message ?? '')
      .toContain('canceling statement due to user request');
    expect(
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_rw WHERE a = 3`)).rows,
    ).toEqual([{ n: 0 }]);
  });
});

function sendRaw(portNumber: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(portNumber, '127.0.0.1', () => socket.end(bytes));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
