// The posts a stage publishes on the fake Reddit, and when each became visible.
//
// A post is "visible" in a figure once that figure's count for its subreddit (and, for the hourly
// series, its hour) reaches the number of that subreddit's posts published up to and including it.
// Counts only grow, so "count ≥ rank" means the post (or as many of its predecessors) is counted.
// The time credited is the moment the observation arrived: an upper bound, off by at most one
// observation period. The same rule serves both designs; only the observation differs.
import { loadCorpus, type CorpusPost } from '../../model/data/corpus-texts.ts';
import type { FakePostInput, FakeReddit } from '../../tools/fake-reddit/server.ts';
import { seededRandom } from '../../model/train/random.ts';

export const HOUR_MS = 3_600_000;

export interface Tracked {
  stage: number;
  publishedAt: number;
  hour: number;
  measured: boolean;
  hourlyAt?: number;
  allTimeAt?: number;
}

interface SubState {
  name: string;
  all: Tracked[];
  byHour: Map<number, Tracked[]>;
  allSeen: number;
  hourSeen: Map<number, number>;
}

/** One observation of one subreddit: the all-time count (if observed) and hourly counts by hour start. */
export interface SubredditCounts {
  allTime?: number;
  hours: readonly { hourStartMs: number; count: number }[];
}

function credit(
  list: readonly Tracked[],
  from: number,
  to: number,
  at: number,
  field: 'hourlyAt' | 'allTimeAt',
) {
  for (let i = from; i < Math.min(to, list.length); i++) {
    const post = list[i];
    if (post) post[field] = at;
  }
}

let corpusBySub: Map<string, CorpusPost[]> | undefined;
let corpus: CorpusPost[] = [];
function texts(): Map<string, CorpusPost[]> {
  if (!corpusBySub) {
    corpus = loadCorpus();
    corpusBySub = new Map();
    for (const post of corpus) {
      const key = post.subreddit.toLowerCase();
      const list = corpusBySub.get(key) ?? [];
      list.push(post);
      corpusBySub.set(key, list);
    }
  }
  return corpusBySub;
}

/** The generator of a design's post sequence: the same seed, the same subreddits and texts. */
export const postSequence = (seed: number): (() => number) => seededRandom(seed);

/** Real post texts in a reproducible order, for the raw INSERT baselines. */
export function postTexts(random: () => number): () => CorpusPost {
  texts();
  return () => corpus[Math.floor(random() * corpus.length)] as CorpusPost;
}

export class Tracker {
  private readonly subs: SubState[];
  private readonly byName: Map<string, SubState>;
  private readonly random: () => number;
  publishedTotal = 0;

  /**
   * `random` picks subreddits and texts: each design gets its own generator from the same seed
   * (postSequence), kept across its restarts, so both designs are fed the same posts in order.
   */
  constructor(subreddits: readonly string[], random: () => number) {
    this.subs = subreddits.map((name) => ({
      name,
      all: [],
      byHour: new Map(),
      allSeen: 0,
      hourSeen: new Map(),
    }));
    this.byName = new Map(this.subs.map((s) => [s.name.toLowerCase(), s]));
    this.random = random;
  }

  get subreddits(): string[] {
    return this.subs.map((s) => s.name);
  }

  private choose<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  publish(fake: FakeReddit, stage: number, count: number, measured: boolean): void {
    const now = Date.now();
    const createdUtc = Math.floor(now / 1000);
    const inputs: FakePostInput[] = [];
    for (let i = 0; i < count; i++) {
      const sub = this.choose(this.subs);
      const text = this.choose(texts().get(sub.name.toLowerCase()) ?? corpus);
      inputs.push({
        subreddit: sub.name,
        title: text.title,
        selftext: text.selftext,
        created_utc: createdUtc,
      });
    }
    fake.publish(inputs);
    for (const input of inputs) this.record(input.subreddit, createdUtc * 1000, now, stage, measured);
  }

  /** Registers one published post (in publication order within its subreddit). */
  record(
    subreddit: string,
    createdAtMs: number,
    publishedAt: number,
    stage: number,
    measured: boolean,
  ): void {
    const sub = this.byName.get(subreddit.toLowerCase());
    if (!sub) throw new Error(`not a tracked subreddit: ${subreddit}`);
    const hour = Math.floor(createdAtMs / HOUR_MS);
    const post: Tracked = { stage, publishedAt, hour, measured };
    sub.all.push(post);
    const list = sub.byHour.get(hour) ?? [];
    list.push(post);
    sub.byHour.set(hour, list);
    this.publishedTotal += 1;
  }

  /** Credits what an observation of `subreddit` made at `at` shows. */
  observe(subreddit: string, counts: SubredditCounts, at: number): void {
    const sub = this.byName.get(subreddit.toLowerCase());
    if (!sub) return;
    if (counts.allTime !== undefined && counts.allTime > sub.allSeen) {
      credit(sub.all, sub.allSeen, counts.allTime, at, 'allTimeAt');
      sub.allSeen = counts.allTime;
    }
    for (const { hourStartMs, count } of counts.hours) {
      const hour = Math.floor(hourStartMs / HOUR_MS);
      const seen = sub.hourSeen.get(hour) ?? 0;
      if (count > seen) {
        credit(sub.byHour.get(hour) ?? [], seen, count, at, 'hourlyAt');
        sub.hourSeen.set(hour, count);
      }
    }
  }

  /** Posts counted in the all-time figure (or, where that is not observed, the hourly series). */
  visibleTotal(field: 'hourlyAt' | 'allTimeAt' = 'allTimeAt'): number {
    if (field === 'allTimeAt') return this.subs.reduce((s, sub) => s + sub.allSeen, 0);
    return this.subs.reduce((s, sub) => s + [...sub.hourSeen.values()].reduce((a, b) => a + b, 0), 0);
  }

  postsOf(stage: number): Tracked[] {
    return this.subs.flatMap((s) => s.all.filter((p) => p.stage === stage));
  }
}
