// Every post the fake Reddit has published during a scenario. The fake keeps only the newest
// ~1,000 (+500 slack) posts per subreddit, as Reddit's listings do, and forgets deleted ones; a
// long scenario publishes more than that, so the ledger copies the fake's ids on a short timer
// (faster than the slack can fill) and on demand, e.g. right before a post is deleted.
import type { FakeReddit } from '../../tools/fake-reddit/server.ts';

export class PublishedLedger {
  readonly #fake: FakeReddit;
  readonly #ids = new Set<string>();
  readonly #timer: NodeJS.Timeout;

  constructor(fake: FakeReddit, sampleMs = 250) {
    this.#fake = fake;
    this.#timer = setInterval(() => this.sample(), sampleMs);
    this.#timer.unref();
  }

  /** Copies what the fake holds now. */
  sample(): void {
    for (const post of this.#fake.posts.all()) this.#ids.add(post.id);
  }

  /** Every id seen so far, after a last sample. */
  ids(): string[] {
    this.sample();
    return [...this.#ids];
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }
}
