// The `scorer` role: scoring workers on their own (server deployments scale these freely). `npm
// start` runs the same service inside the all-in-one.
//
//   node app/scorer.ts        (DATABASE_URL for a server; DATA_DIR for the embedded engine)
import { loadScorerConfig } from '../scorer/config.ts';
import { startScorer } from '../scorer/service.ts';
import { boot } from '../runtime/boot.ts';
import { startPipelineReport } from '../runtime/pipeline-report.ts';

const runtime = await boot({ service: 'scorer', sections: { scorer: loadScorerConfig } });
const { db, boss, config, log } = runtime;
const scorer = await startScorer({ db, boss, config: config.scorer, log }).catch(runtime.failStart);
console.log(`scorer ready (${db.kind} engine, model ${(scorer.activeVersion ?? '').slice(0, 12)})`);
// Where this role's time goes, every TIMINGS_REPORT_SECONDS (runtime/pipeline-report.ts).
const stopReport = startPipelineReport({
  log,
  intervalSeconds: config.timingsReportSeconds,
  sources: () => [scorer.worker.timings],
  ...(db.kind === 'embedded' ? { engineThreadUtilization: () => db.engineThreadUtilization() } : {}),
});
// Stops taking jobs and lets the batch in flight commit; then the report's last line.
runtime.runUntilSignalled(() => [
  { name: 'scorer', run: () => scorer.stop() },
  { name: 'timings report', run: async () => stopReport() },
]);
