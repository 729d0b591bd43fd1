// Jobs left claimed by a scorer that died between its claim and its commit (./process-batch.ts)
// are retried at once when the embedded app starts again, as graphile-worker frees a dead worker's
// locks at start: only one process opens an embedded data directory, so every claimed job found
// then is an orphan. On a server other scorers may be mid-batch: there pg-boss retries a claim
// when it expires (db/boss.ts), never at another process's start.
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import { QUEUES } from '../db/boss.ts';
import type { Queryable } from '../db/engine/types.ts';
import { claimedScoreJobs } from '../db/queries/scorer.queries.ts';

/** Fails (so retries, one attempt each) every score job claimed by a dead embedded scorer. */
export async function retryOrphanedScoreJobs(db: Queryable, boss: PgBoss, log: Logger): Promise<number> {
  const orphans = await claimedScoreJobs.run({ queue: QUEUES.score }, db);
  if (orphans.length === 0) return 0;
  await boss.fail(
    QUEUES.score,
    orphans.map((o) => o.id),
    { error: 'the scorer that claimed this job stopped before finishing it' },
  );
  log.info({ jobs: orphans.length }, 'scorer: retrying jobs a previous run claimed and did not finish');
  return orphans.length;
}
