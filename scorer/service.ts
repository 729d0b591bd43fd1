// The scorer as a service: what `npm start` (all-in-one) and the scorer process run. Makes sure a
// model is active, then runs the scoring worker and the re-scoring loop until stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';
import type { BulkActivity } from '../db/bulk-activity.ts';
import type { Database } from '../db/engine/types.ts';
import { activeModelVersion } from '../db/queries/scorer.queries.ts';
import type { ScorerConfig } from './config.ts';
import {
  ModelCache,
  defaultModelPath,
  ensureActiveModel,
  registerModelFile,
} from '../model/registry/models.ts';
import { retryOrphanedScoreJobs } from './orphans.ts';
import { rescoreStep } from './rescore.ts';
import { startScoreWorker, type ScoreWorker } from './worker.ts';

export interface ScorerService {
  /** The model the API serves, as of start-up. */
  readonly activeVersion: string | undefined;
  readonly models: ModelCache;
  readonly worker: ScoreWorker;
  stop(): Promise<void>;
}

export async function startScorer(options: {
  db: Database;
  boss: PgBoss;
  config: ScorerConfig;
  log: Logger;
  /** Where a re-score of history counts as bulk work (db/bulk-activity.ts). */
  bulk?: BulkActivity;
}): Promise<ScorerService> {
  const { db, boss, config, log } = options;
  const modelPath = config.modelPath ?? defaultModelPath;
  const configured = await registerModelFile(db, modelPath);
  const active = await ensureActiveModel(db, modelPath);
  if (active !== configured) {
    log.info(
      { active, available: configured, path: modelPath },
      `model ${configured.slice(0, 12)} is available but ${active.slice(0, 12)} is active; ` +
        `switch with: npm run model:activate -- ${configured.slice(0, 12)}`,
    );
  }
  const [current] = await activeModelVersion.run(undefined, db);
  log.info(
    { model: current?.version, batchSize: config.batchSize, concurrency: config.concurrency },
    'scorer ready',
  );

  if (db.kind === 'embedded') await retryOrphanedScoreJobs(db, boss, log);
  const models = new ModelCache(db, config.modelRefreshMs);
  const worker = startScoreWorker({ db, boss, models, config, log });

  // Re-scoring history: one process at a time (db/engine/leadership.ts), one step at a time,
  // quickly while there is work, lazily otherwise. A failed step is logged and retried.
  const stopping = new AbortController();
  const rescoring = db.whileLeader(
    ADVISORY_LOCKS.rescoring,
    { signal: stopping.signal, retryMs: config.modelRefreshMs, name: 're-scoring', log },
    async (lost) => {
      while (!lost.aborted) {
        const step = () => rescoreStep(db, models, config.rescoreChunk, log, { signal: lost });
        const progress = await (options.bulk ? options.bulk.during(step) : step());
        const busy = progress !== null && !progress.finished;
        if (!busy) await sleep(config.modelRefreshMs, undefined, { signal: lost }).catch(() => undefined);
      }
    },
  );

  return {
    activeVersion: current?.version,
    models,
    worker,
    stop: async () => {
      stopping.abort();
      await worker.stop();
      await rescoring;
      await models.close();
    },
  };
}
