// Packs featurised posts into the graph's two [batch, width] inputs. Rows shorter than the widest
// are padded with id 0 and value 0; a zero value contributes nothing, so padding needs no mask.
import type { SparseFeatures } from '../features/featurize.ts';

export interface PackedBatch {
  batch: number;
  width: number;
  ids: Int32Array;
  values: Float32Array;
}

export function packBatch(rows: readonly SparseFeatures[]): PackedBatch {
  // Width ≥ 1: onnxruntime rejects zero-sized dimensions in some reductions.
  const width = Math.max(1, ...rows.map((r) => r.ids.length));
  const ids = new Int32Array(rows.length * width);
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    ids.set(row.ids, r * width);
    values.set(row.values, r * width);
  });
  return { batch: rows.length, width, ids, values };
}
