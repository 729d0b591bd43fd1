// GET /status — the pipeline at a glance: served model, ingest lag and rate budget per listing
// (ingest_status_view), scorer throughput and lag (scorer_status_view), score queue depth (pg-boss).
import type { Router } from '@koa/router';
import type { PgBoss } from 'pg-boss';
import type { Queryable } from '../../db/engine/types.ts';
import { QUEUES } from '../../db/boss.ts';
import { apiIngestStatus, apiScorerStatus } from '../../db/queries/api.queries.ts';
import type { ApiData } from '../data.ts';
import { noStore, type Ctx } from '../respond.ts';
import type { ApiState } from '../state.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function queueDepth(boss: PgBoss | undefined, ctx: Ctx) {
  if (!boss) return null;
  try {
    // force: counted from the job table now (pg-boss reuses a count of the last minute), not the
    // cache its monitor refreshes, which may be an hour old.
    const stats = await boss.getQueueStats(QUEUES.score, { force: true });
    const s = stats[0];
    if (!s) return null;
    return {
      name: s.name,
      queued: s.queuedCount,
      ready: s.readyCount,
      active: s.activeCount,
      deferred: s.deferredCount,
      failed: s.failedCount,
      total: s.totalCount,
      countedAt: s.capturedOn.toISOString(),
    };
  } catch (error) {
    // Status stays useful without the queue figure (pg-boss stopped, queue not created yet).
    ctx.state.log.warn({ err: error }, 'queue stats unavailable');
    return null;
  }
}

export function statusRoutes(
  router: Router<ApiState>,
  db: Queryable,
  data: ApiData,
  boss: PgBoss | undefined,
) {
  router.get('/status', async (ctx: Ctx) => {
    const [servedModel, ingest, scorerRows, queue] = await Promise.all([
      data.servedModel(),
      apiIngestStatus.run(undefined, db),
      apiScorerStatus.run(undefined, db),
      queueDepth(boss, ctx),
    ]);
    const scorer = scorerRows[0];
    noStore(ctx);
    ctx.body = {
      servedModel,
      models: {
        active: scorer?.active_model ?? null,
        activeSince: iso(scorer?.active_since ?? null),
        rescoring: scorer?.rescoring_model
          ? {
              version: scorer.rescoring_model,
              startedAt: iso(scorer.rescore_started_at),
              done: scorer.rescore_done,
              total: scorer.rescore_total,
            }
          : null,
      },
      ingest: ingest.map((r) => ({
        listing: r.listing,
        mode: r.mode,
        lastPollAt: iso(r.last_poll_at),
        lastSuccessAt: iso(r.last_success_at),
        lagSeconds: r.lag_seconds,
        secondsSinceSuccess: r.seconds_since_success,
        postsPerMinute: r.posts_per_minute,
        rateRemaining: r.rate_remaining,
        rateResetAt: iso(r.rate_reset_at),
        lastError: r.last_error,
        lastErrorAt: iso(r.last_error_at),
        consecutiveErrors: r.consecutive_errors,
        postsTotal: r.posts_total,
        errorsTotal: r.errors_total,
        gapsTotal: r.gaps_total,
      })),
      scorer: {
        scoredLastMinute: scorer?.scored_last_minute ?? null,
        lagP50Seconds: scorer?.lag_p50_seconds ?? null,
        lagMaxSeconds: scorer?.lag_max_seconds ?? null,
      },
      queue,
    };
  });
}
