// Where the data stands, as far as the API's cached answers are concerned: a change counter fed by
// the data-changes feed (db/data-changes.ts). Every change advances it; a subreddit's version is
// the counter at its last change (or at the last change of everything). An answer read at version
// v is current as long as its subreddit's version is still v. The figures (summaries) are built
// from scores alone, so they have versions of their own that posts do not advance. Pure
// bookkeeping, no I/O.
import type { DataChange } from '../db/data-changes.ts';

interface SubredditChanges {
  /** The name as written. */
  name: string;
  /** The counter at its last change of any kind. */
  at: number;
  /** The counter at its last change of scores (0: none since the last change of everything). */
  scoresAt: number;
}

export class DataVersions {
  #now = 0;
  #everythingAt = 0;
  #figuresAt = 0;
  /** lower(name) → its changes; only those after #everythingAt are kept. */
  readonly #bySubreddit = new Map<string, SubredditChanges>();

  /** The counter: advances on every change. */
  get now(): number {
    return this.#now;
  }

  /** The counter at the last change of everything (a refresh, a model switch, a psql write). */
  get everythingAt(): number {
    return this.#everythingAt;
  }

  /** The counter at the last change of any subreddit's figures (scores, or everything). */
  get figuresAt(): number {
    return this.#figuresAt;
  }

  changed(change: DataChange): void {
    const at = ++this.#now;
    if (change.kind !== 'posts') this.#figuresAt = at;
    if (change.kind === 'everything') {
      this.#everythingAt = at;
      this.#bySubreddit.clear();
      return;
    }
    for (const name of change.subreddits) {
      const key = name.toLowerCase();
      const scoresAt = change.kind === 'scores' ? at : (this.#bySubreddit.get(key)?.scoresAt ?? 0);
      this.#bySubreddit.set(key, { name, at, scoresAt });
    }
  }

  /** The version of one subreddit's data, posts and figures (any case of its name). */
  of(subreddit: string): number {
    return Math.max(this.#everythingAt, this.#bySubreddit.get(subreddit.toLowerCase())?.at ?? 0);
  }

  /**
   * Whose figures changed after counter value `since`: everything's, or these subreddits' (names
   * as written). Linear in the subreddits changed since the last change of everything: called once
   * per read of changed summaries, never per request.
   */
  figuresChangedSince(since: number): { everything: true } | { everything: false; names: string[] } {
    if (this.#everythingAt > since) return { everything: true };
    const names: string[] = [];
    for (const { name, scoresAt } of this.#bySubreddit.values()) if (scoresAt > since) names.push(name);
    return { everything: false, names };
  }
}
