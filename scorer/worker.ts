// The scoring loop, in the manner of pg-boss's own worker: a loop per concurrency slot that no
// single failure can kill. A full batch is followed at once by the next (a backlog drains at full
// speed); a short one by an idle wait; an error by a jittered exponential backoff, logged with the
// queue and slot, so a database outage is not a hot loop.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { QUEUES } from '../db/boss.ts';
import type { Database } from '../db/engine/types.ts';
import type { ScorerConfig } from './config.ts';
import type { ModelCache } from '../model/registry/models.ts';
import { processScoreBatch } from './process-batch.ts';

export interface ScoreWorkerStats {
  batches: number;
  jobs: number;
  scoreRows: number;
  deadLettered: number;
  errors: number;
  lastError: string | null;
}

export interface ScoreWorker {
  readonly stats: Readonly<ScoreWorkerStats>;
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
    scoreRows: 0,
    deadLettered: 0,
    errors: 0,
    lastError: null,
  };
  // Aborted by stop(): every slot's pause ends at once.
  const stopping = new AbortController();
  const sleep = (ms: number) => delay(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  async function loop(slot: number): Promise<void> {
    let failuresInARow = 0;
    let warnedNoModel = false;
    while (!stopping.signal.aborted) {
      try {
        const inPlay = await models.inPlay();
        if (inPlay.length === 0) {
          if (!warnedNoModel) log.warn({ queue: QUEUES.score }, 'no active model: scoring waits for one');
          warnedNoModel = true;
          await sleep(config.idlePollMs * 5);
          continue;
        }
        warnedNoModel = false;
        const result = await db.transaction((tx) => processScoreBatch(tx, boss, inPlay, config.batchSize));
        failuresInARow = 0;
        if (result.jobs > 0) {
          stats.batches++;
          stats.jobs += result.jobs;
          stats.scoreRows += result.scoreRows;
          stats.deadLettered += result.deadLettered;
          if (result.deadLettered > 0) {
            log.warn({ queue: QUEUES.score, slot, deadLettered: result.deadLettered }, 'posts dead-lettered');
          }
          log.debug({ slot, jobs: result.jobs, scoreRows: result.scoreRows }, 'scored a batch');
        }
        if (result.jobs < config.batchSize) await sleep(config.idlePollMs);
      } catch (error) {
        failuresInARow++;
        stats.errors++;
        stats.lastError = (error as Error).message;
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
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}
