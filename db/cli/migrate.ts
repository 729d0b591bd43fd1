// `npm run migrate`: applies pending migrations and exits — the one-shot `migrate` role of server
// deployments (docker-compose, the Kubernetes Job). Uses DATABASE_URL, or the embedded DATA_DIR.
import { openDatabase } from '../open.ts';
import { migrate } from '../migrate.ts';
import { ConfigError, loadConfig } from '../../app/config.ts';

try {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await migrate(db, {
      onProgress: ({ migration, durationMs }) => console.log(`applied ${migration.file} (${durationMs} ms)`),
    });
    console.log(
      `schema up to date on the ${db.kind} engine: ${result.applied.length} applied, ${result.alreadyApplied} already applied`,
    );
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
