// Builders for posts and scores used by the database tests. They write through the same typed
// queries (db/queries/writes.sql) that ingest and scorer use.
import type { Queryable } from '../engine/types.ts';
import { insertScores, upsertPosts } from '../queries/writes.queries.ts';

export interface TestPost {
  id: string;
  createdAt: Date;
  subreddit: string;
  title: string;
  selftext?: string;
  score?: number;
  numComments?: number;
}

export async function insertPosts(db: Queryable, posts: readonly TestPost[]) {
  return upsertPosts.run(
    {
      ids: posts.map((p) => p.id),
      createdAts: posts.map((p) => p.createdAt),
      subreddits: posts.map((p) => p.subreddit),
      authors: posts.map(() => 'tester'),
      titles: posts.map((p) => p.title),
      selftexts: posts.map((p) => p.selftext ?? ''),
      urls: posts.map((p) => `https://www.reddit.com/r/${p.subreddit}/comments/${p.id}/`),
      permalinks: posts.map((p) => `/r/${p.subreddit}/comments/${p.id}/`),
      domains: posts.map((p) => `self.${p.subreddit}`),
      isSelfs: posts.map(() => true),
      over18s: posts.map(() => false),
      spoilers: posts.map(() => false),
      stickieds: posts.map(() => false),
      scores: posts.map((p) => p.score ?? 1),
      numComments: posts.map((p) => p.numComments ?? 0),
    },
    db,
  );
}

export interface TestScore {
  post: TestPost;
  modelVersion: string;
  seriousness: number;
}

export async function insertPostScores(db: Queryable, scores: readonly TestScore[]) {
  return insertScores.run(
    {
      postIds: scores.map((s) => s.post.id),
      createdAts: scores.map((s) => s.post.createdAt),
      subreddits: scores.map((s) => s.post.subreddit),
      modelVersions: scores.map((s) => s.modelVersion),
      seriousness: scores.map((s) => s.seriousness),
    },
    db,
  );
}

/** Base-36 ids in Reddit's style, unique per index. */
export function redditId(index: number): string {
  return (1_000_000 + index).toString(36);
}
