// Whether a bulk writer (a backfill, a re-score of history) is at work in this process. The
// embedded maintenance loop holds the aggregates' refresh policies back meanwhile: each writer
// refreshes the history it wrote itself at the end, a few weeks per statement, while a policy run
// in the middle would refresh everything written since its last run in ONE statement (one batch,
// migration 0012) — 21-22 s of the engine, every minute, during a re-score of 1 M posts, with
// every reader waiting. Live rows meanwhile stay in the aggregates' real-time part.
export class BulkActivity {
  #running = 0;

  get active(): boolean {
    return this.#running > 0;
  }

  /** Runs `work`, counting it as bulk work until it settles. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
    }
  }
}
