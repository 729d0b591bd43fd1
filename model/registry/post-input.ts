// A stored post row (posts table, as the scorer's queries select it) as the model's input.
import type { IPostsToScoreResult } from '../../db/queries/scorer.queries.ts';
import type { PostInput } from '../score/library.ts';

/** A stored post that is also a model input (the row's columns under the model's names). */
export type StoredPost = IPostsToScoreResult & PostInput;

export function toPostInput(row: IPostsToScoreResult): StoredPost {
  return { ...row, isSelf: row.is_self, domain: row.domain, selftext: row.selftext, title: row.title };
}
