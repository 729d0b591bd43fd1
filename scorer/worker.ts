// The scoring loop, in the manner of pg-boss's own worker: a loop per concurrency slot that no
// single failure can kill. A claim that found work is followed at once by the next (a backlog
// drains at full speed); an empty one by an idle wait; an error by a jittered exponential backoff,
// logged with the queue and slot, so a database outage is not a hot loop. With two slots, one
// scores its batch on this thread while the engine writes the other's (./process-batch.ts).
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { POSTS_PER_SCORE_JOB, QUEUES } from '../db/boss.ts';
import type { Database } from '../db/engine/types.ts';
import type { ScorerConfig } from './config.ts';
import type { ModelCache } from '../model/registry/models.ts';
import { StageTimings } from '../runtime/stage-timings.ts';
import { claimScoreBatch, finishScoreBatch, scoreClaimed, type ClaimedBatch } from './process-batch.ts';

export interface ScoreWorkerStats {
  batches: number;
  jobs: number;
  /** Posts scored (a job names one page's new posts). */
  posts: number;
  scoreRows: number;
  deadLettered: number;
  errors: number;
  lastError: string | null;
}

export interface ScoreWorker {
  readonly stats: Readonly<ScoreWorkerStats>;
  /** Where the batches' time goes (runtime/pipeline-report.ts takes and logs it). */
  readonly timings: StageTimings;
  /** Stops taking jobs, finishes the batches in flight (they commit), then resolves. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;

export function startScoreWorker(options: {
  db: Database;
  boss: PgBoss;
  models: ModelCache;
  config: Pick<ScorerConfig, 'batchSize' | 'concurrency' | 'idlePollMs'>;
  log: Logger;
}): ScoreWorker {
  const { db, boss, models, config, log } = options;
  const stats: ScoreWorkerStats = {
    batches: 0,
    jobs: 0,
    posts: 0,
    scoreRows: 0,
    deadLettered: 0,
    errors: 0,
    lastError: null,
  };
  const timings = new StageTimings();
  // Aborted by stop(): every slot's pause ends at once.
  const stopping = new AbortController();
  const sleep = (ms: number) => delay(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  // Jobs hold one post (versions before 2026-12-08) up to a page's worth: the claim asks for as
  // many jobs as the last claim's posts per job says make `batchSize` posts.
  let postsPerJob: number = POSTS_PER_SCORE_JOB;
  const jobsToClaim = () =>
    Math.max(1, Math.min(config.batchSize, Math.round(config.batchSize / postsPerJob)));

  async function loop(slot: number): Promise<void> {
    let failuresInARow = 0;
    let warnedNoModel = false;
    while (!stopping.signal.aborted) {
      let claimed: ClaimedBatch | null = null;
      try {
        const inPlay = await models.inPlay();
        if (inPlay.length === 0) {
          if (!warnedNoModel) log.warn({ queue: QUEUES.score }, 'no active model: scoring waits for one');
          warnedNoModel = true;
          await sleep(config.idlePollMs * 5);
          continue;
        }
        warnedNoModel = false;
        const batchStarted = performance.now();
        claimed = await claimScoreBatch(db, boss, jobsToClaim(), timings);
        if (claimed === null) {
          failuresInARow = 0;
          const idleStarted = performance.now();
          await sleep(config.idlePollMs);
          timings.record('scorer.idle', performance.now() - idleStarted);
          continue;
        }
        postsPerJob = Math.max(1, claimed.sourceOf.size / claimed.jobIds.length);
        const scored = await scoreClaimed(claimed, inPlay, timings);
        const result = await finishScoreBatch(db, boss, claimed, scored, timings);
        timings.record('scorer.batch', performance.now() - batchStarted, result.posts);
        failuresInARow = 0;
        stats.batches++;
        stats.jobs += result.jobs;
        stats.posts += result.posts;
        stats.scoreRows += result.scoreRows;
        stats.deadLettered += result.deadLettered;
        if (result.deadLettered > 0) {
          log.warn({ queue: QUEUES.score, slot, deadLettered: result.deadLettered }, 'posts dead-lettered');
        }
        log.debug(
          { slot, jobs: result.jobs, posts: result.posts, scoreRows: result.scoreRows },
          'scored a batch',
        );
      } catch (error) {
        failuresInARow++;
        stats.errors++;
        stats.lastError = (error as Error).message;
        // The claimed jobs go back now (a retry each), not when their claim expires.
        if (claimed)
          await boss.fail(QUEUES.score, claimed.jobIds, { error: stats.lastError }).catch(() => undefined);
        const backoff = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(failuresInARow, 8));
        const wait = Math.round(backoff / 2 + (Math.random() * backoff) / 2);
        log.error(
          { err: error, queue: QUEUES.score, slot, failuresInARow, retryInMs: wait },
          'scoring batch failed; backing off',
        );
        await sleep(wait);
      }
    }
  }

  const loops = Array.from({ length: config.concurrency }, (_, slot) => loop(slot));
  return {
    stats,
    timings,
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}
