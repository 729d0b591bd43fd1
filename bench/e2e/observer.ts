// Observation loops: each calls its probe, feeds what it saw to the tracker, and waits out the rest
// of its period. A failed probe is counted, never fatal (the next one tries again).
import type { SubredditCounts, Tracker } from './tracker.ts';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One probe: what it saw for each subreddit it looked at (an empty map: nothing to see yet). */
export type Probe = () => Promise<Map<string, SubredditCounts>>;

export class Observers {
  periodMs: number;
  observations = 0;
  errors = 0;
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(tracker: Tracker, probes: readonly Probe[], periodMs: number) {
    this.periodMs = periodMs;
    this.loops = probes.map((probe) => this.loop(tracker, probe));
  }

  private async loop(tracker: Tracker, probe: Probe): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        const seen = await probe();
        const at = Date.now();
        for (const [subreddit, counts] of seen) tracker.observe(subreddit, counts, at);
        this.observations += 1;
      } catch {
        this.errors += 1;
      }
      await sleep(Math.max(10, this.periodMs - (Date.now() - started)));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
