// The `model:activate` command (`npm run model:activate -- <version|path>`): registers (for a path) and activates a model.
// The first model of a database is active at once; a later one re-scores history in the
// background of the running scorer and takes over when caught up.
//
// Embedded mode while `npm start` runs: the data directory is locked by that process, so this
// talks to it through its psql port (DB_PORT) instead — the same SQL, one code path.
import { DataDirLockedError } from '../db/engine/data-dir-lock.ts';
import { openServer } from '../db/engine/server.ts';
import { openDatabase } from '../db/open.ts';
import type { Database } from '../db/engine/types.ts';
import { modelByVersion } from '../db/queries/scorer.queries.ts';
import { activateModel } from '../model/registry/models.ts';
import { start } from '../runtime/boot.ts';
import { loadPsqlPortConfig, psqlPortUrl } from '../runtime/psql-port-config.ts';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run model:activate -- <model version (or unique prefix) | path to .onnx>');
  process.exit(2);
}

const { config } = start({ service: 'activate-model', sections: { psqlPort: loadPsqlPortConfig } });
let db: Database;
try {
  db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  const url = psqlPortUrl(config.psqlPort);
  console.error(`${error.message}\nGoing through the running app's port instead: ${url}`);
  db = await openServer({ connectionString: url, max: 1 });
}
try {
  const { version, outcome } = await activateModel(db, target);
  const [row] = await modelByVersion.run({ version }, db);
  if (outcome === 'already-active') console.log(`model ${version} is already the active model`);
  else if (outcome === 'active') console.log(`model ${version} is now the active model`);
  else {
    console.log(
      `model ${version} activated: re-scoring ${row?.rescore_total ?? '?'} posts in the background (newest first).\n` +
        `The API keeps serving the current model until it has caught up. Progress:\n` +
        `  psql -h 127.0.0.1 -p ${config.psqlPort.port} -U postgres -c 'SELECT * FROM scorer_status_view'`,
    );
  }
} catch (error) {
  console.error(`activation failed: ${(error as Error).message}`);
  if ((error as { code?: string }).code === '25006') {
    console.error(
      "The running app's psql port is read-only (the default). Restart it with DB_PORT_MODE=read-write, " +
        'or stop it, then run model:activate again.',
    );
  }
  process.exitCode = 1;
} finally {
  await db.close();
}
