// `npm run bench:live-profile`: where the live pipeline's time goes (issue #13, part 2), measured
// before anything is optimised. For each rate: `npm start` on a fresh data directory polling the
// bench's fake Reddit (bench/e2e/ours.ts, the same set-up as bench:e2e), posts published at the
// rate and watched through the API once a second per subreddit, then
//  - the app's own timings report (runtime/pipeline-report.ts, every 5 s here): seconds per stage
//    and how busy the app's thread and the engine's thread were, summed over the measured window;
//  - a CPU profile of every thread of the app (--cpu-prof), its samples grouped by what ran
//    (the engine's WebAssembly, onnxruntime, pg-boss, HTTP, JSON, GC, idle, …);
//  - how the app answers meanwhile (/health every 100 ms, a psql read of the all-time view every
//    2 s), and SIGTERM → exit while a burst of BURST_POSTS is being worked (profiles written
//    at exit included).
// Writes bench/results/live-profile.{md,json}.
//
// Environment: RATES=1000,3000  SECONDS=30  WARMUP_SECONDS=5  BURST_POSTS=20000  RESULTS_DIR=bench/results
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFormatted } from '../model/export/write-formatted.ts';
import { config } from './e2e/config.ts';
import { dataRoot, killChildrenOnExit, startOurs, stopOurs } from './e2e/ours.ts';
import { log, runStage, type StageResult } from './e2e/stage.ts';
import { postSequence } from './e2e/tracker.ts';
import { summariseProfiles, type ThreadProfile } from './lib/cpu-profile.ts';
import { watchResponsiveness, type Responsiveness } from './lib/responsiveness.ts';
import { renderLiveProfile, sumReports, type ReportLine } from './lib/live-profile-report.ts';

const rates = (process.env.RATES ?? '1000,3000').split(',').map(Number);
const burstPosts = Number(process.env.BURST_POSTS ?? 20_000);
const seconds = Number(process.env.SECONDS ?? 30);
const warmupSeconds = Number(process.env.WARMUP_SECONDS ?? 5);
const resultsDir = path.resolve(process.env.RESULTS_DIR ?? path.join(import.meta.dirname, 'results'));
const profileRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'live-profile-'));
killChildrenOnExit(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

export interface RateProfile {
  rate: number;
  stage: StageResult;
  measuredSeconds: number;
  timings: ReturnType<typeof sumReports>;
  threads: ThreadProfile[];
  responsiveness: Responsiveness;
  /** SIGTERM → exit, sent 2 s into a burst of `burstPosts`. */
  exitSeconds: number;
  burstPosts: number;
}

const results: RateProfile[] = [];
try {
  for (const rate of rates) {
    const profileDir = path.join(profileRoot, String(rate));
    fs.mkdirSync(profileDir);
    const run = await startOurs('', postSequence(config.postSeed), {
      keepOutputChars: 256 * 1024 * 1024,
      env: {
        TIMINGS_REPORT_SECONDS: '5',
        LOG_LEVEL: 'info',
        NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
      },
    });
    const measuredFrom = Date.now() + warmupSeconds * 1000;
    const output = run.app.output();
    const apiUrl = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    const psqlUrl = /psql: +psql (postgres:\/\/\S+)/.exec(output)?.[1] ?? '';
    const watch = watchResponsiveness(apiUrl, psqlUrl);
    let stage: StageResult;
    let responsiveness: Responsiveness;
    let exitSeconds: number;
    try {
      stage = await runStage(run, {
        design: 'ours, embedded',
        kind: 'throughput',
        observedVia: 'API',
        rate,
        seconds,
        warmup: { seconds: warmupSeconds },
        observeMs: config.rampObserveMs,
        drainAllowanceSeconds: config.drainSeconds,
        requires: ['hourlyAt', 'allTimeAt'],
        pollSeconds: config.pollIntervalMs / 1000,
      });
      responsiveness = await watch.stop();
      // A burst (a busy hour's worth at once), then SIGTERM while it is being worked.
      run.tracker.publish(run.fake, 0, burstPosts, false);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await run.observers.stop();
      const stopping = performance.now();
      await run.app.stop();
      exitSeconds = (performance.now() - stopping) / 1000;
    } finally {
      await stopOurs(run);
    }
    const measuredTo = measuredFrom + seconds * 1000;
    const appLog = path.join(os.tmpdir(), `live-profile-app-${rate}.log`);
    fs.writeFileSync(appLog, run.app.output());
    log(`the app's log: ${appLog}`);
    const lines = reportLines(run.app.output()).filter((l) => l.time > measuredFrom && l.time <= measuredTo);
    const threads = summariseProfiles(profileDir);
    results.push({
      rate,
      stage,
      measuredSeconds: seconds,
      timings: sumReports(lines),
      threads,
      responsiveness,
      exitSeconds,
      burstPosts,
    });
    log(`rate ${rate}: ${lines.length} report lines, ${threads.length} thread profiles`);
  }
} finally {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(profileRoot, { recursive: true, force: true });
}

const markdown = renderLiveProfile(results, os.cpus().length);
console.log(`\n${markdown}`);
fs.mkdirSync(resultsDir, { recursive: true });
// Prettier-formatted, as the repository's check wants every committed file.
await writeFormatted(path.join(resultsDir, 'live-profile.md'), markdown);
fs.writeFileSync(
  path.join(resultsDir, 'live-profile.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cores: os.cpus().length, results }, null, 2)}\n`,
);
log(`results in ${resultsDir} (live-profile.md, live-profile.json)`);

/** The app's `pipeline:` log lines (pino JSON on stdout). */
function reportLines(output: string): ReportLine[] {
  return output.split('\n').flatMap((text) => {
    if (!text.includes('"pipeline"')) return [];
    try {
      const parsed = JSON.parse(text) as { time: number; pipeline: ReportLine['pipeline'] };
      return parsed.pipeline ? [{ time: parsed.time, pipeline: parsed.pipeline }] : [];
    } catch {
      return [];
    }
  });
}
