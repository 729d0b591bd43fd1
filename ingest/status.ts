// The poller's status row per listing (`ingest_status`, read through `ingest_status_view` with lag
// and posts/minute): what the API and dashboard show, and what a human checks with psql.
import type { Queryable } from '../db/engine/types.ts';
import {
  ingestStatus,
  recordPollError,
  recordPollSuccess,
  type IIngestStatusResult,
} from '../db/queries/ingest.queries.ts';
import type { RateSnapshot } from './reddit/rate-budget.ts';

export type IngestStatusRow = IIngestStatusResult;

export interface PollSuccess {
  listing: string;
  mode: 'oauth' | 'public';
  rate: RateSnapshot;
  newPosts: number;
  deadLetters: number;
  skipped: number;
  /** 1 when the poll could not reach its cursor (posts may be missing), else 0. */
  gaps: number;
  newestCreatedAt: Date | null;
}

export async function recordSuccess(db: Queryable, s: PollSuccess): Promise<void> {
  await recordPollSuccess.run(
    {
      listing: s.listing,
      mode: s.mode,
      rateRemaining: s.rate.remaining,
      rateResetAt: s.rate.resetAt,
      postsNew: s.newPosts,
      deadLetters: s.deadLetters,
      skipped: s.skipped,
      gaps: s.gaps,
      newestCreatedAt: s.newestCreatedAt,
    },
    db,
  );
}

export interface PollFailure {
  listing: string;
  mode: 'oauth' | 'public';
  rate: RateSnapshot;
  error: string;
  deadLetters: number;
}

export async function recordFailure(db: Queryable, f: PollFailure): Promise<void> {
  await recordPollError.run(
    {
      listing: f.listing,
      mode: f.mode,
      error: f.error.slice(0, 2000),
      rateRemaining: f.rate.remaining,
      rateResetAt: f.rate.resetAt,
      deadLetters: f.deadLetters,
    },
    db,
  );
}

export async function readIngestStatus(db: Queryable): Promise<IngestStatusRow[]> {
  return ingestStatus.run(undefined, db);
}
