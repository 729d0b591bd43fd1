// Shared set-up for ingest's tests: a config pointed at a local fake Reddit, a logger whose lines
// can be inspected, and a migrated embedded database with pg-boss and its queues.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { createBoss, ensureQueues } from '../../db/boss.ts';
import type { EmbeddedDatabase } from '../../db/engine/embedded.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { fakeRedditEnv } from '../../tools/fake-reddit/env.ts';
import { loadIngestConfig, type IngestConfig } from '../config.ts';

export const TEST_USER_AGENT = 'node:reddit-seriousness-test:0.1.0 (by /u/ingest_test)';

/** An OAuth config against `url` with test-sized timings; `env` overrides any variable. */
export function testConfig(url: string, env: Record<string, string> = {}): IngestConfig {
  return loadIngestConfig({
    ...fakeRedditEnv(url, { userAgent: TEST_USER_AGENT }),
    REDDIT_PUBLIC_URL: url,
    POLL_INTERVAL_MS: '50',
    BACKOFF_BASE_MS: '50',
    BACKOFF_MAX_MS: '400',
    // The fake rounds x-ratelimit-reset up, so no margin is needed to stay inside its window.
    RATE_RESET_MARGIN_MS: '0',
    REQUEST_TIMEOUT_MS: '5000',
    ...env,
  });
}

export interface CapturedLog {
  log: Logger;
  lines: () => Array<Record<string, unknown>>;
}

/** A pino logger that keeps its JSON lines in memory. */
export function capturedLog(level: pino.Level = 'debug'): CapturedLog {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return {
    log: pino({ level }, stream),
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export interface TestDb {
  db: EmbeddedDatabase;
  boss: PgBoss;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const db = await openMigratedEmbedded();
  const boss = createBoss(db);
  boss.on('error', (error) => console.error('pg-boss error in test', error));
  await boss.start();
  await ensureQueues(boss);
  return {
    db,
    boss,
    close: async () => {
      await boss.stop({ graceful: false, timeout: 5_000 });
      await db.close();
    },
  };
}

export { waitFor } from '../../test/wait.ts';
