// The write side of one poll (./poller.ts): its posts (one upsert) with their score jobs,
// its dead letters, the listing's status row and — when it moves — the cursor, in ONE transaction,
// so that a crash leaves the whole poll or none of it.
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { Database, Transaction } from '../db/engine/types.ts';
import { saveCursor } from '../db/queries/ingest.queries.ts';
import type { IngestConfig } from './config.ts';
import { storeDeadLetters, type DeadLetter } from './dead-letters.ts';
import type { RateSnapshot } from './reddit/rate-budget.ts';
import type { ParsedListing } from './reddit/listing.ts';
import { recordSuccess } from './status.ts';
import { writePosts } from './writer.ts';

export interface PollToStore {
  listing: string;
  mode: IngestConfig['mode'];
  rate: RateSnapshot;
  pages: readonly ParsedListing[];
  letters: readonly DeadLetter[];
  gap: boolean;
  /** User-profile posts the listing showed and the poll left out. */
  skipped: number;
  newestStoredAt: Date | null;
  /** The cursor to save, or null when it does not move. */
  saveCursorAs: { fullname: string; createdAt: Date } | null;
}

export interface StoredPoll {
  inserted: number;
  seenAgain: number;
  /** The poll's dead letters, with any post the database refused. */
  letters: DeadLetter[];
}

export async function storePoll(
  deps: { db: Database; boss: PgBoss; log: Logger },
  poll: PollToStore,
): Promise<StoredPoll> {
  const { db, boss, log } = deps;
  let inserted = 0;
  let seenAgain = 0;
  const letters = [...poll.letters];
  const finish = async (tx: Transaction): Promise<void> => {
    await storeDeadLetters(tx, letters);
    if (poll.saveCursorAs) {
      await saveCursor.run(
        {
          listing: poll.listing,
          fullname: poll.saveCursorAs.fullname,
          createdAt: poll.saveCursorAs.createdAt,
        },
        tx,
      );
    }
    await recordSuccess(tx, {
      listing: poll.listing,
      mode: poll.mode,
      rate: poll.rate,
      newPosts: inserted,
      deadLetters: letters.length,
      skipped: poll.skipped,
      gaps: poll.gap ? 1 : 0,
      newestCreatedAt: poll.newestStoredAt,
    });
  };
  try {
    await db.transaction(async (tx) => {
      // One upsert statement (and one job insert) per poll, never per page or post: each
      // statement costs the engine a parse and a plan (bench:live-profile).
      const written = await writePosts(
        tx,
        boss,
        poll.pages.flatMap((page) => page.posts),
      );
      inserted += written.inserted;
      seenAgain += written.updated;
      await finish(tx);
    });
    return { inserted, seenAgain, letters };
  } catch (error) {
    if (!isDataError(error)) throw error;
    // A value the database refuses (that the listing parser let through) would fail this poll
    // forever. Find it: each post in its own transaction (slow, and only on this rare path), the
    // refused ones dead-lettered, then the cursor. A crash half-way is harmless: the cursor has not
    // moved and the database deduplicates what is fetched again.
    log.warn(
      { listing: poll.listing, err: error },
      'ingest: the database refused a page; writing post by post',
    );
  }
  inserted = 0;
  seenAgain = 0;
  for (const post of poll.pages.flatMap((p) => p.posts)) {
    try {
      const written = await db.transaction((tx) => writePosts(tx, boss, [post]));
      inserted += written.inserted;
      seenAgain += written.updated;
    } catch (postError) {
      if (!isDataError(postError)) throw postError;
      letters.push({
        source: `poll ${poll.listing}`,
        reason: 'refused-by-database',
        context: { id: post.id, detail: (postError as Error).message },
        payload: JSON.stringify(post),
      });
    }
  }
  await db.transaction(finish);
  return { inserted, seenAgain, letters };
}

/** SQLSTATE class 22 (data exception) or 23 (integrity constraint): the data, not the database. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
