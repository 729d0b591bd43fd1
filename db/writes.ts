// The one write path of posts and scores: their rows, and the one mapping of rows onto the typed
// bulk statements of db/queries/writes.sql (arrays unnested in one statement). Ingest, backfill,
// the scorer, the re-score walk, and the tests' and benchmarks' fixtures all write through here.
import type { Queryable } from './engine/types.ts';
import { insertScores, upsertPosts } from './queries/writes.queries.ts';

/** A post as the posts table stores it. */
export interface PostRow {
  /** Reddit's base-36 id, without the `t3_` prefix. */
  id: string;
  createdAt: Date;
  subreddit: string;
  author: string | null;
  title: string;
  selftext: string;
  url: string | null;
  permalink: string | null;
  domain: string | null;
  isSelf: boolean;
  over18: boolean;
  spoiler: boolean;
  stickied: boolean;
  score: number;
  numComments: number;
}

/** A score as post_scores stores it. */
export interface ScoreRow {
  postId: string;
  createdAt: Date;
  subreddit: string;
  modelVersion: string;
  seriousness: number;
}

/**
 * Inserts new posts and refreshes the score and comment count of stored ones; returns each row's
 * id and whether it was new. The same post twice in `rows` fails (ON CONFLICT cannot touch a row
 * twice in one statement): callers de-duplicate.
 */
export function upsertPostRows(db: Queryable, rows: readonly PostRow[]) {
  return upsertPosts.run(
    {
      ids: rows.map((p) => p.id),
      createdAts: rows.map((p) => p.createdAt),
      subreddits: rows.map((p) => p.subreddit),
      // unnest of a text[] with NULL elements is fine; pgtyped's array type just has no `| null`.
      authors: rows.map((p) => p.author) as string[],
      titles: rows.map((p) => p.title),
      selftexts: rows.map((p) => p.selftext),
      urls: rows.map((p) => p.url) as string[],
      permalinks: rows.map((p) => p.permalink) as string[],
      domains: rows.map((p) => p.domain) as string[],
      isSelfs: rows.map((p) => p.isSelf),
      over18s: rows.map((p) => p.over18),
      spoilers: rows.map((p) => p.spoiler),
      stickieds: rows.map((p) => p.stickied),
      scores: rows.map((p) => p.score),
      numComments: rows.map((p) => p.numComments),
    },
    db,
  );
}

/** Inserts scores; one already stored (same post, time and model) is left as it is. */
export function insertScoreRows(db: Queryable, rows: readonly ScoreRow[]) {
  return insertScores.run(
    {
      postIds: rows.map((s) => s.postId),
      createdAts: rows.map((s) => s.createdAt),
      subreddits: rows.map((s) => s.subreddit),
      modelVersions: rows.map((s) => s.modelVersion),
      seriousness: rows.map((s) => s.seriousness),
    },
    db,
  );
}
