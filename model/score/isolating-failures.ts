// Scores a batch of posts with one model, isolating posts that cannot be scored: when a batch
// fails, it is split in halves until the failing posts are found, so one poison post costs its
// batch-mates nothing. A score that is not a finite number in [0, 1] counts as a failure too
// (the post_scores CHECK would otherwise abort the whole transaction).
//
// A big batch is scored in slices of SLICE_POSTS with the thread yielded between them: the embedded
// engine's transactions wait on this thread for their next statement, and one featurise + inference
// of 2,000 posts held every open transaction (and so the engine) for ~300 ms (bench:live-profile).
import { setImmediate as yieldThread } from 'node:timers/promises';
import type { PostInput, SeriousnessModel } from './library.ts';

/** Posts per model call: the library is near its best rate from 256 (`npm run bench:model`). */
const SLICE_POSTS = 256;

export interface BatchOutcome<P> {
  scored: { post: P; seriousness: number }[];
  failed: { post: P; reason: string }[];
}

export async function scoreIsolatingFailures<P extends PostInput>(
  model: Pick<SeriousnessModel, 'scoreBatch'>,
  posts: readonly P[],
): Promise<BatchOutcome<P>> {
  if (posts.length <= SLICE_POSTS) return scoreSlice(model, posts);
  const outcome: BatchOutcome<P> = { scored: [], failed: [] };
  for (let i = 0; i < posts.length; i += SLICE_POSTS) {
    if (i > 0) await yieldThread();
    const slice = await scoreSlice(model, posts.slice(i, i + SLICE_POSTS));
    outcome.scored.push(...slice.scored);
    outcome.failed.push(...slice.failed);
  }
  return outcome;
}

async function scoreSlice<P extends PostInput>(
  model: Pick<SeriousnessModel, 'scoreBatch'>,
  posts: readonly P[],
): Promise<BatchOutcome<P>> {
  const outcome: BatchOutcome<P> = { scored: [], failed: [] };
  if (posts.length === 0) return outcome;
  let results: { seriousness: number }[];
  try {
    results = await model.scoreBatch(posts);
    if (results.length !== posts.length) {
      throw new Error(`model returned ${results.length} scores for ${posts.length} posts`);
    }
  } catch (error) {
    if (posts.length === 1) {
      outcome.failed.push({ post: posts[0]!, reason: (error as Error).message });
      return outcome;
    }
    const middle = Math.ceil(posts.length / 2);
    const [left, right] = await Promise.all([
      scoreSlice(model, posts.slice(0, middle)),
      scoreSlice(model, posts.slice(middle)),
    ]);
    return { scored: [...left.scored, ...right.scored], failed: [...left.failed, ...right.failed] };
  }
  results.forEach((result, i) => {
    const post = posts[i]!;
    const s = result.seriousness;
    if (Number.isFinite(s) && s >= 0 && s <= 1) outcome.scored.push({ post, seriousness: s });
    else outcome.failed.push({ post, reason: `model produced an invalid score (${String(s)})` });
  });
  return outcome;
}
