// Opens the database a scenario ran on and checks the invariant there: the embedded data
// directory once every process on it has stopped (opening it is itself the "always reopens"
// check), or the TimescaleDB server in server mode.
import type { PgBoss } from 'pg-boss';
import { createBoss } from '../db/boss.ts';
import type { AnyDatabase } from '../db/open.ts';
import { checkInvariant, type InvariantReport } from './pipeline-invariant.ts';

async function withBoss<T>(db: AnyDatabase, fn: (boss: PgBoss) => Promise<T>): Promise<T> {
  const boss = createBoss(db);
  boss.on('error', () => undefined);
  await boss.start();
  try {
    return await fn(boss);
  } finally {
    await boss.stop({ graceful: false, timeout: 5_000 });
  }
}

export async function verifyEmbeddedDataDir(
  dataDir: string,
  publishedIds: readonly string[],
): Promise<InvariantReport> {
  // Imported lazily: a server-mode run never loads the WebAssembly engine.
  const { openEmbedded } = await import('../db/engine/embedded.ts');
  const db = await openEmbedded({ dataDir });
  try {
    return await withBoss(db, (boss) => checkInvariant({ db, boss, publishedIds }));
  } finally {
    await db.close();
  }
}

export async function verifyServer(
  connectionString: string,
  publishedIds: readonly string[],
): Promise<InvariantReport> {
  const { openServer } = await import('../db/engine/server.ts');
  const db = await openServer({ connectionString, applicationName: 'seriousness-chaos-check' });
  try {
    return await withBoss(db, (boss) => checkInvariant({ db, boss, publishedIds }));
  } finally {
    await db.close();
  }
}
