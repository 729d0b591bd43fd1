// The `api` role: the REST API on its own, on API_HOST:API_PORT (the image sets API_HOST=0.0.0.0:
// in a container the port must be reachable from outside its network namespace). `npm start` runs
// the same server inside the all-in-one. pg-boss is only read, for /status's queue depth.
//
//   node app/api.ts        (DATABASE_URL for a server; DATA_DIR for the embedded engine)
import { loadApiConfig } from '../api/config.ts';
import { startApi } from '../api/server.ts';
import { ModelCache } from '../model/registry/models.ts';
import { boot } from '../runtime/boot.ts';
import { loadScorerConfig } from '../scorer/config.ts';

// The scorer's section only for MODEL_REFRESH_MS: the API explains scores with the active model.
const runtime = await boot({ service: 'api', sections: { api: loadApiConfig, scorer: loadScorerConfig } });
const { db, boss, config, log } = runtime;
const models = new ModelCache(db, config.scorer.modelRefreshMs);
const api = await startApi({ db, models, boss, config: config.api, log }).catch((error: unknown) =>
  runtime.failStart(error, () => [{ name: 'models', run: () => models.close() }]),
);
console.log(`api ready on ${api.url} (${db.kind} engine, bound to ${config.api.host})`);
runtime.runUntilSignalled(() => [
  { name: 'api', run: () => api.close() },
  { name: 'models', run: () => models.close() },
]);
