// Where the data stands, as far as the API's cached answers are concerned: a change counter fed by
// the data-changes feed (db/data-changes.ts). Every change advances it; a subreddit's version is
// the counter at its last change (or at the last change of everything). An answer read at version
// v is current as long as its subreddit's version is still v. Pure bookkeeping, no I/O.
import type { DataChange } from '../db/data-changes.ts';

export class DataVersions {
  #now = 0;
  #everythingAt = 0;
  /** lower(name) → the counter at its last change; only changes after #everythingAt are kept. */
  readonly #bySubreddit = new Map<string, { name: string; at: number }>();

  /** The counter: advances on every change. */
  get now(): number {
    return this.#now;
  }

  /** The counter at the last change of everything (a refresh, a model switch, a psql write). */
  get everythingAt(): number {
    return this.#everythingAt;
  }

  changed(change: DataChange): void {
    this.#now++;
    if (change.kind === 'everything') {
      this.#everythingAt = this.#now;
      this.#bySubreddit.clear();
      return;
    }
    for (const name of change.names) this.#bySubreddit.set(name.toLowerCase(), { name, at: this.#now });
  }

  /** The version of one subreddit's data (any case of its name). */
  of(subreddit: string): number {
    return Math.max(this.#everythingAt, this.#bySubreddit.get(subreddit.toLowerCase())?.at ?? 0);
  }

  /**
   * What changed after counter value `since`: everything, or these subreddits (names as written).
   * Linear in the subreddits changed since the last change of everything: called once per read of
   * changed summaries, never per request.
   */
  changedSince(since: number): { everything: true } | { everything: false; names: string[] } {
    if (this.#everythingAt > since) return { everything: true };
    const names: string[] = [];
    for (const { name, at } of this.#bySubreddit.values()) if (at > since) names.push(name);
    return { everything: false, names };
  }
}
