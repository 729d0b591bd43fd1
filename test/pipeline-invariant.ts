// The one invariant every chaos scenario ends with, short (npm test) and long (bench:chaos) alike:
// every post the fake Reddit published is stored exactly once and scored exactly once by the
// active model, or — only when it was bad input — kept in the dead letters; nothing is stored that
// was never published; each continuous aggregate equals the same figures recomputed from the raw
// score rows; and no pg-boss score job failed or was dead-lettered.
//
// It reads the database after the processes under test have stopped (or while the server keeps
// running in server mode), through the same typed queries the product uses.
import type { PgBoss } from 'pg-boss';
import { QUEUES } from '../db/boss.ts';
import type { Queryable } from '../db/engine/types.ts';
import {
  deadLettersByReason,
  ingestGapsTotal,
  publishedPostAccounting,
  scoresWithoutPost,
  unpublishedStoredPosts,
} from '../db/queries/test/chaos.queries.ts';
import {
  bruteForceAllTime,
  bruteForceDaily,
  bruteForceHourly,
  caggAllTime,
  caggDaily,
  caggHourly,
} from '../db/queries/test/checks.queries.ts';

export interface InvariantReport {
  published: number;
  /** Published posts with exactly one row in `posts`. */
  stored: number;
  /** Published posts with more than one row in `posts`. */
  duplicates: number;
  /** Published posts neither stored nor dead-lettered: lost. */
  missing: number;
  /** Published posts not stored because they were dead-lettered as bad input (accounted for). */
  deadLetteredPosts: number;
  /** Stored posts without a score by the active model. */
  unscored: number;
  /** Stored posts with more than one score row by the active model (impossible by key; checked). */
  doubleScored: number;
  /** Rows in `posts` the fake never published. */
  unpublishedStored: number;
  scoresWithoutPost: number;
  /** Cagg rows (hourly, daily, all-time) that differ from the raw rows, or exist on one side only. */
  caggMismatches: number;
  failedJobs: number;
  /** Score jobs still queued or active (the pipeline had not drained). */
  pendingJobs: number;
  scoreDeadLetters: number;
  gaps: number;
  deadLettersByReason: Record<string, number>;
  /** Human-readable violations, empty when the invariant holds. */
  problems: string[];
}

export async function checkInvariant(options: {
  db: Queryable;
  boss: PgBoss;
  publishedIds: readonly string[];
}): Promise<InvariantReport> {
  const { db, boss } = options;
  const ids = [...new Set(options.publishedIds)];
  const rows = await publishedPostAccounting.run({ ids }, db);
  const problems: string[] = [];
  const examples = (label: string, list: string[]) => {
    if (list.length > 0) problems.push(`${list.length} ${label} (e.g. ${list.slice(0, 5).join(', ')})`);
  };

  const duplicates = rows.filter((r) => r.stored_copies > 1);
  const missing = rows.filter((r) => r.stored_copies === 0 && r.dead_letters === 0);
  const deadLettered = rows.filter((r) => r.stored_copies === 0 && r.dead_letters > 0);
  const stored = rows.filter((r) => r.stored_copies >= 1);
  const unscored = stored.filter((r) => r.active_scores === 0);
  const doubleScored = stored.filter((r) => r.active_scores > 1);
  examples(
    'published posts stored more than once',
    duplicates.map((r) => r.id),
  );
  examples(
    'published posts missing (neither stored nor dead-lettered)',
    missing.map((r) => r.id),
  );
  examples(
    'stored posts without a score by the active model',
    unscored.map((r) => r.id),
  );
  examples(
    'stored posts scored more than once by the active model',
    doubleScored.map((r) => r.id),
  );

  const [unpublished] = await unpublishedStoredPosts.run({ ids }, db);
  const [orphans] = await scoresWithoutPost.run(undefined, db);
  if (unpublished && unpublished.count > 0)
    problems.push(`${unpublished.count} stored posts that were never published`);
  if (orphans && orphans.count > 0) problems.push(`${orphans.count} score rows without their post`);

  const caggMismatches = await compareCaggs(db, problems);

  // Live job states (getQueueStats serves counts cached by pg-boss's monitor, up to a minute old).
  const jobs = await boss.findJobs(QUEUES.score, { limit: 100_000 });
  const failedJobs = jobs.filter((j) => j.state === 'failed').length;
  const pendingJobs = jobs.filter(
    (j) => j.state === 'created' || j.state === 'retry' || j.state === 'active',
  ).length;
  const scoreDeadLetters = (await boss.findJobs(QUEUES.scoreDeadLetter, { limit: 100_000 })).length;
  if (failedJobs > 0) problems.push(`${failedJobs} score jobs failed`);
  if (pendingJobs > 0) problems.push(`${pendingJobs} score jobs still queued or active`);
  if (scoreDeadLetters > 0) problems.push(`${scoreDeadLetters} score jobs dead-lettered`);

  const [gapRow] = await ingestGapsTotal.run(undefined, db);
  const gaps = gapRow?.gaps ?? 0;
  if (gaps > 0) problems.push(`ingest reported ${gaps} gaps`);

  const reasons = Object.fromEntries(
    (await deadLettersByReason.run(undefined, db)).map((r) => [r.reason, r.count]),
  );

  return {
    published: ids.length,
    stored: stored.length - duplicates.length,
    duplicates: duplicates.length,
    missing: missing.length,
    deadLetteredPosts: deadLettered.length,
    unscored: unscored.length,
    doubleScored: doubleScored.length,
    unpublishedStored: unpublished?.count ?? 0,
    scoresWithoutPost: orphans?.count ?? 0,
    caggMismatches,
    failedJobs,
    pendingJobs,
    scoreDeadLetters,
    gaps,
    deadLettersByReason: reasons,
    problems,
  };
}

interface AggregateRow {
  subreddit: string;
  model_version: string;
  bucket?: Date;
  post_count: number;
  seriousness_sum: number;
}

/** Sums are float8 sums of the same values in another order: equal up to rounding. */
const SUM_TOLERANCE = 1e-6;

/** Compares each aggregate with the raw rows; adds a line per mismatch to `problems`, returns how many. */
export async function compareCaggs(db: Queryable, problems: string[]): Promise<number> {
  const levels: [string, AggregateRow[], AggregateRow[]][] = [
    ['hourly', await caggHourly.run(undefined, db), await bruteForceHourly.run(undefined, db)],
    ['daily', await caggDaily.run(undefined, db), await bruteForceDaily.run(undefined, db)],
    ['all-time', await caggAllTime.run(undefined, db), await bruteForceAllTime.run(undefined, db)],
  ];
  let mismatches = 0;
  for (const [level, cagg, raw] of levels) {
    const key = (r: AggregateRow) => `${r.subreddit}|${r.model_version}|${r.bucket?.getTime() ?? ''}`;
    const expected = new Map(raw.map((r) => [key(r), r]));
    const differing: string[] = [];
    for (const row of cagg) {
      const want = expected.get(key(row));
      expected.delete(key(row));
      if (
        !want ||
        want.post_count !== row.post_count ||
        Math.abs(want.seriousness_sum - row.seriousness_sum) > SUM_TOLERANCE * Math.max(1, want.post_count)
      ) {
        differing.push(
          `${key(row)}: cagg ${row.post_count}/${row.seriousness_sum}, raw ${want ? `${want.post_count}/${want.seriousness_sum}` : 'none'}`,
        );
      }
    }
    for (const [k, want] of expected) differing.push(`${k}: cagg none, raw ${want.post_count}`);
    if (differing.length > 0) {
      problems.push(
        `${level} aggregate differs from the raw rows in ${differing.length} rows (${differing[0]})`,
      );
    }
    mismatches += differing.length;
  }
  return mismatches;
}
