// What requests share: the served model version, the subreddit summaries (the all-time view joined
// with the hourly aggregate's last 48 hours) and each subreddit's answers. With a data-changes feed
// (db/data-changes.ts: the embedded engine) they are reused until the data they were read from
// changes, never for a fixed time: a commit announces the subreddits it wrote, and the next request
// for one of them reads again — so a score that commits is in the next answer. The summaries are
// read once and then kept as running totals (./subreddit-figures.ts: each commit announces what its
// scores add), read again only when everything changed, the model switched or the hour turned
// (their 24-hour windows are whole hourly buckets). Without a feed (a server, where TimescaleDB's
// scheduler refreshes the aggregates unannounced) every request reads.
//
// Order is what makes this exact: the engine runs one statement at a time and its thread delivers a
// commit's notification before the reply of any statement that ran after that commit, so every
// change heard before a read's reply is in what it read, and every change heard after is not.
import type { DataChangeFeed } from '../db/data-changes.ts';
import type { Queryable } from '../db/engine/types.ts';
import { apiActiveModel, apiSubredditSummaries } from '../db/queries/api.queries.ts';
import { DataVersions } from './data-versions.ts';
import { SubredditFigures, type Summaries } from './subreddit-figures.ts';

export type { Summaries };

export interface ApiData {
  servedModel(): Promise<string | null>;
  summaries(modelVersion: string): Promise<Summaries>;
  /**
   * One subreddit's answer for `key` (everything else the answer depends on: model, range, page),
   * read by `load` unless one read since the subreddit's data last changed is at hand. A failed
   * read is not kept.
   */
  answer<T>(subreddit: string, key: string, load: () => Promise<T>): Promise<T>;
}

const HOUR_MS = 3_600_000;
/** Answers kept, least recently used dropped first (≈ 15 KB each: a week of hours and 25 posts). */
const MAX_ANSWERS = 4096;

const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

async function readFigures(db: Queryable, modelVersion: string): Promise<SubredditFigures> {
  const now = new Date();
  const rows = await apiSubredditSummaries.run({ modelVersion, now }, db);
  return new SubredditFigures(modelVersion, hourOf(now.getTime()), rows);
}

/** Every request reads: no feed says when an answer goes out of date. */
function uncachedData(db: Queryable): ApiData {
  return {
    servedModel: async () => (await apiActiveModel.run(undefined, db))[0]?.version ?? null,
    summaries: async (modelVersion) => (await readFigures(db, modelVersion)).summaries,
    answer: (_subreddit, _key, load) => load(),
  };
}

function cachedData(db: Queryable, feed: DataChangeFeed, onAnswer: (reused: boolean) => void): ApiData {
  const versions = new DataVersions();

  let model: { at: number; value: Promise<string | null> } | undefined;
  /** The served model once read, as of the last change of everything. */
  let modelKnown: { at: number; version: string | null } | undefined;
  const servedModel = (): Promise<string | null> => {
    // A model switch announces that everything changed (db/queries/scorer.sql).
    if (model && model.at === versions.everythingAt) return model.value;
    const at = versions.everythingAt;
    const entry = {
      at,
      value: apiActiveModel.run(undefined, db).then(([row]) => {
        const version = row?.version ?? null;
        modelKnown = { at, version };
        return version;
      }),
    };
    model = entry;
    entry.value.catch(() => {
      if (model === entry) model = undefined;
    });
    return entry.value;
  };

  let figures: SubredditFigures | undefined;
  let figuresRead: Promise<SubredditFigures> | undefined;
  // The feed's subscription lasts as long as the feed (api/server.ts closes it with the server).
  feed.subscribe((heard) => {
    let change = heard;
    if (change.kind === 'model-scores') {
      // Another model's scores (a re-score of history to a model not served yet): no answer
      // shows them. The served model's, or not known yet: read everything again.
      const served = modelKnown?.at === versions.everythingAt ? modelKnown.version : undefined;
      if (served === null || (served !== undefined && !change.modelVersions.includes(served))) return;
      change = { kind: 'everything' };
    }
    versions.changed(change);
    // A read in flight already holds this change (the order above); after it, add or start over.
    if (change.kind === 'everything') figures = undefined;
    else if (change.kind === 'scores') figures?.add(change.added);
  });
  const summaries = async (modelVersion: string): Promise<Summaries> => {
    const hour = hourOf(Date.now());
    for (;;) {
      if (figures && figures.modelVersion === modelVersion && figures.hourMs >= hour)
        return figures.summaries;
      // One read at a time; requests that arrive meanwhile wait for it.
      if (!figuresRead) {
        const read = readFigures(db, modelVersion);
        figuresRead = read;
        void read
          .then(
            (fresh) => {
              if (figuresRead === read) figures = fresh;
            },
            () => undefined,
          )
          .finally(() => {
            if (figuresRead === read) figuresRead = undefined;
          });
      }
      await figuresRead;
    }
  };

  const answers = new Map<string, { version: number; value: Promise<unknown> }>();
  const answer = <T>(subreddit: string, key: string, load: () => Promise<T>): Promise<T> => {
    const version = versions.of(subreddit);
    const id = `${subreddit.toLowerCase()}\n${key}`;
    const kept = answers.get(id);
    answers.delete(id);
    if (kept && kept.version === version) {
      answers.set(id, kept); // most recently used
      onAnswer(true);
      return kept.value as Promise<T>;
    }
    onAnswer(false);
    const entry = { version, value: load() as Promise<unknown> };
    answers.set(id, entry);
    if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
    entry.value.catch(() => {
      if (answers.get(id) === entry) answers.delete(id);
    });
    return entry.value as Promise<T>;
  };

  return { servedModel, summaries, answer };
}

/** `onAnswer` hears, per cached answer asked for, whether it was reused (for Server-Timing). */
export function createApiData(
  db: Queryable,
  feed: DataChangeFeed | undefined,
  onAnswer: (reused: boolean) => void = () => undefined,
): ApiData {
  return feed ? cachedData(db, feed, onAnswer) : uncachedData(db);
}
