// The `migrate` role (`npm run migrate`): applies pending migrations and exits — the one-shot step
// of server deployments that want schema changes before the rollout (docker-compose, the
// Kubernetes Job). Every other role also applies them at boot (runtime/boot.ts).
import { migrate } from '../db/migrate.ts';
import { openDatabaseOf, start } from '../runtime/boot.ts';

const options = { service: 'migrate', sections: {} };
const started = start(options);
const db = await openDatabaseOf(started, options);
try {
  const result = await migrate(db, {
    onProgress: ({ migration, durationMs }) => console.log(`applied ${migration.file} (${durationMs} ms)`),
  });
  console.log(
    `schema up to date on the ${db.kind} engine: ${result.applied.length} applied, ${result.alreadyApplied} already applied`,
  );
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
