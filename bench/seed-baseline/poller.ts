// The seed's poller: polls each listing every POLL_INTERVAL_MS with the product's Reddit client
// (ingest/reddit/: OAuth, rate budget, retries, listing parsing) and publishes every new post to
// the `posts` topic, oldest first, then waits for the broker's confirms before it moves its cursor.
//
// Minimal on purpose, and never behind ours: each poll walks newest-first pages (`after=`) until
// a page reaches the cursor (compared by creation time and id, so a deleted or pushed-out anchor
// cannot stall it), up to MAX_PAGES_PER_POLL pages. With fewer than a page of new posts that is
// one request, as `before=` would be. The cursor lives in memory: the bench does not restart it.
import type { IngestConfig } from '../../ingest/config.ts';
import type { RedditClient } from '../../ingest/reddit/client.ts';
import { compareNewness, parseListingText, type Position, type Post } from '../../ingest/reddit/listing.ts';

export class SeedListingPoller {
  private cursor: Position | undefined;

  readonly listing: string;
  private readonly client: RedditClient;
  private readonly config: Pick<IngestConfig, 'pageLimit' | 'maxPagesPerPoll' | 'initialPages'>;

  constructor(
    listing: string,
    client: RedditClient,
    config: Pick<IngestConfig, 'pageLimit' | 'maxPagesPerPoll' | 'initialPages'>,
  ) {
    this.listing = listing;
    this.client = client;
    this.config = config;
  }

  /** The posts newer than the cursor, oldest first, and whether the walk fell short of the cursor. */
  async fetchNew(
    signal: AbortSignal,
  ): Promise<{ posts: Post[]; newest: Position | undefined; gap: boolean }> {
    const cursor = this.cursor;
    const maxPages = cursor ? this.config.maxPagesPerPoll : this.config.initialPages;
    const posts: Post[] = [];
    let newest: Position | undefined;
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const params = { limit: String(this.config.pageLimit), ...(after ? { after } : {}) };
      const response = await this.client.get(this.listing, params, signal);
      if (response.status !== 200) throw new Error(`Reddit answered ${response.status} for ${response.url}`);
      const parsed = parseListingText(response.text);
      if ('failure' in parsed) throw new Error(`${response.url}: ${parsed.failure.detail}`);
      for (const position of parsed.seen)
        if (!newest || compareNewness(position, newest) > 0) newest = position;
      posts.push(...parsed.posts.filter((p) => !cursor || compareNewness(p, cursor) > 0));
      if (cursor && parsed.seen.some((p) => compareNewness(p, cursor) <= 0)) {
        return { posts: posts.reverse(), newest, gap: false };
      }
      if (parsed.childCount < this.config.pageLimit || parsed.after === null) break;
      after = parsed.after;
    }
    // The listing ended (Reddit keeps ~1000 items) or the page budget ran out before the cursor.
    return { posts: posts.reverse(), newest, gap: cursor !== undefined };
  }

  /** Called once the posts are confirmed by the broker. */
  advance(newest: Position | undefined): void {
    if (newest && (!this.cursor || compareNewness(newest, this.cursor) > 0)) this.cursor = newest;
  }
}
