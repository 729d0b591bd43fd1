// Outer grouped-by-subreddit k-fold: each fold's communities are scored by a model trained (and,
// for our model, calibrated by an inner grouped split) without any of their posts.
import type { SparseRows } from '../train/dataset.ts';
import { groupedFolds } from '../train/folds.ts';
import { calibratedProbability, rawLogit } from '../train/linear.ts';
import type { TrainingEvents, TrainingSettings } from '../train/pipeline.ts';
import { trainCalibrated } from '../train/pipeline.ts';

export interface CrossValidationInput {
  rows: SparseRows;
  dimension: number;
  labels: ArrayLike<number>;
  groups: readonly string[];
  folds: readonly number[];
  k: number;
}

export function assignFolds(
  groups: readonly string[],
  labels: ArrayLike<number>,
  k: number,
  seed: number,
): number[] {
  return groupedFolds(
    groups.map((group, i) => ({ group, label: labels[i] ?? 0 })),
    k,
    seed,
  );
}

/** Out-of-fold calibrated probabilities, one per row. */
export function crossValidate(
  input: CrossValidationInput,
  settings: TrainingSettings,
  name: string,
  events: TrainingEvents = {},
): Float64Array {
  const scores = new Float64Array(input.rows.rows).fill(Number.NaN);
  for (let fold = 0; fold < input.k; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    input.folds.forEach((f, r) => (f === fold ? test : train).push(r));
    const phase = (inner: string) => `${name} ${fold + 1}/${input.k} ${inner}`;
    const model = trainCalibrated(
      { rows: input.rows, dimension: input.dimension, labels: input.labels, groups: input.groups },
      train,
      settings,
      {
        onEpoch: (inner, epoch, epochs, loss) =>
          events.onEpoch?.(phase(inner.replace('calibration fold', 'cal')), epoch, epochs, loss),
      },
    );
    const { ids, values, offsets } = input.rows;
    for (const r of test)
      scores[r] = calibratedProbability(
        model,
        rawLogit(model.weights, model.bias, ids, values, offsets[r], offsets[r + 1]),
      );
  }
  return scores;
}
