// The ingest service: polls every configured listing every POLL_INTERVAL_MS, forever, until
// stopped. The all-in-one `npm start` and a standalone ingest process both call `startIngest`.
//
// The loop follows pg-boss's worker: no single failure can kill it. A failed poll (Reddit
// unreachable, 5xx after retries, a database error) is logged with its listing, recorded in
// `ingest_status`, and followed by an exponential, jittered pause instead of a hot loop; the next
// success resets the pause. The rest of the app never waits on Reddit.
//
// Server mode (several processes may run ingest): only the leader polls (db/engine/leadership.ts);
// the others stand by and take over when the leader's connection goes away.
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';
import type { Database } from '../db/engine/types.ts';
import { listingPaths, type IngestConfig } from './config.ts';
import { ListingPoller, type PollResult } from './poller.ts';
import { backoffDelayMs, sleep } from './reddit/backoff.ts';
import { RedditClient, RedditUnreachableError, type ClientStats } from './reddit/client.ts';
import { OAuthError } from './reddit/oauth.ts';
import { StageTimings } from '../runtime/stage-timings.ts';
import { recordFailure } from './status.ts';

/** How often a standby process tries to take the poller's lead (db/engine/leadership.ts). */
const LOCK_RETRY_MS = 5_000;

export interface IngestStats {
  polls: number;
  failedPolls: number;
  newPosts: number;
  deadLetters: number;
  gaps: number;
  client: ClientStats;
}

export interface IngestService {
  stop(): Promise<void>;
  /** Counters since start (the `ingest_status` table has the persistent ones). */
  stats(): IngestStats;
  /** Where the polls' time goes (runtime/pipeline-report.ts takes and logs it). */
  readonly timings: StageTimings;
}

export interface StartIngestOptions {
  db: Database;
  boss: PgBoss;
  config: IngestConfig;
  log: Logger;
  /** Tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Tests and tools: called after every poll of a listing. */
  onPoll?: (result: PollResult) => void;
}

export async function startIngest(options: StartIngestOptions): Promise<IngestService> {
  const { db, boss, config } = options;
  const log = options.log.child({ component: 'ingest' });
  const timings = new StageTimings();
  const stats: Omit<IngestStats, 'client'> = {
    polls: 0,
    failedPolls: 0,
    newPosts: 0,
    deadLetters: 0,
    gaps: 0,
  };

  if (!config.enabled) {
    log.info('ingest: disabled (INGEST=off)');
    return {
      stop: async () => undefined,
      stats: () => ({ ...stats, client: emptyClientStats() }),
      timings,
    };
  }

  const client = new RedditClient({ config, log, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const listings = listingPaths(config);
  const pollers = listings.map(
    (listing) => new ListingPoller(listing, { db, boss, client, config, log, timings }),
  );
  if (config.mode === 'oauth') {
    log.info(
      { apiUrl: config.apiUrl, authUrl: config.authUrl, listings, pollIntervalMs: config.pollIntervalMs },
      `ingest: polling ${listings.join(', ')} with app-only OAuth at ${config.apiUrl}`,
    );
  } else {
    log.warn(
      { publicUrl: config.publicUrl, listings, requestsPerMinute: config.fallbackWindow.requests },
      `ingest: no REDDIT_CLIENT_ID/REDDIT_CLIENT_SECRET, so polling Reddit's public JSON at ${config.publicUrl} ` +
        `(at most ${config.fallbackWindow.requests} requests/minute; set credentials for OAuth's higher budget)`,
    );
  }

  const controller = new AbortController();
  const signal = controller.signal;

  async function pollForever(active: AbortSignal): Promise<void> {
    let failures = 0;
    while (!active.aborted) {
      const started = Date.now();
      let failed = false;
      // Listings in turn, POLL_CONCURRENCY at a time: one's request is in flight (and its pages
      // parsed) while another's write runs on the engine.
      const queue = [...pollers];
      const pollNext = async (): Promise<void> => {
        for (let poller = queue.shift(); poller && !active.aborted; poller = queue.shift()) {
          try {
            const result = await poller.pollOnce(active);
            stats.polls++;
            stats.newPosts += result.newPosts;
            stats.deadLetters += result.deadLetters;
            if (result.gap) stats.gaps++;
            options.onPoll?.(result);
          } catch (error) {
            if (active.aborted) return;
            failed = true;
            stats.failedPolls++;
            await reportFailure(poller.listing, error, failures);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(config.pollConcurrency, pollers.length) }, pollNext));
      failures = failed ? failures + 1 : 0;
      const elapsed = Date.now() - started;
      const pause = failed
        ? Math.max(config.pollIntervalMs, backoffDelayMs(failures - 1, config.backoff))
        : config.pollIntervalMs - elapsed;
      await sleep(pause, active);
    }
  }

  // A long outage must not flood the log: the first failure is an error with its stack, then one
  // warning a minute says it is still failing (every failure is in ingest_status either way).
  let lastFailureLogAt = 0;
  async function reportFailure(listing: string, error: unknown, previousFailures: number): Promise<void> {
    const message = describeError(error);
    const now = Date.now();
    if (previousFailures === 0) {
      lastFailureLogAt = now;
      const fields = { listing, err: error };
      if (error instanceof RedditUnreachableError) {
        log.error(fields, `ingest: ${message}; retrying with backoff (the rest of the app keeps running)`);
      } else if (error instanceof OAuthError) {
        log.error(fields, `ingest: cannot log in to Reddit: ${message}; retrying with backoff`);
      } else {
        log.error(fields, `ingest: poll failed: ${message}; retrying with backoff`);
      }
    } else if (now - lastFailureLogAt >= 60_000) {
      lastFailureLogAt = now;
      log.warn(
        { listing, consecutiveFailures: previousFailures + 1, error: message },
        `ingest: still failing (${previousFailures + 1} polls in a row): ${message}`,
      );
    }
    try {
      await recordFailure(db, {
        listing,
        mode: config.mode,
        rate: client.budget.snapshot(),
        error: message,
        deadLetters: 0,
      });
    } catch (statusError) {
      log.warn({ listing, err: statusError }, 'ingest: could not record the failure in ingest_status');
    }
  }

  // One poller per database: embedded, by construction; on a server, the advisory lock's holder.
  const running = db
    .whileLeader(
      ADVISORY_LOCKS.ingestPoller,
      { signal, retryMs: LOCK_RETRY_MS, name: 'ingest poller', log },
      pollForever,
    )
    .catch((error: unknown) => log.error({ err: error }, 'ingest: the poll loop ended unexpectedly'));

  let stopped: Promise<void> | undefined;
  return {
    timings,
    stats: () => ({ ...stats, client: { ...client.stats } }),
    stop: () => {
      stopped ??= (async () => {
        controller.abort(new Error('ingest stopped'));
        await running;
        log.info('ingest: stopped');
      })();
      return stopped;
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emptyClientStats(): ClientStats {
  return { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, networkErrors: 0, reauthentications: 0 };
}
