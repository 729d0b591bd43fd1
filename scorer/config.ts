// The scorer's configuration, validated once at start-up; every default in one place.
import { z } from 'zod';
import { ConfigError, parseEnv } from '../runtime/config-error.ts';

const EnvSchema = z.object({
  /** Posts per batch (about: jobs are claimed whole): one onnxruntime run and one transaction each. */
  SCORER_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).optional(),
  /**
   * Batches in flight per process. Embedded: 2, so that one batch is scored on the app's thread
   * while the engine's thread writes the other's (the engine is one session: more adds nothing).
   */
  SCORER_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  /** How long an idle worker waits before looking for jobs again. */
  SCORER_IDLE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /** How often the worker re-reads which models are active / re-scoring (picks up activations). */
  SCORER_MODEL_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Posts per re-scoring chunk when a new model is activated. */
  SCORER_RESCORE_CHUNK: z.coerce.number().int().min(10).max(100_000).default(2_000),
  /** The model registered and activated on first start (default: the committed one). */
  MODEL_PATH: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** `off` disables the worker in `npm start` (tests, a read-only demo). */
  SCORER: z.enum(['on', 'off']).default('on'),
});

export interface ScorerConfig {
  batchSize: number;
  concurrency: number;
  idlePollMs: number;
  modelRefreshMs: number;
  rescoreChunk: number;
  modelPath: string | undefined;
  enabled: boolean;
}

export { ConfigError };

export function loadScorerConfig(env: NodeJS.ProcessEnv, engine: 'embedded' | 'server'): ScorerConfig {
  const e = parseEnv(EnvSchema, env);
  return {
    // Embedded: one session, so few, big statements (each costs the engine a parse and a plan:
    // 256 → 2,000 raised the sustained live rate from ~2,000 to 3,500 posts/s, bench:e2e);
    // server: smaller ones, several in flight. Only a backlog fills a batch: at 1,000 posts/s a
    // claim finds a few hundred.
    batchSize: e.SCORER_BATCH_SIZE ?? (engine === 'embedded' ? 2_000 : 500),
    concurrency: e.SCORER_CONCURRENCY ?? 2,
    idlePollMs: e.SCORER_IDLE_POLL_MS,
    modelRefreshMs: e.SCORER_MODEL_REFRESH_MS,
    rescoreChunk: e.SCORER_RESCORE_CHUNK,
    modelPath: e.MODEL_PATH,
    enabled: e.SCORER === 'on',
  } satisfies ScorerConfig;
}
