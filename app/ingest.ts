// The `ingest` role: the Reddit poller on its own (server mode scales it to two replicas, of which
// one polls: db/engine/leadership.ts). `npm start` runs the same service inside the all-in-one.
//
//   node app/ingest.ts        (DATABASE_URL for a server; DATA_DIR for the embedded engine)
import { loadIngestConfig } from '../ingest/config.ts';
import { startIngest } from '../ingest/service.ts';
import { boot } from '../runtime/boot.ts';
import { startPipelineReport } from '../runtime/pipeline-report.ts';

const runtime = await boot({ service: 'ingest', sections: { ingest: loadIngestConfig } });
const { db, boss, config, log } = runtime;
const ingest = await startIngest({ db, boss, config: config.ingest, log }).catch(runtime.failStart);
console.log(
  `ingest ready (${db.kind} engine, ${config.ingest.mode} mode, ${config.ingest.subreddits.join('+')})`,
);
// Where this role's time goes, every TIMINGS_REPORT_SECONDS (runtime/pipeline-report.ts).
const stopReport = startPipelineReport({
  log,
  intervalSeconds: config.timingsReportSeconds,
  sources: () => [ingest.timings],
  ...(db.kind === 'embedded' ? { engineThreadUtilization: () => db.engineThreadUtilization() } : {}),
});
runtime.runUntilSignalled(() => [
  { name: 'ingest', run: () => ingest.stop() },
  { name: 'timings report', run: async () => stopReport() },
]);
