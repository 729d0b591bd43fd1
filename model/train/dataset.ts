// Features of many posts in compressed-sparse-row form: one flat array of ids and values plus row
// offsets. Featurising once and reusing the rows across folds and epochs is what keeps training fast.
import type { PostInput } from '../data/post.ts';
import type { FeaturizerSettings } from '../features/featurize.ts';
import { featurize } from '../features/featurize.ts';

export interface SparseRows {
  /** Row r spans [offsets[r], offsets[r + 1]). */
  offsets: Int32Array;
  ids: Int32Array;
  values: Float32Array;
  rows: number;
}

export function featurizeRows(
  posts: readonly PostInput[],
  settings: FeaturizerSettings,
  onProgress?: (done: number) => void,
): SparseRows {
  const perRow = posts.map((post, index) => {
    if (onProgress !== undefined && index % 2000 === 0) onProgress(index);
    return featurize(post, settings);
  });
  onProgress?.(posts.length);
  const offsets = new Int32Array(posts.length + 1);
  perRow.forEach((row, r) => (offsets[r + 1] = (offsets[r] ?? 0) + row.ids.length));
  const total = offsets[posts.length] ?? 0;
  const ids = new Int32Array(total);
  const values = new Float32Array(total);
  perRow.forEach((row, r) => {
    ids.set(row.ids, offsets[r]);
    values.set(row.values, offsets[r]);
  });
  return { offsets, ids, values, rows: posts.length };
}
