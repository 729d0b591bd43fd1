// Polls one listing (`/r/all/new` or `/r/a+b+c/new`) and stores what is new. One `pollOnce()` is
// one unit of work whose result commits in ONE transaction: the posts of every page fetched, their
// `score` jobs, the dead letters, the status row and the cursor. So a crash at any point leaves
// either the whole poll or none of it, and a restart resumes from the stored cursor with no gap
// and no duplicate.
//
// The cursor is the newest post stored, kept as a fullname (Reddit's `before=` anchor) and as a
// creation time. Per poll:
//  - no cursor (first run): everything published since this poller started (a fresh install, or
//    a quiet subreddit, must not lose the older part of its first burst: a walk back to that
//    moment, up to `maxPagesPerPoll`), and at least the newest `initialPages` pages of what came
//    before (more history is backfill's job);
//  - `before=<anchor>`: only what is newer. A short page is everything new. A full page means
//    there may be more, so it walks instead;
//  - the walk: newest-first pages (`after=`) until a page reaches a post at or older than the cursor
//    — compared by (created time, id), so it does not depend on the anchor post still existing.
//    PRAW's stream relies on `before` alone and stalls forever once its anchor post is deleted
//    (Reddit then answers `before=` with nothing). Here an empty `before=` answer that lasts longer
//    than the listing's usual silence (at most `anchorCheckMs`) triggers a walk, and so does the
//    first poll after a (re)start or a failed poll;
//  - a walk that runs `maxPagesPerPoll` pages, or reaches the end of the listing, without reaching
//    the cursor is a gap (Reddit lists ~1000 items): it is logged and recorded, the cursor moves on;
//  - a malformed page ends the poll: what came before it is stored, the cursor does not move, and
//    the next poll asks again.
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/engine/types.ts';
import { getCursor } from '../db/queries/ingest.queries.ts';
import type { IngestConfig } from './config.ts';
import type { DeadLetter } from './dead-letters.ts';
import type { StageTimings } from '../runtime/stage-timings.ts';
import type { RedditClient } from './reddit/client.ts';
import { RedditHttpError } from './reddit/client.ts';
import { compareNewness, parseListingText, type ParsedListing, type Position } from './reddit/listing.ts';
import { storePoll } from './poll-store.ts';

/** Reddit's listings stop near this many items. */
const REDDIT_LISTING_CAP = 1000;
/** How far before its start a first poll reaches: Reddit lists a post a little after its created_utc. */
const START_SLACK_MS = 60_000;

/** A cursor at a moment rather than a post: everything created from `ms` on is newer. */
function sinceCursor(ms: number): Cursor {
  return { fullname: '', id: '', createdAt: new Date(ms) };
}

export interface Cursor {
  fullname: string;
  id: string;
  createdAt: Date;
}

export type PollerConfig = Pick<
  IngestConfig,
  'mode' | 'pageLimit' | 'maxPagesPerPoll' | 'initialPages' | 'anchorCheckMs' | 'pollIntervalMs'
>;

export interface PollerDeps {
  db: Database;
  boss: PgBoss;
  client: RedditClient;
  config: PollerConfig;
  log: Logger;
  now?: () => number;
  /** Where the poll's time goes: `ingest.fetch` (HTTP + parse, per poll) and `ingest.store`. */
  timings?: StageTimings;
}

export interface PollResult {
  listing: string;
  strategy: 'initial' | 'before' | 'walk';
  requests: number;
  pages: number;
  newPosts: number;
  seenAgain: number;
  /** User-profile posts left out (see reddit/listing.ts `isProfilePost`). */
  skipped: number;
  deadLetters: number;
  /** The walk ended before reaching the cursor: posts in between may be missing. */
  gap: boolean;
  /** A page could not be used; the cursor was kept so that the next poll asks again. */
  incomplete: boolean;
  cursor: Cursor | null;
}

interface Fetched {
  pages: ParsedListing[];
  letters: DeadLetter[];
  requests: number;
  complete: boolean;
  gap: boolean;
}

export class ListingPoller {
  readonly listing: string;
  private readonly deps: PollerDeps;
  private readonly now: () => number;
  /** undefined = not loaded yet (or unsure after an error): read it from the database. */
  private cursor: Cursor | null | undefined;
  /** When a poll last found something new (or walked); -∞ so the first poll after start walks. */
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  /** Moving average of the time between polls that found something new. */
  private progressIntervalMs: number | undefined;
  /** When this poller started: with no cursor yet, everything created since is new. */
  private readonly startedAt: number;

  constructor(listing: string, deps: PollerDeps) {
    this.listing = listing;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.startedAt = this.now();
  }

  async pollOnce(signal?: AbortSignal): Promise<PollResult> {
    try {
      return await this.poll(signal);
    } catch (error) {
      // Whatever failed, the database's cursor is the truth: re-read it next time. After an outage
      // the anchor may have fallen out of the listing (Reddit keeps ~1000 items): walk next time.
      this.cursor = undefined;
      this.lastProgressAt = Number.NEGATIVE_INFINITY;
      throw error;
    }
  }

  private async poll(signal?: AbortSignal): Promise<PollResult> {
    if (this.cursor === undefined) this.cursor = await this.loadCursor();
    const cursor = this.cursor;
    const fetchStarted = performance.now();
    const { strategy, fetched } =
      cursor === null ? await this.fetchFirst(signal) : await this.fetchSince(cursor, signal);
    this.deps.timings?.record('ingest.fetch', performance.now() - fetchStarted, fetched.pages.length);

    // The cursor follows every post the listing showed (stored, skipped or dead-lettered): each
    // has been dealt with, and none of them must be fetched again.
    const newest = newestOf(fetched.pages.flatMap((p) => p.seen));
    const advance =
      fetched.complete && newest !== undefined && (cursor === null || compareNewness(newest, cursor) > 0);
    const nextCursor: Cursor | null = advance
      ? { fullname: `t3_${newest.id}`, id: newest.id, createdAt: newest.createdAt }
      : cursor;
    const skipped = fetched.pages.reduce((sum, p) => sum + p.skipped, 0);
    const { config, db, boss, client } = this.deps;
    const storeStarted = performance.now();
    const stored = await storePoll(
      { db, boss, log: this.deps.log },
      {
        listing: this.listing,
        mode: config.mode,
        rate: client.budget.snapshot(),
        pages: fetched.pages,
        letters: fetched.letters,
        gap: fetched.gap,
        skipped,
        newestStoredAt: newestOf(fetched.pages.flatMap((p) => p.posts))?.createdAt ?? null,
        saveCursorAs: advance ? nextCursor : null,
      },
    );
    this.deps.timings?.record('ingest.store', performance.now() - storeStarted, stored.inserted);
    this.cursor = nextCursor;
    this.noteProgress(advance, strategy);

    const { log } = this.deps;
    for (const letter of stored.letters) {
      log.warn(
        { listing: this.listing, reason: letter.reason, ...letter.context },
        'ingest: bad input kept in ingest_dead_letters',
      );
    }
    if (fetched.gap) {
      log.warn(
        { listing: this.listing, pages: fetched.pages.length, cursor: cursor?.fullname },
        'ingest: walked the maximum number of pages without reaching the cursor; older new posts may be missing',
      );
    }
    const result: PollResult = {
      listing: this.listing,
      strategy,
      requests: fetched.requests,
      pages: fetched.pages.length,
      newPosts: stored.inserted,
      seenAgain: stored.seenAgain,
      skipped,
      deadLetters: stored.letters.length,
      gap: fetched.gap,
      incomplete: !fetched.complete,
      cursor: nextCursor,
    };
    log.debug(result, 'ingest: polled');
    return result;
  }

  /**
   * No cursor yet: everything created since this poller started, and at least the newest
   * `initialPages` pages.
   */
  private async fetchFirst(signal?: AbortSignal): Promise<{ strategy: 'initial'; fetched: Fetched }> {
    const { config } = this.deps;
    const since = sinceCursor(this.startedAt - START_SLACK_MS);
    const maxPages = Math.max(config.initialPages, config.maxPagesPerPoll);
    const fetched = await this.walk(since, maxPages, signal, config.initialPages);
    return { strategy: 'initial', fetched };
  }

  /** What is newer than the cursor: `before=` first, a walk when that may not be everything. */
  private async fetchSince(
    cursor: Cursor,
    signal?: AbortSignal,
  ): Promise<{ strategy: PollResult['strategy']; fetched: Fetched }> {
    const { config, log } = this.deps;
    const first = await this.fetchPage({ before: cursor.fullname }, signal);
    if (!('posts' in first)) {
      return {
        strategy: 'before',
        fetched: { pages: [], letters: [first.letter], requests: 1, complete: false, gap: false },
      };
    }
    if (first.childCount >= config.pageLimit) {
      // A full page: there may be more than one page of new posts. Walk from the top.
      const walked = await this.walk(cursor, config.maxPagesPerPoll, signal);
      return {
        strategy: 'walk',
        fetched: {
          ...walked,
          pages: [first, ...walked.pages],
          requests: walked.requests + 1,
          letters: [...first.letters, ...walked.letters],
        },
      };
    }
    if (first.childCount === 0 && this.now() - this.lastProgressAt >= this.anchorCheckDelayMs()) {
      // Nothing newer than the anchor for a while: verify by time, the anchor may be deleted.
      const walked = await this.walk(cursor, config.maxPagesPerPoll, signal);
      if (walked.pages.some((p) => p.seen.some((position) => compareNewness(position, cursor) > 0))) {
        log.warn(
          { listing: this.listing, anchor: cursor.fullname },
          'ingest: before= returned nothing but newer posts exist (anchor post deleted?); caught up by creation time',
        );
      }
      return { strategy: 'walk', fetched: { ...walked, requests: walked.requests + 1 } };
    }
    return {
      strategy: 'before',
      fetched: { pages: [first], letters: first.letters, requests: 1, complete: true, gap: false },
    };
  }

  /** Keeps the average time between polls that found something new (anchorCheckDelayMs reads it). */
  private noteProgress(advanced: boolean, strategy: PollResult['strategy']): void {
    const now = this.now();
    if (advanced && Number.isFinite(this.lastProgressAt)) {
      const interval = now - this.lastProgressAt;
      this.progressIntervalMs =
        this.progressIntervalMs === undefined ? interval : 0.8 * this.progressIntervalMs + 0.2 * interval;
    }
    if (advanced || strategy !== 'before') this.lastProgressAt = now;
  }

  /**
   * How long `before=` may answer nothing before the poller checks by creation time. A listing that
   * usually has news every poll (r/all: every second) is checked after a few empty polls; a quiet
   * one after a few of its usual silences; never later than ANCHOR_CHECK_MS. An anchor also goes
   * stale without being deleted: more than ~1000 newer posts push it out of Reddit's listing.
   */
  private anchorCheckDelayMs(): number {
    const { anchorCheckMs, pollIntervalMs } = this.deps.config;
    if (this.progressIntervalMs === undefined) return anchorCheckMs;
    return Math.min(anchorCheckMs, Math.max(5 * pollIntervalMs, 4 * this.progressIntervalMs));
  }

  /** Newest-first pages until one reaches `stop` and `minPages` are read (or the listing ends, or `maxPages`). */
  private async walk(
    stop: Cursor | null,
    maxPages: number,
    signal?: AbortSignal,
    minPages = 1,
  ): Promise<Fetched> {
    const pages: ParsedListing[] = [];
    const letters: DeadLetter[] = [];
    let after: string | undefined;
    let items = 0;
    for (let i = 0; i < maxPages; i++) {
      const page = await this.fetchPage(after === undefined ? {} : { after }, signal);
      if (!('posts' in page)) {
        letters.push(page.letter);
        return { pages, letters, requests: i + 1, complete: false, gap: false };
      }
      pages.push(page);
      letters.push(...page.letters);
      items += page.childCount;
      const reached = stop !== null && page.seen.some((p) => compareNewness(p, stop) <= 0);
      const ended = page.childCount < this.deps.config.pageLimit || page.after === null;
      // The listing ended before reaching the cursor. If it held ~1000 items, Reddit's cap cut it
      // and more than that arrived since the last poll: nothing older can be fetched, a gap. A
      // shorter listing is all there is (the cursor's post deleted, or a new listing): caught up.
      if ((reached && i + 1 >= minPages) || ended) {
        const gap = stop !== null && !reached && items >= REDDIT_LISTING_CAP;
        return { pages, letters, requests: i + 1, complete: true, gap };
      }
      after = page.after ?? undefined;
    }
    return { pages, letters, requests: maxPages, complete: true, gap: stop !== null };
  }

  private async fetchPage(
    anchor: { before?: string; after?: string },
    signal?: AbortSignal,
  ): Promise<(ParsedListing & { letters: DeadLetter[] }) | { letter: DeadLetter }> {
    const params = { limit: String(this.deps.config.pageLimit), ...anchor };
    const response = await this.deps.client.get(this.listing, params, signal);
    if (response.status !== 200) {
      throw new RedditHttpError(
        `Reddit answered ${response.status} for ${response.url}: ${response.text.slice(0, 200)}`,
        response.status,
        response.url,
      );
    }
    const source = `poll ${this.listing}`;
    const parsed = parseListingText(response.text);
    if ('failure' in parsed) {
      return {
        letter: {
          source,
          reason: parsed.failure.reason,
          context: { url: response.url, status: response.status, detail: parsed.failure.detail },
          payload: parsed.failure.payload,
        },
      };
    }
    return {
      ...parsed,
      letters: parsed.rejected.map((r) => ({
        source,
        reason: r.reason,
        context: { url: response.url, detail: r.detail },
        payload: r.payload,
      })),
    };
  }

  private async loadCursor(): Promise<Cursor | null> {
    const [row] = await getCursor.run({ listing: this.listing }, this.deps.db);
    if (!row?.newest_fullname || !row.newest_created_at) return null;
    return {
      fullname: row.newest_fullname,
      id: row.newest_fullname.replace(/^t3_/, ''),
      createdAt: row.newest_created_at,
    };
  }
}

function newestOf<T extends Position>(positions: readonly T[]): T | undefined {
  return positions.reduce<T | undefined>(
    (best, p) => (best === undefined || compareNewness(p, best) > 0 ? p : best),
    undefined,
  );
}
