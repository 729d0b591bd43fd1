// The wire port's test fixture: a real embedded engine with its port (read-write: these tests write
// through it), and the clients and probes the wire-port tests share. Call setUpWirePort() once at
// the top of a test file; `db`, `server` and `logged` are then that file's.
import { spawn } from 'node:child_process';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, it } from 'vitest';
import { openEmbedded, type EmbeddedDatabase } from '../../engine/embedded.ts';
import { startWireServer, type WireLog, type WireServer } from '../server.ts';
import { requireTools } from '../../../test/system-tools.ts';

/** psql-driven tests skip (outside CI) where psql is not installed; the raw-socket and pg ones still run. */
export const psqlTool = requireTools('psql');
export const withPsql = it.skipIf(psqlTool.skipReason !== undefined);

export let db: EmbeddedDatabase;
export let server: WireServer;
export const logged: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
export const log: WireLog = (level, msg, fields) => {
  logged.push({ level, msg, fields });
};

export function setUpWirePort(): void {
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
}

// ---- clients and probes --------------------------------------------------------------------------------------

let nextId = 1;
export const ids = (n: number): number[] => Array.from({ length: n }, () => nextId++);

export interface PsqlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// psql exactly as typed: no sslmode, no password, whatever the test runner's environment says.
export function psqlEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: '5' };
  for (const name of ['PGSSLMODE', 'PGPASSWORD', 'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGSERVICE'])
    delete env[name];
  return env;
}

export function psql(port: number, args: string[], input = ''): Promise<PsqlResult> {
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

export async function waitFor(
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

export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function rows(sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.query<Record<string, unknown>>(sql, values)).rows;
}

export async function countWhere(ids: number[]): Promise<number> {
  const [row] = await rows(`SELECT count(*)::int AS n FROM wire_items WHERE id = ANY($1::int[])`, [ids]);
  return Number(row?.n);
}

export function appInsert(id: number): Promise<unknown> {
  return db.query(`INSERT INTO wire_items (id, source) VALUES ($1, 'app')`, [id]);
}

export async function connectClient(port = server.port): Promise<{ client: pg.Client; errors: Error[] }> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  const errors: Error[] = [];
  client.on('error', (error) => errors.push(error));
  await client.connect();
  return { client, errors };
}

export async function untilNoClients(target: WireServer = server): Promise<void> {
  await waitFor('the port to clean up after its clients', () => target.clientCount === 0);
}

/** Resolves with everything the server sent once it closes the socket. */
export function rawExchange(port: number, payload: Buffer): Promise<Buffer> {
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

export const readyIdle = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

export function countReadyForQuery(bytes: Buffer): number {
  let count = 0;
  for (let at = 0; at + 5 <= bytes.length; at += 1 + bytes.readInt32BE(at + 1)) {
    if (bytes[at] === 0x5a) count++;
  }
  return count;
}

export function startupPacket(): Buffer {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0', 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(params.length + 8, 0);
  head.writeInt32BE(196_608, 4);
  return Buffer.concat([head, params]);
}
