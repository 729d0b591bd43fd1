// psql and a `pg` Pool read the continuous aggregates through the wire port while the app keeps
// writing posts and scores in-process: every reader sees a consistent, growing total, and the
// writer is never held up by idle readers.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase } from '../engine/embedded.ts';
import { startWireServer, type WireServer } from '../wire/server.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { insertPostScores, insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';
import { requireTools } from '../../test/system-tools.ts';

const tools = requireTools('psql');

const run = promisify(execFile);
const psqlEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('PG')),
);

let db: EmbeddedDatabase;
let wire: WireServer;
beforeAll(async () => {
  db = await openMigratedEmbedded();
  wire = await startWireServer({
    backend: db.wire,
    port: 0,
    transactionTimeoutMs: 2_000,
  });
});
afterAll(async () => {
  await wire.close();
  await db.close();
});

const TOTAL_SQL = `SELECT coalesce(sum(post_count), 0)::int FROM subreddit_seriousness_all_time WHERE model_version = 'v1'`;

describe.skipIf(tools.skipReason !== undefined)(tools.title('the wire port over the live schema'), () => {
  it('serves the caggs to psql and a pg Pool of 5 while the app writes, with growing totals', async () => {
    const batches = 20;
    const perBatch = 50;
    const pool = new pg.Pool({ connectionString: wire.connectionString(), max: 5 });
    let writing = true;
    const psqlTotals: number[] = [];
    const poolTotals: number[] = [];

    const writer = (async () => {
      for (let b = 0; b < batches; b++) {
        const posts: TestPost[] = Array.from({ length: perBatch }, (_, i) => ({
          id: redditId(b * perBatch + i),
          createdAt: new Date(Date.now() - (b * perBatch + i) * 37_000),
          subreddit: ['WireA', 'WireB', 'WireC'][i % 3]!,
          title: `live ${b}/${i}`,
        }));
        await db.transaction(async (tx) => {
          await insertPosts(tx, posts);
          await insertPostScores(
            tx,
            posts.map((post, i) => ({ post, modelVersion: 'v1', seriousness: (i % 10) / 10 })),
          );
        });
        await new Promise((r) => setTimeout(r, 20));
      }
      writing = false;
    })();

    const psqlReader = (async () => {
      while (writing) {
        const { stdout } = await run(
          'psql',
          ['-h', '127.0.0.1', '-p', String(wire.port), '-U', 'postgres', '-X', '-A', '-t', '-c', TOTAL_SQL],
          { env: psqlEnv },
        );
        psqlTotals.push(Number(stdout.trim()));
      }
    })();

    const poolReaders = Array.from({ length: 5 }, async () => {
      while (writing) {
        const result = await pool.query<{ total: number }>(
          `SELECT coalesce(sum(post_count), 0)::int AS total FROM subreddit_seriousness_hourly WHERE model_version = $1`,
          ['v1'],
        );
        poolTotals.push(result.rows[0]!.total);
      }
    });

    const started = performance.now();
    await writer;
    const writeMs = performance.now() - started;
    await Promise.all([psqlReader, ...poolReaders]);

    // Whole transactions only: every total a reader saw is a multiple of one batch.
    for (const total of [...psqlTotals, ...poolTotals]) expect(total % perBatch).toBe(0);
    // Each reader's sequence never goes backwards (psql's is one reader in order).
    expect(psqlTotals).toEqual([...psqlTotals].sort((a, b) => a - b));
    expect(psqlTotals.length).toBeGreaterThan(0);
    expect(poolTotals.length).toBeGreaterThan(5);
    // The final figure through the port is the whole write.
    const final = await pool.query<{ total: number }>(TOTAL_SQL.replace('::int', '::int AS total'));
    expect(final.rows[0]!.total).toBe(batches * perBatch);
    await pool.end();
    // pool.end() resolves before the port has read each client's Terminate; let it, so that
    // closing the port afterwards does not hit clients that are already leaving.
    while (wire.clientCount > 0) await new Promise((r) => setTimeout(r, 20));
    // 20 small transactions plus ~20 ms pauses: readers must not have stalled the writer for seconds.
    expect(writeMs).toBeLessThan(15_000);
  });
});
