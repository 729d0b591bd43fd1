// The server suites' database jobs off the background scheduler (issue #15): on a TimescaleDB
// server the refresh policies and the compression job run on their own schedule, so a test that
// compares the aggregates with the raw rows could read them while a run it did not start was
// half-way (1 of 4 runs failed under load). Paused, they run only when a test runs them
// (`CALL run_job`, the maintenance loop's runAllNow), as on the embedded engine.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../db/engine/types.ts';
import { runningJobs, setSchemaJobsScheduled } from '../db/queries/test/checks.queries.ts';

/** Unschedules this schema's jobs, waits for any run already started, and returns how to resume. */
export async function pauseSchemaJobs(db: Queryable, waitMs = 60_000): Promise<() => Promise<void>> {
  const paused = await setSchemaJobsScheduled.run({ scheduled: false }, db);
  const jobIds = paused.map((job) => job.job_id);
  for (const deadline = Date.now() + waitMs; ; await sleep(100)) {
    const [row] = await runningJobs.run({ jobIds }, db);
    if (!row || row.running === 0) break;
    if (Date.now() > deadline) throw new Error(`jobs ${jobIds.join(', ')} still running after ${waitMs} ms`);
  }
  return async () => {
    await setSchemaJobsScheduled.run({ scheduled: true }, db);
  };
}
