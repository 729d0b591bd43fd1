// Where the data stands, as far as the API's cached answers are concerned: a change counter fed by
// the data-changes feed (db/data-changes.ts). Every change advances it; a subreddit's version is
// the counter at its last change (or at the last change of everything). An answer read at version
// v is current as long as its subreddit's version is still v. Pure bookkeeping, no I/O.
import type { DataChange } from '../db/data-changes.ts';

export class DataVersions {
  #now = 0;
  #everythingAt = 0;
  /** lower(name) → the counter at its last change; only changes after #everythingAt are kept. */
  readonly #bySubreddit = new Map<string, number>();

  /** The counter at the last change of everything (a refresh, a model switch, a psql write). */
  get everythingAt(): number {
    return this.#everythingAt;
  }

  changed(change: DataChange): void {
    const at = ++this.#now;
    if (change.kind === 'everything' || change.kind === 'model-scores') {
      this.#everythingAt = at;
      this.#bySubreddit.clear();
      return;
    }
    for (const name of change.subreddits) this.#bySubreddit.set(name.toLowerCase(), at);
  }

  /** The version of one subreddit's data, posts and figures (any case of its name). */
  of(subreddit: string): number {
    return Math.max(this.#everythingAt, this.#bySubreddit.get(subreddit.toLowerCase()) ?? 0);
  }
}
