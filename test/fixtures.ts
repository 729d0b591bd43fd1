// Posts and scores for tests and benchmarks, written through the product's own write path
// (db/writes.ts, as ingest and the scorer write).
import type { Queryable } from '../db/engine/types.ts';
import { insertScoreRows, upsertPostRows } from '../db/writes.ts';

export interface TestPost {
  id: string;
  createdAt: Date;
  subreddit: string;
  title: string;
  selftext?: string;
  score?: number;
  numComments?: number;
}

/** Test posts as stored rows: a self post by `tester`, through the product's write path. */
export async function insertPosts(db: Queryable, posts: readonly TestPost[]) {
  return upsertPostRows(
    db,
    posts.map((p) => ({
      id: p.id,
      createdAt: p.createdAt,
      subreddit: p.subreddit,
      author: 'tester',
      title: p.title,
      selftext: p.selftext ?? '',
      url: `https://www.reddit.com/r/${p.subreddit}/comments/${p.id}/`,
      permalink: `/r/${p.subreddit}/comments/${p.id}/`,
      domain: `self.${p.subreddit}`,
      isSelf: true,
      over18: false,
      spoiler: false,
      stickied: false,
      score: p.score ?? 1,
      numComments: p.numComments ?? 0,
    })),
  );
}

export interface TestScore {
  post: TestPost;
  modelVersion: string;
  seriousness: number;
}

export async function insertPostScores(db: Queryable, scores: readonly TestScore[]) {
  return insertScoreRows(
    db,
    scores.map((s) => ({
      postId: s.post.id,
      createdAt: s.post.createdAt,
      subreddit: s.post.subreddit,
      modelVersion: s.modelVersion,
      seriousness: s.seriousness,
    })),
  );
}

/** Base-36 ids in Reddit's style, unique per index. */
export function redditId(index: number): string {
  return (1_000_000 + index).toString(36);
}
