// The poller's write path for posts: a poll's posts are upserted with ONE statement, and score
// jobs (a page's worth of posts each, one insert statement) name the rows that are new — inside
// the caller's transaction, so the posts and their jobs commit (or roll back) together.
//
// Deduplication is the database's: `upsertPostRows` (db/writes.ts) reports per row whether it was inserted
// (`xmax = 0`). A post seen again only has its score, comment count and flags updated, and gets no
// second job. Nothing is remembered in memory, so restarts and replays cannot duplicate.
import type { PgBoss } from 'pg-boss';
import { QUEUES, scoreJobsOf } from '../db/boss.ts';
import type { Transaction } from '../db/engine/types.ts';
import { upsertPostRows } from '../db/writes.ts';
import type { Post } from './reddit/listing.ts';

export interface WriteResult {
  inserted: number;
  updated: number;
  /** Posts that were new, in input order (their job was enqueued). */
  insertedPosts: Post[];
}

/**
 * The same post twice in one statement would make `ON CONFLICT DO UPDATE` fail ("cannot affect
 * row a second time"); keep the last copy (the freshest score).
 */
export function dedupeById(posts: readonly Post[]): Post[] {
  const byId = new Map<string, Post>();
  for (const post of posts) {
    byId.delete(post.id);
    byId.set(post.id, post);
  }
  return [...byId.values()];
}

export async function writePosts(
  tx: Transaction,
  boss: PgBoss,
  batch: readonly Post[],
): Promise<WriteResult> {
  const posts = dedupeById(batch);
  if (posts.length === 0) return { inserted: 0, updated: 0, insertedPosts: [] };
  const rows = await upsertPostRows(tx, posts);
  const newIds = new Set(rows.filter((r) => r.inserted).map((r) => r.id));
  const insertedPosts = posts.filter((p) => newIds.has(p.id));
  if (insertedPosts.length > 0) {
    await boss.insert(
      QUEUES.score,
      scoreJobsOf(insertedPosts).map((data) => ({ data })),
      { db: tx },
    );
  }
  return { inserted: insertedPosts.length, updated: posts.length - insertedPosts.length, insertedPosts };
}
