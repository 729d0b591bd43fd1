// Every knob of `npm run bench:e2e`, read once from the environment with its default (the list with
// explanations is at the top of bench/e2e-freshness.ts).
import path from 'node:path';

const numbers = (raw: string) =>
  raw
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const seedRollupSeconds = num('SEED_ROLLUP_SECONDS', 300);

export const config = {
  designs: (process.env.DESIGNS ?? 'ours,seed').split(',').map((d) => d.trim()),
  freshnessRates: numbers(process.env.FRESHNESS_RATES ?? '10,100,1000'),
  stageSeconds: num('STAGE_SECONDS', 20),
  warmupSeconds: num('WARMUP_SECONDS', 5),
  observeMs: num('OBSERVE_MS', 200),
  // Our observers read real-time aggregates on the same single-session engine: at 200 ms x 10
  // subreddits they take a large share of it. The ramp watches less often to measure the pipeline.
  rampObserveMs: num('RAMP_OBSERVE_MS', 1000),
  rampStageSeconds: num('RAMP_STAGE_SECONDS', 15),
  maxRampStages: num('MAX_RAMP_STAGES', 3),
  drainSeconds: num('DRAIN_SECONDS', 30),
  rawPosts: num('RAW_POSTS', 50_000),
  maxPagesPerPoll: process.env.MAX_PAGES_PER_POLL ?? '10',
  // One listing per subreddit: a listing holds only its newest 1,000 posts (Reddit's cap,
  // post-store.ts), so one `/r/a+b+…/new` listing cannot follow much more than ~1,000 posts per poll.
  subredditsPerListing: process.env.SUBREDDITS_PER_LISTING ?? '1',
  pollIntervalMs: 1000,
  subreddits: (
    process.env.BENCH_SUBREDDITS ??
    'askscience,Jokes,worldnews,dadjokes,science,funny,AskHistorians,Showerthoughts,explainlikeimfive,memes'
  ).split(','),
  resultsDir: path.resolve(process.env.RESULTS_DIR ?? path.join(import.meta.dirname, '..', 'results')),
  /** Seed of the post sequence: both designs are fed the same texts and subreddits in the same order. */
  postSeed: num('POST_SEED', 12345),
  serverDatabaseUrl: process.env.BENCH_DATABASE_URL ?? '',

  seed: {
    rollupSeconds: seedRollupSeconds,
    dailySeconds: num('SEED_DAILY_SECONDS', 86_400),
    /** Rates measured against the rollup tables; each takes one full rollup cycle (2 after the first). */
    freshnessRates: numbers(process.env.SEED_FRESHNESS_RATES ?? '10'),
    /** The measured window ends this long before a rollup run, so that the window is one full cycle. */
    windowLeadSeconds: num('SEED_WINDOW_LEAD_SECONDS', 5),
    observeMs: num('SEED_OBSERVE_MS', 500),
    /** Throughput stages (landed in PG15) before the ramp; default the freshness rates of ours. */
    throughputRates: numbers(
      process.env.SEED_THROUGHPUT_RATES ?? process.env.FRESHNESS_RATES ?? '10,100,1000',
    ),
    serverUrl: process.env.SEED_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: process.env.SEED_DATABASE ?? 'seed_baseline',
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  },
};
