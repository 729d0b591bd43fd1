// `node bench/seed-baseline/main.ts`: the seed's design (ARCHITECTURE.md §1, what the product
// replaced), reimplemented minimally but fairly on this machine's RabbitMQ and Postgres 15, for
// `npm run bench:e2e` to measure side by side with ours:
//
//   poller ──▶ [posts topic] ──▶ posts consumer ──▶ seed_posts
//                   └─────────▶ enrichment (same model) ──▶ [posts-scores topic] ──▶ scores consumer ──▶ seed_scores
//   dbt: hourly rollup every SEED_ROLLUP_SECONDS (incremental), all-time every SEED_DAILY_SECONDS (full)
//
// Every role runs in this one process (as `npm start` runs all of ours in one), each with its own
// channel; the database and schema are prepared by the bench (database.ts, schema.sql).
// Environment: SEED_DATABASE_URL, AMQP_URL, SEED_BATCH_SIZE (256, ours on the embedded engine),
// SEED_PREFETCH (2 × batch), SEED_BATCH_LINGER_MS (50), SEED_ROLLUP_SECONDS (300),
// SEED_DAILY_SECONDS (86400), SEED_ROLLUP_FIRST_SECONDS (first runs this long after start; default
// one interval), and the ingest variables of ingest/config.ts for the Reddit client.
// Prints `seed baseline ready: first rollup at <epoch ms>` once everything consumes and polls.
import amqp from 'amqplib';
import pino from 'pino';
import { listingPaths, loadIngestConfig } from '../../ingest/config.ts';
import { backoffDelayMs, sleep } from '../../ingest/reddit/backoff.ts';
import { RedditClient } from '../../ingest/reddit/client.ts';
import { loadModel } from '../../model/score/library.ts';
import { assertTopology, EXCHANGES, publishConfirmed } from './broker.ts';
import { startConsumers, type PostMessage } from './consumers.ts';
import { openSeedDatabase } from './database.ts';
import { SeedListingPoller } from './poller.ts';
import { scheduleRollups } from './rollups.ts';

const env = process.env;
const number = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${env[name]}`);
  return value;
};
const batchSize = number('SEED_BATCH_SIZE', 256);
const rollupSeconds = number('SEED_ROLLUP_SECONDS', 300);
const dailySeconds = number('SEED_DAILY_SECONDS', 86_400);
const log = pino({ level: env.LOG_LEVEL ?? 'info' }).child({ component: 'seed-baseline' });
const ingest = loadIngestConfig(env);

const db = await openSeedDatabase(
  env.SEED_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/seed_baseline',
);
const connection = await amqp.connect(env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
const setup = await connection.createChannel();
await assertTopology(setup);
await setup.close();

const model = await loadModel();
let errors = 0;
const onError = (role: string, error: unknown) => {
  errors++;
  log.error({ role, err: error }, `seed ${role}: ${(error as Error).message}`);
};
const consumers = await startConsumers(connection, db, model, {
  batchSize,
  prefetch: number('SEED_PREFETCH', 2 * batchSize),
  lingerMs: number('SEED_BATCH_LINGER_MS', 50),
  onError,
});

const firstAtMs = Date.now() + number('SEED_ROLLUP_FIRST_SECONDS', rollupSeconds) * 1000;
const rollups = scheduleRollups(
  db,
  [
    { model: 'hourly', intervalSeconds: rollupSeconds, firstAtMs },
    { model: 'all-time', intervalSeconds: dailySeconds, firstAtMs },
  ],
  (r) => log.info(r, `seed rollup ${r.model}: ${r.rows} rows in ${r.seconds.toFixed(2)} s`),
  (m, error) => onError(`rollup ${m}`, error),
);

// The poller: every listing in turn, then the rest of the interval (as ingest/service.ts does).
const client = new RedditClient({ config: ingest, log });
const pollers = listingPaths(ingest).map((listing) => new SeedListingPoller(listing, client, ingest));
const publishChannel = await connection.createConfirmChannel();
const controller = new AbortController();
const stats = { polls: 0, published: 0, gaps: 0, failedPolls: 0 };
const polling = (async () => {
  let failures = 0;
  while (!controller.signal.aborted) {
    const started = Date.now();
    let failed = false;
    for (const poller of pollers) {
      if (controller.signal.aborted) break;
      try {
        const { posts, newest, gap } = await poller.fetchNew(controller.signal);
        await publishConfirmed(
          publishChannel,
          EXCHANGES.posts,
          posts.map((p) => ({
            routingKey: `post.${p.subreddit.toLowerCase()}`,
            id: p.id,
            body: {
              id: p.id,
              createdAt: p.createdAt.toISOString(),
              subreddit: p.subreddit,
              author: p.author,
              title: p.title,
              selftext: p.selftext,
              url: p.url,
              domain: p.domain,
              isSelf: p.isSelf,
              score: p.score,
              numComments: p.numComments,
            } satisfies PostMessage,
          })),
        );
        poller.advance(newest);
        stats.polls++;
        stats.published += posts.length;
        if (gap) {
          stats.gaps++;
          log.warn(
            { listing: poller.listing },
            'seed poller: walked every page without reaching the cursor (gap)',
          );
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        failed = true;
        stats.failedPolls++;
        onError(`poller ${poller.listing}`, error);
      }
    }
    failures = failed ? failures + 1 : 0;
    const pause = failed
      ? backoffDelayMs(failures - 1, ingest.backoff)
      : ingest.pollIntervalMs - (Date.now() - started);
    await sleep(Math.max(0, pause), controller.signal).catch(() => undefined);
  }
})();

console.log(
  `seed baseline ready: first rollup at ${firstAtMs}, every ${rollupSeconds} s (all-time every ${dailySeconds} s)`,
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  controller.abort();
  await polling;
  await rollups.stop();
  for (const consumer of consumers) await consumer.stop();
  await connection.close();
  await db.close();
  await model.close();
  console.log(`seed baseline stopped: ${JSON.stringify({ ...stats, errors })}`);
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());
