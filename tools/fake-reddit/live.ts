// Live mode: publishes real post texts at a steady rate (posts/s) so a poller sees a stream like
// r/{subs}/new. The schedule is computed from elapsed time, not by counting ticks, so the long-run
// rate is exact even when the event loop is busy (late ticks publish a small batch).
import { loadCorpus, type CorpusPost } from '../../model/data/corpus-texts.ts';
import { seededRandom } from './ids.ts';
import type { FakePostInput } from './types.ts';

export interface LiveOptions {
  postsPerSecond: number;
  /** Subreddits to publish into (texts from the same subreddit when the corpus has it). */
  subreddits?: string[];
}

const TICK_MS = 50;

export class LivePublisher {
  readonly #publish: (posts: FakePostInput[]) => void;
  readonly #random: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(publish: (posts: FakePostInput[]) => void, seed: number) {
    this.#publish = publish;
    this.#random = seededRandom(seed);
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  start(options: LiveOptions): void {
    if (!(options.postsPerSecond > 0))
      throw new Error(`postsPerSecond must be > 0, got ${options.postsPerSecond}`);
    this.stop();
    const pick = this.#picker(options.subreddits);
    const startedAt = performance.now();
    let published = 0;
    this.#timer = setInterval(() => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * options.postsPerSecond) - published;
      if (due <= 0) return;
      const batch: FakePostInput[] = [];
      for (let i = 0; i < due; i++) batch.push(pick());
      published += due;
      this.#publish(batch);
    }, TICK_MS);
    // A forgotten stopLive() must not keep a test process alive.
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #picker(subreddits: string[] | undefined): () => FakePostInput {
    const corpus = loadCorpus();
    const choose = <T>(items: readonly T[]): T => items[Math.floor(this.#random() * items.length)] as T;
    const toInput = (p: CorpusPost, subreddit: string): FakePostInput => ({
      subreddit,
      title: p.title,
      selftext: p.selftext,
      over_18: p.over_18,
      ...(p.author !== null && p.author !== '[deleted]' ? { author: p.author } : {}),
    });
    if (!subreddits || subreddits.length === 0) {
      return () => {
        const p = choose(corpus);
        return toInput(p, p.subreddit);
      };
    }
    const bySub = new Map<string, CorpusPost[]>();
    for (const sub of subreddits) {
      const own = corpus.filter((p) => p.subreddit.toLowerCase() === sub.toLowerCase());
      // A subreddit the corpus lacks still gets real texts, from anywhere in the corpus.
      bySub.set(sub, own.length > 0 ? own : corpus);
    }
    return () => {
      const sub = choose(subreddits);
      return toInput(choose(bySub.get(sub) ?? corpus), sub);
    };
  }
}
