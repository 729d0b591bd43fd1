// The embedded engine's stand-in for TimescaleDB's background workers (PGlite runs none).
//
// On a server, Timescale's scheduler runs the refresh and compression policies that the migrations
// registered. Embedded, this loop runs the very same policy jobs with `CALL run_job(id)`, each at its
// own schedule_interval, so there is one definition of the policies for both engines. It also runs
// VACUUM and ANALYZE, because autovacuum does not run either — ANALYZE table by table, only those
// that changed, so that no statement holds the engine's one thread for long — and CHECKPOINT,
// because no checkpointer does (queries/maintenance.sql says what each costs).
//
// The loop is a chain of timeouts, never overlapping; one failing job is logged with its context and
// retried at its next slot, and cannot stop the others.
import type { BulkActivity } from './bulk-activity.ts';
import type { DataChange, DataChangeFeed } from './data-changes.ts';
import type { Database } from './engine/types.ts';
import { announceEverythingChanged, announceModelScoresChanged } from './queries/changes.queries.ts';
import {
  pendingAggregateInvalidations,
  policyJobs,
  refreshDailySeriousness,
  refreshHourlySeriousness,
  analyzeRelation,
  relationsToAnalyze,
  checkpoint,
  runJob,
  scoreChunkRanges,
  vacuum,
} from './queries/maintenance.queries.ts';

export interface MaintenanceEvent {
  job: string;
  durationMs: number;
  error?: Error;
}

export interface MaintenanceOptions {
  /** How often to look for due jobs. */
  tickMs?: number;
  /** How often to VACUUM the database (the stand-in for autovacuum; ANALYZE runs just before it too). */
  vacuumEveryMs?: number;
  /** How often to ANALYZE (planner statistics); the first run is this long after start too. */
  analyzeEveryMs?: number;
  /** How often to CHECKPOINT (Postgres' own checkpoint_timeout default). */
  checkpointEveryMs?: number;
  onEvent?: (event: MaintenanceEvent) => void;
  /**
   * The data-changes feed (./data-changes.ts): a write behind a watermark that lands between the
   * check for pending invalidations and the refresh it settles is heard here, and announced too.
   */
  changes?: DataChangeFeed;
  /**
   * Bulk writers at work in this process (./bulk-activity.ts): refresh policies that have run once
   * wait while one is (it refreshes what it writes itself, in short statements); they run at the
   * first tick after.
   */
  bulk?: BulkActivity;
}

export interface Maintenance {
  /** Runs every policy job now, in dependency order (tests, shutdown, after a backfill). */
  runAllNow(): Promise<MaintenanceEvent[]>;
  stop(): Promise<void>;
}

async function timed(job: string, fn: () => Promise<unknown>): Promise<MaintenanceEvent> {
  const started = performance.now();
  try {
    await fn();
    return { job, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { job, durationMs: Math.round(performance.now() - started), error: error as Error };
  }
}

/** ANALYZE of every table that changed, one statement each; returns how many. */
async function analyzeChanged(db: Database): Promise<number> {
  const relations = await relationsToAnalyze.run(undefined, db);
  for (const { relation } of relations) await analyzeRelation.run({ relation }, db);
  return relations.length;
}

/** Whether a change may have written rows behind an aggregate's watermark. */
function mayBeBehindWatermark(change: DataChange): boolean {
  if (change.kind === 'everything' || change.kind === 'model-scores') return true;
  return change.kind === 'scores' && change.added.some((a) => !a.inHourly || !a.inAllTime);
}

export function startMaintenance(db: Database, options: MaintenanceOptions = {}): Maintenance {
  const tickMs = options.tickMs ?? 5_000;
  const vacuumEveryMs = options.vacuumEveryMs ?? 15 * 60_000;
  const analyzeEveryMs = options.analyzeEveryMs ?? 2 * 60_000;
  const checkpointEveryMs = options.checkpointEveryMs ?? 5 * 60_000;
  // The first vacuum is one interval after start, not at start: opening a big data directory
  // should not begin with a full pass over it.
  const lastRun = new Map<string, number>([
    ['vacuum', Date.now()],
    ['analyze', Date.now()],
    ['checkpoint', Date.now()],
  ]);
  let timer: NodeJS.Timeout | undefined;
  /** Writes heard that may be behind a watermark (counted, compared around each refresh). */
  let behindWatermark = 0;
  const unsubscribe = options.changes?.subscribe((change) => {
    if (mayBeBehindWatermark(change)) behindWatermark++;
  });

  /**
   * Runs one policy job. A refresh that settles rows written behind a watermark changes what
   * readers see: it is announced on the data-changes channel then — if the invalidation logs held
   * any before it, or such a write was heard while it ran (other statements run between ours). After
   * the job: a refresh cannot run inside a transaction, and the readers that cache live in this
   * process, so a crash in between loses no announcement anyone waits for. Compression and a refresh
   * that only moves the watermark change no answer.
   */
  async function runPolicyJob(job: { job_id: number; proc_name: string }): Promise<void> {
    const refresh = job.proc_name === 'policy_refresh_continuous_aggregate';
    const heard = behindWatermark;
    const pending = refresh && (await pendingAggregateInvalidations.run(undefined, db))[0]?.pending === true;
    await runJob.run({ jobId: job.job_id }, db);
    if (pending || (refresh && behindWatermark !== heard)) await announceEverythingChanged.run(undefined, db);
  }
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function runDue(force: boolean): Promise<MaintenanceEvent[]> {
    const events: MaintenanceEvent[] = [];
    const now = Date.now();
    const jobs = await policyJobs.run(undefined, db);
    for (const job of jobs) {
      const name = `${job.proc_name}(${job.target || 'job'} #${job.job_id})`;
      if (!force && now - (lastRun.get(name) ?? 0) < job.schedule_interval_ms) continue;
      // Held back during bulk work, once it has run in this process: its first run moves the
      // watermark from the start of time, without which every read aggregates all history.
      const refresh = job.proc_name === 'policy_refresh_continuous_aggregate';
      if (!force && refresh && options.bulk?.active && lastRun.has(name)) continue;
      const event = await timed(name, () => runPolicyJob(job));
      lastRun.set(name, Date.now());
      events.push(event);
      options.onEvent?.(event);
    }
    const vacuumDue = force || now - (lastRun.get('vacuum') ?? 0) >= vacuumEveryMs;
    // ANALYZE before VACUUM: a VACUUM records the table's current size, which the rule of
    // relationsToAnalyze compares against.
    if (vacuumDue || now - (lastRun.get('analyze') ?? 0) >= analyzeEveryMs) {
      let analyzed = 0;
      const event = await timed('analyze', async () => {
        analyzed = await analyzeChanged(db);
      });
      lastRun.set('analyze', Date.now());
      const named = { ...event, job: `analyze (${analyzed} changed tables)` };
      events.push(named);
      options.onEvent?.(named);
    }
    if (vacuumDue) {
      const event = await timed('vacuum', () => vacuum.run(undefined, db));
      lastRun.set('vacuum', Date.now());
      events.push(event);
      options.onEvent?.(event);
    }
    // Last: it then also covers what the jobs above just wrote.
    if (force || now - (lastRun.get('checkpoint') ?? 0) >= checkpointEveryMs) {
      const event = await timed('checkpoint', () => checkpoint.run(undefined, db));
      lastRun.set('checkpoint', Date.now());
      events.push(event);
      options.onEvent?.(event);
    }
    return events;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runDue(false)
        .catch((error: unknown) => {
          options.onEvent?.({ job: 'list policy jobs', durationMs: 0, error: error as Error });
        })
        .finally(schedule);
    }, tickMs);
    timer.unref();
  }
  schedule();

  return {
    runAllNow: async () => {
      await running;
      const run = runDue(true);
      running = run.catch(() => undefined);
      return run;
    },
    stop: async () => {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

/**
 * Scores on disk per refresh statement: ~25 k rows, ~250 ms of the embedded engine (readers wait
 * that long at most; 16 MiB spans took ~1 s each, and the statements' own cost is small).
 */
const REFRESH_SPAN_BYTES = 4 * 1024 * 1024;

export interface RefreshSpan {
  from: Date;
  to: Date;
  /** post_scores chunks (weeks) in it. */
  weeks: number;
}

/** Consecutive chunks grouped into spans of about `maxBytes` of scores each (a bigger chunk alone). */
export function groupIntoSpans(
  chunks: readonly { range_start: Date; range_end: Date; bytes: number }[],
  maxBytes: number = REFRESH_SPAN_BYTES,
): RefreshSpan[] {
  const spans: RefreshSpan[] = [];
  let current: (RefreshSpan & { bytes: number }) | null = null;
  for (const chunk of chunks) {
    if (current && current.bytes + chunk.bytes <= maxBytes) {
      current.to = chunk.range_end;
      current.bytes += chunk.bytes;
      current.weeks++;
      continue;
    }
    if (current) spans.push({ from: current.from, to: current.to, weeks: current.weeks });
    current = { from: chunk.range_start, to: chunk.range_end, bytes: chunk.bytes, weeks: 1 };
  }
  if (current) spans.push({ from: current.from, to: current.to, weeks: current.weeks });
  return spans;
}

export interface RefreshProgress {
  weeksDone: number;
  weeks: number;
}

/**
 * Makes rows written behind the continuous aggregates' watermarks (a backfill of old posts, a
 * re-score of history) visible in the hourly, daily and all-time figures for [from, to).
 * The window is widened to whole days so the daily level refreshes whole buckets.
 *
 * A few weeks of scores per statement (about REFRESH_SPAN_BYTES), and only the weeks that hold
 * scores: one statement over a busy month or year would hold the embedded engine, and every reader,
 * for its whole duration (a refresh costs ~65 µs a score there), and one statement per quiet week
 * costs more in statements than in work (785 weeks of the shared corpus: 40 s one by one, 8 s in
 * spans). Returns the weeks refreshed.
 */
export async function refreshSeriousness(
  db: Database,
  from: Date,
  to: Date,
  options: {
    onProgress?: (progress: RefreshProgress) => void;
    signal?: AbortSignal;
    /**
     * Only these models' scores were written (a re-score): readers serving another model are told
     * so and read nothing again. Default: everything may have changed.
     */
    onlyModels?: readonly string[];
  } = {},
): Promise<number> {
  const dayMs = 86_400_000;
  const hourMs = 3_600_000;
  const start = new Date(Math.floor(from.getTime() / dayMs) * dayMs);
  const end = new Date(Math.ceil((to.getTime() + 1) / dayMs) * dayMs);
  // The hourly level over whole hours only (a refresh costs per raw score in its window); the
  // daily level over whole days, from the hourly aggregate, which costs little.
  const hoursFrom = Math.floor(from.getTime() / hourMs) * hourMs;
  const hoursTo = Math.ceil((to.getTime() + 1) / hourMs) * hourMs;
  const chunks = await scoreChunkRanges.run({ from: start, to: end }, db);
  // No scores at all there: one statement settles whatever was (deletions included).
  const spans = chunks.length > 0 ? groupIntoSpans(chunks) : [{ from: start, to: end, weeks: 0 }];
  let weeksDone = 0;
  // Oldest first: each refresh moves a watermark over what it has just materialised, so a reader
  // between two statements sees every row, materialised or real-time. Newest first would move the
  // watermark past spans not materialised yet, hiding them (db/test/consistency-suite.ts).
  for (const span of spans) {
    options.signal?.throwIfAborted();
    const range = {
      from: new Date(Math.max(span.from.getTime(), start.getTime())),
      to: new Date(Math.min(span.to.getTime(), end.getTime())),
    };
    const hours = {
      from: new Date(Math.max(range.from.getTime(), hoursFrom)),
      to: new Date(Math.min(range.to.getTime(), hoursTo)),
    };
    if (hours.from < hours.to) await refreshHourlySeriousness.run(hours, db);
    await refreshDailySeriousness.run(range, db);
    weeksDone += span.weeks;
    options.onProgress?.({ weeksDone, weeks: chunks.length });
  }
  if (options.onlyModels) await announceModelScoresChanged.run({ models: [...options.onlyModels] }, db);
  else await announceEverythingChanged.run(undefined, db);
  return chunks.length;
}
