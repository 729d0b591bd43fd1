// The shared database suites on a real TimescaleDB server (server mode: a `pg` Pool), through
// testcontainers where Docker runs, or TEST_TIMESCALE_URL. Skipped, with the reason in the suite
// title, where neither exists (this project's CI machines have no Docker engine).
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { openServer } from '../engine/server.ts';
import { migrate } from '../migrate.ts';
import { resolveServerTarget } from '../../test/server-target.ts';
import { describeBossSuite } from './boss-suite.ts';
import { describeConsistencySuite } from './consistency-suite.ts';
import { describeSchemaSuite } from './schema-suite.ts';
import { pauseSchemaJobs } from '../../test/paused-jobs.ts';

const target = await resolveServerTarget();

if (!target.available) {
  console.warn(`[server-mode tests] SKIPPED: ${target.reason}`);
  // Skipped only when no TimescaleDB/PostgreSQL server is reachable (no Docker engine, no
  // TEST_TIMESCALE_URL); the reason is in the title so the skip is never silent.
  describe.skip(`TimescaleDB server mode — SKIPPED: ${target.reason}`, () => {
    it('runs the schema, cagg and pg-boss suites against a real TimescaleDB', () => undefined);
  });
} else {
  afterAll(() => target.stop());
  let databases = 0;
  /** A fresh database per use on the server: CREATE DATABASE is the server's template clone. */
  async function createDatabase(): Promise<string> {
    const name = `seriousness_test_${process.pid}_${++databases}`;
    const admin = new pg.Client({ connectionString: target.available ? target.adminUrl : '' });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`); // name built from digits only, not input
    } finally {
      await admin.end();
    }
    const url = new URL(target.available ? target.adminUrl : '');
    url.pathname = `/${name}`;
    return url.toString();
  }
  // The server's background scheduler must not run a job under a test's reads: paused, the jobs
  // run when a test runs them, as on the embedded engine (test/paused-jobs.ts).
  async function openMigrated() {
    const db = await openServer({ connectionString: await createDatabase() });
    await migrate(db);
    await pauseSchemaJobs(db);
    return db;
  }
  const label = `a TimescaleDB server (${target.describe})`;
  describeSchemaSuite(label, {
    openMigrated,
    openEmpty: async () => {
      const url = await createDatabase();
      const first = await openServer({ connectionString: url });
      const second = await openServer({ connectionString: url });
      return {
        first,
        second,
        close: async () => {
          await first.close();
          await second.close();
        },
      };
    },
  });
  describeBossSuite(label, openMigrated);
  describeConsistencySuite(label, async () => {
    const url = await createDatabase();
    const first = await openServer({ connectionString: url });
    await migrate(first);
    await pauseSchemaJobs(first);
    const second = await openServer({ connectionString: url });
    return {
      first,
      second,
      close: async () => {
        await first.close();
        await second.close();
      },
    };
  });
}
