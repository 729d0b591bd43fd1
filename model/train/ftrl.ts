// Logistic regression on hashed sparse features, trained with FTRL-Proximal (McMahan et al. 2013):
// per-coordinate learning rates suit hashed text (rare n-grams move fast, common ones settle) and
// L1 zeroes weights of features seen too rarely to trust, which is what generalises to communities
// the model never saw. Deterministic: the row order of each epoch comes from the seed.
import type { SparseRows } from './dataset.ts';
import { rawLogit, sigmoid } from './linear.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

export interface FtrlSettings {
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
  epochs: number;
  seed: number;
}

export interface TrainedLinear {
  weights: Float32Array;
  bias: number;
  /** Mean weighted log-loss of each epoch, measured on each row before its update (progressive). */
  epochLoss: number[];
  nonZeroWeights: number;
}

export interface TrainInput {
  rows: SparseRows;
  /** Size of the weight table (2^hashBits); every id in `rows` is below it. */
  dimension: number;
  /** Row indices to train on (a fold's training part). */
  rowIndices: readonly number[];
  labels: ArrayLike<number>;
  /** Per-row weight (class and community balance); 1 when absent. */
  sampleWeights?: ArrayLike<number>;
}

export function trainFtrl(
  input: TrainInput,
  settings: FtrlSettings,
  onEpoch?: (epoch: number, loss: number) => void,
): TrainedLinear {
  const { rows, labels, sampleWeights } = input;
  const size = input.dimension;
  // z and n for every coordinate, plus the bias at index `size`.
  const z = new Float64Array(size + 1);
  const n = new Float64Array(size + 1);
  const w = new Float64Array(size + 1);
  const { alpha, beta, l1, l2 } = settings;
  const random = seededRandom(settings.seed);
  const order = [...input.rowIndices];
  const epochLoss: number[] = [];

  const weightOf = (i: number, unregularised: boolean): number => {
    const zi = z[i] ?? 0;
    const l1i = unregularised ? 0 : l1;
    if (Math.abs(zi) <= l1i) return 0;
    const sign = zi < 0 ? -1 : 1;
    return -(zi - sign * l1i) / ((beta + Math.sqrt(n[i] ?? 0)) / alpha + (unregularised ? 0 : l2));
  };

  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    let weightSum = 0;
    for (const r of order) {
      const start = rows.offsets[r] ?? 0;
      const end = rows.offsets[r + 1] ?? 0;
      // Lazy weights: only the coordinates this row touches are materialised.
      for (let k = start; k < end; k++) {
        const i = rows.ids[k] ?? 0;
        w[i] = weightOf(i, false);
      }
      w[size] = weightOf(size, true);
      const p = sigmoid(rawLogit(w, w[size] ?? 0, rows.ids, rows.values, start, end));
      const y = labels[r] ?? 0;
      const sw = sampleWeights?.[r] ?? 1;
      const clipped = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
      lossSum += -sw * (y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped));
      weightSum += sw;
      const residual = (p - y) * sw;
      for (let k = start; k <= end; k++) {
        const isBias = k === end;
        const i = isBias ? size : (rows.ids[k] ?? 0);
        const g = residual * (isBias ? 1 : (rows.values[k] ?? 0));
        const ni = n[i] ?? 0;
        const sigma = (Math.sqrt(ni + g * g) - Math.sqrt(ni)) / alpha;
        z[i] = (z[i] ?? 0) + g - sigma * (w[i] ?? 0);
        n[i] = ni + g * g;
      }
    }
    const loss = weightSum > 0 ? lossSum / weightSum : 0;
    epochLoss.push(loss);
    onEpoch?.(epoch + 1, loss);
  }
  const weights = new Float32Array(size);
  let nonZeroWeights = 0;
  for (let i = 0; i < size; i++) {
    const wi = weightOf(i, false);
    weights[i] = wi;
    if (wi !== 0) nonZeroWeights++;
  }
  return { weights, bias: weightOf(size, true), epochLoss, nonZeroWeights };
}
