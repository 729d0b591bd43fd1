// The simulated corpus behind `/r/{subs}/new`, with Reddit's listing semantics:
//
// - Order: newest first, where "newer" means a larger base-36 id. Reddit assigns ids sequentially at
//   submission, so id order is /new's creation order (and it is total, unlike created_utc).
// - A listing only ever holds its newest LISTING_CAP (1000) items: `/r/all/new` the newest 1000 posts
//   overall, `/r/a+b/new` the newest 1000 of the union of a and b. Paging past them returns nothing.
// - `after=t3_x`: the items immediately OLDER than x (up to `limit`), newest first.
// - `before=t3_x`: the items immediately NEWER than x — the `limit` closest to x, still returned
//   newest first. If both are given, `before` wins (reddit's r2 treats `before` as a reversed `after`).
// - An anchor that is not in the listing (unknown, deleted/removed, or fallen out of the newest 1000)
//   yields an empty listing, forever: this is the trap that makes a poller stuck on a deleted anchor.
// - Response cursors: without an anchor, `after` = last child when older items remain, `before` = null.
//   With `after=`: `before` = first child, `after` = last child when older items remain. With
//   `before=`: `before` = first child when still newer items remain, `after` = null (as recorded:
//   praw/asyncpraw's `before=` polls came back with both null).
// - Subreddit names match case-insensitively; `all` and `popular` mean every subreddit.
//
// Memory stays bounded under live publishing: a post that is not among the newest 1000 of its own
// subreddit can never appear in any listing again (any union containing its subreddit has 1000 newer
// posts), so it is dropped. Dropping is therefore invisible through the HTTP API; `get()` forgets it.
import type { FakePost } from './types.ts';

export const LISTING_CAP = 1000;
/** Prune in batches rather than on every insert. */
const PRUNE_SLACK = 500;

export interface ListingQuery {
  /** Lower- or mixed-case names; null = every subreddit. */
  subreddits: readonly string[] | null;
  limit: number;
  before?: string | undefined;
  after?: string | undefined;
}

export interface ListingPage {
  posts: FakePost[];
  before: string | null;
  after: string | null;
}

export class PostStore {
  /** Ascending by idValue. */
  #all: FakePost[] = [];
  #bySubreddit = new Map<string, FakePost[]>();
  #byId = new Map<string, FakePost>();
  #maxIdValue = 0;

  get size(): number {
    return this.#byId.size;
  }

  /** The largest id value ever stored (survives pruning and deletion, so fresh ids never repeat). */
  get maxIdValue(): number {
    return this.#maxIdValue;
  }

  get(id: string): FakePost | undefined {
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Every retained post, newest first. */
  all(): FakePost[] {
    return [...this.#all].reverse();
  }

  /** Adds a post (a duplicate id replaces nothing and returns false). */
  add(post: FakePost): boolean {
    if (this.#byId.has(post.id)) return false;
    this.#byId.set(post.id, post);
    this.#maxIdValue = Math.max(this.#maxIdValue, post.idValue);
    insertSorted(this.#all, post);
    let list = this.#bySubreddit.get(post.subredditKey);
    if (!list) {
      list = [];
      this.#bySubreddit.set(post.subredditKey, list);
    }
    insertSorted(list, post);
    if (list.length > LISTING_CAP + PRUNE_SLACK) this.#prune(list);
    return true;
  }

  /** Removes a post; later anchors on it match nothing. Returns whether it was present. */
  delete(id: string): boolean {
    const post = this.#byId.get(id);
    if (!post) return false;
    this.#byId.delete(id);
    removeFrom(this.#all, post);
    const list = this.#bySubreddit.get(post.subredditKey);
    if (list) removeFrom(list, post);
    return true;
  }

  query(q: ListingQuery): ListingPage {
    const items = this.#listing(q.subreddits);
    const empty: ListingPage = { posts: [], before: null, after: null };
    if (q.before !== undefined) {
      const i = items.findIndex((p) => p.name === q.before);
      if (i < 0) return empty;
      const start = Math.max(0, i - q.limit);
      const posts = items.slice(start, i);
      return { posts, before: start > 0 && posts[0] ? posts[0].name : null, after: null };
    }
    if (q.after !== undefined) {
      const i = items.findIndex((p) => p.name === q.after);
      if (i < 0) return empty;
      const posts = items.slice(i + 1, i + 1 + q.limit);
      const more = i + 1 + q.limit < items.length;
      return { posts, before: posts[0]?.name ?? null, after: more ? (posts.at(-1)?.name ?? null) : null };
    }
    const posts = items.slice(0, q.limit);
    return { posts, before: null, after: items.length > q.limit ? (posts.at(-1)?.name ?? null) : null };
  }

  /** The listing as Reddit holds it: newest first, at most LISTING_CAP items. */
  #listing(subreddits: readonly string[] | null): FakePost[] {
    const keys = subreddits?.map((s) => s.toLowerCase());
    if (!keys || keys.includes('all') || keys.includes('popular')) {
      return this.#all.slice(-LISTING_CAP).reverse();
    }
    const merged: FakePost[] = [];
    for (const key of new Set(keys)) merged.push(...(this.#bySubreddit.get(key)?.slice(-LISTING_CAP) ?? []));
    merged.sort((a, b) => b.idValue - a.idValue);
    return merged.slice(0, LISTING_CAP);
  }

  #prune(list: FakePost[]): void {
    const dropped = list.splice(0, list.length - LISTING_CAP);
    const gone = new Set(dropped);
    for (const p of dropped) this.#byId.delete(p.id);
    this.#all = this.#all.filter((p) => !gone.has(p));
  }
}

function insertSorted(list: FakePost[], post: FakePost): void {
  // Fresh posts are the newest, so the common case is an append.
  const last = list.at(-1);
  if (!last || last.idValue < post.idValue) {
    list.push(post);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.idValue ?? 0) < post.idValue) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, post);
}

function removeFrom(list: FakePost[], post: FakePost): void {
  const i = list.indexOf(post);
  if (i >= 0) list.splice(i, 1);
}
