// `npm run bench:e2e`: end-to-end freshness and throughput (issue #9) of our pipeline, and of the
// seed's design reimplemented in bench/seed-baseline/, side by side on the same post sequence.
//
// 1. Ours (bench/e2e/ours.ts): `npm start` on a fresh embedded data directory, polling a fake Reddit
//    in this process; posts published at FRESHNESS_RATES, each watched through GET /subreddit/:name
//    until counted in the hourly series and the all-time figure ("count ≥ rank", tracker.ts); then
//    the throughput ramp (campaign.ts); then a raw batched INSERT of the same rows on the engine.
//    In server mode too when BENCH_DATABASE_URL points at a TimescaleDB (fresh database per run).
// 2. The seed (bench/e2e/seed.ts, bench/seed-baseline/): poller → RabbitMQ → consumers → Postgres
//    15, rollups on their schedule. Freshness: the measured window is exactly one rollup cycle
//    (it ends SEED_WINDOW_LEAD_SECONDS before a run, so every phase of the cycle counts once),
//    observed by SQL on the rollup tables. Then a row count (nothing lost?), then the throughput
//    ramp observed on the raw tables (post and score landed) with each stage's rollup timed, then a
//    raw batched INSERT on Postgres 15 and the rollups timed on those rows.
// Sequential, ours first, so the designs never share the cores. Writes bench/results/e2e.md,
// e2e-freshness.json, e2e-latency-vs-rate.svg, e2e-throughput.svg.
//
// Environment (defaults: ~20 minutes on 2 cores; the seed's 5-minute cycle is most of it):
//   DESIGNS=ours,seed                   which designs to run
//   FRESHNESS_RATES=10,100,1000  STAGE_SECONDS=20  WARMUP_SECONDS=5  OBSERVE_MS=200   (ours)
//   RAMP_OBSERVE_MS=1000  RAMP_STAGE_SECONDS=15  MAX_RAMP_STAGES=3  DRAIN_SECONDS=30  (both ramps)
//   RAW_POSTS=50000  BENCH_SUBREDDITS=a,b,…(10)  POST_SEED=12345  RESULTS_DIR=bench/results
//   MAX_PAGES_PER_POLL=10  SUBREDDITS_PER_LISTING=1   (both pollers; one listing per subreddit)
//   BENCH_DATABASE_URL=postgres://…     a TimescaleDB server for ours in server mode (else not measured)
//   SEED_ROLLUP_SECONDS=300  SEED_DAILY_SECONDS=86400 (≤ 3600: the all-time figure is measured too)
//   SEED_FRESHNESS_RATES=10  (each further rate costs two more cycles)  SEED_WINDOW_LEAD_SECONDS=5
//   SEED_OBSERVE_MS=500  SEED_THROUGHPUT_RATES=$FRESHNESS_RATES
//   SEED_PG_URL=postgres://postgres@127.0.0.1:5432/postgres  SEED_DATABASE=seed_baseline
//   AMQP_URL=amqp://guest:guest@127.0.0.1:5672  SEED_AMQP_PREFIX=seed (exchange and queue names)
// A short run: SEED_ROLLUP_SECONDS=30 STAGE_SECONDS=8 RAMP_STAGE_SECONDS=8 MAX_RAMP_STAGES=1
//   FRESHNESS_RATES=10,100 RAW_POSTS=5000 RESULTS_DIR=/tmp/e2e-smoke npm run bench:e2e
import fs from 'node:fs';
import os from 'node:os';
import { campaign, type Design } from './e2e/campaign.ts';
import { config } from './e2e/config.ts';
import { dataRoot, killChildrenOnExit, startOurs, stopOurs, type OursRun } from './e2e/ours.ts';
import { rawInsertEmbedded, rawInsertPg15, rawInsertServer } from './e2e/raw-insert.ts';
import { renderMarkdown, writeReport, type BenchReport } from './e2e/report.ts';
import {
  allTimeMeasured,
  countRows,
  dropSeedDatabase,
  startSeed,
  stopSeed,
  timeRollups,
  type SeedRun,
} from './e2e/seed.ts';
import { freshServerDatabase, probeTimescaleServer } from './e2e/server-mode.ts';
import { sleep } from './e2e/observer.ts';
import { log, runStage, type StagePlan, type StageResult } from './e2e/stage.ts';
import { postSequence } from './e2e/tracker.ts';

killChildrenOnExit(() => fs.rmSync(dataRoot, { recursive: true, force: true }));
const pollSeconds = config.pollIntervalMs / 1000;

function oursDesign(name: string, databaseUrl: () => Promise<string>): Design<OursRun> {
  const random = postSequence(config.postSeed);
  return {
    start: async () => startOurs(await databaseUrl(), random),
    stop: stopOurs,
    plan: (kind, rate): StagePlan => ({
      design: name,
      kind,
      observedVia: 'API',
      rate,
      seconds: kind === 'freshness' ? config.stageSeconds : config.rampStageSeconds,
      warmup: { seconds: config.warmupSeconds },
      observeMs: kind === 'freshness' ? config.observeMs : config.rampObserveMs,
      drainAllowanceSeconds: config.drainSeconds,
      requires: ['hourlyAt', 'allTimeAt'],
      pollSeconds,
    }),
  };
}

const report: BenchReport = {
  date: new Date().toISOString(),
  cores: os.cpus().length,
  settings: {
    subreddits: config.subreddits,
    pollIntervalMs: config.pollIntervalMs,
    apiCacheMs: 0,
    maxPagesPerPoll: Number(config.maxPagesPerPoll),
    subredditsPerListing: Number(config.subredditsPerListing),
    observeMs: config.observeMs,
    rampObserveMs: config.rampObserveMs,
    seedObserveMs: config.seed.observeMs,
    warmupSeconds: config.warmupSeconds,
    drainSeconds: config.drainSeconds,
    rawPosts: config.rawPosts,
    postSeed: config.postSeed,
  },
  server: { measured: false, reason: 'not probed' },
};

try {
  if (config.designs.includes('ours')) {
    const stages = await campaign(
      oursDesign('ours, embedded', async () => ''),
      config.freshnessRates,
      'freshness',
    );
    report.ours = { stages, rawInsertPostsPerSecond: await rawInsertEmbedded() };

    const probe = await probeTimescaleServer(config.serverDatabaseUrl);
    if (probe.reachable) {
      log(`server TimescaleDB ${probe.version} reachable: our pipeline in server mode`);
      const serverStages = await campaign(
        oursDesign('ours, server', () => freshServerDatabase(config.serverDatabaseUrl)),
        config.freshnessRates,
        'freshness',
      );
      report.server = {
        measured: true,
        stages: serverStages,
        rawInsertPostsPerSecond: await rawInsertServer(await freshServerDatabase(config.serverDatabaseUrl)),
      };
    } else {
      const reason = config.serverDatabaseUrl
        ? probe.reason
        : 'none reachable here; Postgres 15 has no TimescaleDB';
      report.server = { measured: false, reason };
      log(`server TimescaleDB: not measured (${reason})`);
    }
  }

  if (config.designs.includes('seed')) {
    const random = postSequence(config.postSeed);
    const T = config.seed.rollupSeconds;
    const lead = config.seed.windowLeadSeconds;
    const withAllTime = allTimeMeasured();

    // Freshness: the first window starts `lead` s before the first rollup run, after a warm-up.
    // (+5 s: the seed's start-up and the corpus load happen in between.)
    const seedF = await startSeed(random, 'rollups', config.warmupSeconds + lead + 5);
    const freshness: StageResult[] = [];
    let lossCheck: NonNullable<BenchReport['seed']>['lossCheck'];
    try {
      for (const rate of config.seed.freshnessRates) {
        // The first cycle boundary whose window (starting `lead` s before it) is still ahead.
        const windowStart = (n: number) => seedF.firstRollupAtMs + n * T * 1000 - lead * 1000;
        let k = 0;
        while (windowStart(k) < Date.now() + 1000) k++;
        freshness.push(
          await runStage(seedF, {
            design: 'seed, PG15',
            kind: 'freshness',
            observedVia: withAllTime ? 'rollup tables' : 'hourly rollup table',
            rate,
            seconds: T,
            warmup: { untilMs: windowStart(k) },
            observeMs: config.seed.observeMs,
            drainAllowanceSeconds:
              lead + Math.max(T, withAllTime ? config.seed.dailySeconds : 0) + config.drainSeconds,
            requires: withAllTime ? ['hourlyAt', 'allTimeAt'] : ['hourlyAt'],
            pollSeconds,
          }),
        );
      }
      // Nothing lost? Every published post must be in seed_posts and seed_scores once.
      const published = seedF.tracker.publishedTotal;
      let counts = await countRows(seedF);
      for (const deadline = Date.now() + config.drainSeconds * 1000; Date.now() < deadline;) {
        if (counts.posts >= published && counts.scores >= published) break;
        await sleep(500);
        counts = await countRows(seedF);
      }
      const ok =
        counts.posts === published && counts.distinct_posts === published && counts.scores === published;
      lossCheck = { ...counts, published, ok: ok && counts.hourly_sum === published };
      log(
        `seed loss check: published ${published}, ${JSON.stringify(counts)} → ${lossCheck.ok ? 'nothing lost' : 'MISMATCH'}`,
      );
    } finally {
      await stopSeed(seedF);
    }

    // Throughput: landed in PG15, each stage's rollups timed; the hourly run must fit its interval.
    const seedDesign: Design<SeedRun> = {
      start: () => startSeed(random, 'landed', T),
      stop: stopSeed,
      plan: (kind, rate) => ({
        design: 'seed, PG15',
        kind,
        observedVia: 'PG15 tables (landed)',
        rate,
        seconds: config.rampStageSeconds,
        warmup: { seconds: config.warmupSeconds },
        observeMs: config.rampObserveMs,
        drainAllowanceSeconds: config.drainSeconds,
        requires: ['hourlyAt', 'allTimeAt'],
        pollSeconds,
      }),
      after: async (run, result) => {
        const { hourly, allTime } = await timeRollups(run);
        result.notes['hourly rollup (s)'] = hourly.seconds;
        result.notes['all-time rollup (s)'] = allTime.seconds;
        if (hourly.seconds >= T) result.sustained = false;
        log(
          `  seed rollups after the stage: hourly ${hourly.seconds.toFixed(2)} s, all-time ${allTime.seconds.toFixed(2)} s`,
        );
      },
    };
    const throughput = await campaign(seedDesign, config.seed.throughputRates, 'throughput');
    const raw = await rawInsertPg15();
    await dropSeedDatabase();
    report.seed = {
      freshness,
      throughput,
      raw,
      lossCheck,
      rollupSeconds: T,
      dailySeconds: config.seed.dailySeconds,
      allTimeMeasured: withAllTime,
    };
  }
} finally {
  fs.rmSync(dataRoot, { recursive: true, force: true });
}

const markdown = renderMarkdown(report);
console.log(`\n${markdown}`);
writeReport(config.resultsDir, report, markdown);
log(
  `results in ${config.resultsDir} (e2e.md, e2e-freshness.json, e2e-latency-vs-rate.svg, e2e-throughput.svg)`,
);
