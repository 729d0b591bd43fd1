// The scorer as a service: what `npm start` (all-in-one) and the scorer process run. Makes sure a
// model is active, then runs the scoring worker and the re-scoring loop until stopped.
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';
import type { AnyDatabase } from '../db/engine/open.ts';
import { activeModelVersion, tryRescoreLeadership } from '../db/queries/scorer.queries.ts';
import type { ScorerConfig } from './config.ts';
import { ModelCache, defaultModelPath, ensureActiveModel, registerModelFile } from './models.ts';
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
  db: AnyDatabase;
  boss: PgBoss;
  config: ScorerConfig;
  log: Logger;
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

  const models = new ModelCache(db, config.modelRefreshMs);
  const worker = startScoreWorker({ db, boss, models, config, log });

  // Re-scoring loop: one step at a time, quickly while there is work, lazily otherwise.
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const leaderClient = db.kind === 'server' ? await db.pool.connect() : undefined;
  let leader = db.kind === 'embedded';
  const rescoring = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        if (!leader && leaderClient) {
          const [lock] = await tryRescoreLeadership.run({ key: ADVISORY_LOCKS.rescoring }, leaderClient);
          leader = lock?.acquired ?? false;
        }
        if (leader) {
          const progress = await rescoreStep(db, models, config.rescoreChunk, log);
          busy = progress !== null && !progress.finished;
        }
      } catch (error) {
        log.error({ err: error }, 're-scoring step failed; retrying');
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, busy ? 0 : config.modelRefreshMs);
      });
    }
  })();

  return {
    activeVersion: current?.version,
    models,
    worker,
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await worker.stop();
      await rescoring;
      leaderClient?.release();
      await models.close();
    },
  };
}
