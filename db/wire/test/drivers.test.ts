// The psql port judged by the drivers people connect with (issue #14): Debian's asyncpg and
// psycopg 3, each with a pool, prepared statements and reset-on-release, at once, and pgjdbc with
// server-side prepared statements, against a read-only
// port over the migrated schema — while the app keeps using the same session.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase } from '../../engine/embedded.ts';
import { openMigratedEmbedded } from '../../../test/template-db.ts';
import { requireTools } from '../../../test/system-tools.ts';
import { startWireServer, type WireServer } from '../server.ts';

const jdbc = requireTools('java', '/usr/share/java/postgresql.jar');
const tools = requireTools(
  '/usr/bin/python3:asyncpg',
  '/usr/bin/python3:psycopg',
  '/usr/bin/python3:psycopg_pool',
);
const run = promisify(execFile);

let db: EmbeddedDatabase;
let wire: WireServer;
beforeAll(async () => {
  if (tools.skipReason && jdbc.skipReason) return;
  db = await openMigratedEmbedded();
  wire = await startWireServer({
    backend: db.wire,
    port: 0,
    transactionTimeoutMs: 10_000,
  });
});
afterAll(async () => {
  await wire?.close();
  await db?.close();
});

describe.skipIf(tools.skipReason !== undefined)(tools.title('Python drivers on the psql port'), () => {
  it('serves asyncpg and psycopg pools at once: prepared statements, resets on release, read-only errors', async () => {
    let appQueries = 0;
    let appBusy = true;
    // The app keeps using the session throughout.
    const app = (async () => {
      while (appBusy) {
        await db.query(`SELECT count(*) FROM models`);
        appQueries++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const script = path.join(import.meta.dirname, 'drivers', 'python_clients.py');
    const { stdout } = await run('/usr/bin/python3', [script, String(wire.port)], {
      timeout: 50_000,
    }).finally(() => (appBusy = false));
    await app;
    const results = JSON.parse(stdout) as Record<string, unknown>;
    expect(results).toEqual({
      asyncpg_sums_ok: true,
      asyncpg_changed_search_path: 'pg_catalog',
      asyncpg_search_paths_after_reset: ['public, pg_temp'],
      asyncpg_write: 'ReadOnlySQLTransactionError',
      asyncpg_in_transaction: 0,
      psycopg_queries_ok: true,
      psycopg_errors: [],
      psycopg_datestyle_after_reset: 'ISO, MDY',
    });
    expect(appQueries).toBeGreaterThan(10);
    const [session] = (
      await db.query<{ sp: string; ds: string }>(
        `SELECT current_setting('search_path') AS sp, current_setting('DateStyle') AS ds`,
      )
    ).rows;
    expect(session).toEqual({ sp: 'public, pg_temp', ds: 'ISO, MDY' });
  });
});

describe.skipIf(jdbc.skipReason !== undefined)(jdbc.title('the Java driver on the psql port'), () => {
  it('serves four pgjdbc connections at once with server-side prepared statements, settings their own', async () => {
    const source = path.join(import.meta.dirname, 'drivers', 'JdbcClients.java');
    const { stdout } = await run(
      'java',
      ['-cp', '/usr/share/java/postgresql.jar', source, String(wire.port)],
      { timeout: 50_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      jdbc_queries_ok: true,
      jdbc_errors: 0,
      jdbc_first_error: 'null',
      jdbc_write_sqlstate: '25006',
      jdbc_in_transaction: 0,
    });
    const [session] = (await db.query<{ tz: string }>(`SELECT current_setting('TimeZone') AS tz`)).rows;
    expect(session?.tz).not.toBe('Asia/Tokyo');
  });
});
