// Training as one function, used both for the shipped model (all labelled communities) and for
// each outer fold of the evaluation: fit on the given rows; calibrate with Platt scaling on
// out-of-fold logits of an inner grouped k-fold, so the calibration reflects unseen communities.
import type { SparseRows } from './dataset.ts';
import { groupedFolds } from './folds.ts';
import type { FtrlSettings } from './ftrl.ts';
import { trainFtrl } from './ftrl.ts';
import type { LinearModel } from './linear.ts';
import { rawLogit } from './linear.ts';
import { fitPlatt } from './platt.ts';
import { balancedSampleWeights } from './weights.ts';

export interface TrainingSettings {
  ftrl: FtrlSettings;
  /** Community balance of sample weights (see weights.ts). */
  groupBalancePower: number;
  /** Inner grouped folds for calibration; 0 = no calibration (Platt a = 1, b = 0). */
  calibrationFolds: number;
  /**
   * Weights of the held-out posts when fitting Platt scaling: 'posts' = each post counts once;
   * 'communities' = the same community balance as training, so one huge community cannot set
   * the calibration for all.
   */
  calibrationWeighting: 'posts' | 'communities';
}

export const defaultTrainingSettings = {
  ftrl: { alpha: 0.1, beta: 1, l1: 0.5, l2: 1, epochs: 8, seed: 4 },
  groupBalancePower: 0.5,
  calibrationFolds: 5,
  calibrationWeighting: 'communities',
} as const satisfies TrainingSettings;

export interface TrainingData {
  rows: SparseRows;
  dimension: number;
  labels: ArrayLike<number>;
  /** Community of each row (the grouping unit of every split). */
  groups: readonly string[];
}

export interface TrainingEvents {
  /** `phase` names which fit is running ("calibration fold 2/5", "final"). */
  onEpoch?: (phase: string, epoch: number, epochs: number, loss: number) => void;
}

export interface TrainedModel extends LinearModel {
  epochLoss: number[];
  nonZeroWeights: number;
  /** Out-of-fold raw logits of the inner calibration folds, by row index (NaN where not computed). */
  calibrationLogits: Float64Array | null;
}

function fit(
  data: TrainingData,
  rowIndices: readonly number[],
  settings: TrainingSettings,
  phase: string,
  events: TrainingEvents,
) {
  const sampleWeights = balancedSampleWeights(
    data.groups,
    data.labels,
    rowIndices,
    settings.groupBalancePower,
  );
  return trainFtrl(
    { rows: data.rows, dimension: data.dimension, rowIndices, labels: data.labels, sampleWeights },
    settings.ftrl,
    (epoch, loss) => events.onEpoch?.(phase, epoch, settings.ftrl.epochs, loss),
  );
}

export function trainCalibrated(
  data: TrainingData,
  rowIndices: readonly number[],
  settings: TrainingSettings,
  events: TrainingEvents = {},
): TrainedModel {
  let platt = { a: 1, b: 0 };
  let calibrationLogits: Float64Array | null = null;
  if (settings.calibrationFolds > 1) {
    const folds = groupedFolds(
      rowIndices.map((r) => ({ group: data.groups[r] ?? '', label: data.labels[r] ?? 0 })),
      settings.calibrationFolds,
      settings.ftrl.seed + 1,
    );
    calibrationLogits = new Float64Array(data.rows.rows).fill(Number.NaN);
    for (let fold = 0; fold < settings.calibrationFolds; fold++) {
      const train = rowIndices.filter((_, i) => folds[i] !== fold);
      const held = rowIndices.filter((_, i) => folds[i] === fold);
      if (held.length === 0 || train.length === 0) continue;
      const inner = fit(
        data,
        train,
        settings,
        `calibration fold ${fold + 1}/${settings.calibrationFolds}`,
        events,
      );
      for (const r of held) {
        calibrationLogits[r] = rawLogit(
          inner.weights,
          inner.bias,
          data.rows.ids,
          data.rows.values,
          data.rows.offsets[r],
          data.rows.offsets[r + 1],
        );
      }
    }
    const held = rowIndices.filter((r) => !Number.isNaN(calibrationLogits?.[r] ?? Number.NaN));
    const weights =
      settings.calibrationWeighting === 'communities'
        ? balancedSampleWeights(data.groups, data.labels, held, settings.groupBalancePower)
        : null;
    platt = fitPlatt(
      held.map((r) => calibrationLogits?.[r] ?? 0),
      held.map((r) => data.labels[r] ?? 0),
      weights === null ? undefined : held.map((r) => weights[r] ?? 0),
    );
  }
  const final = fit(data, rowIndices, settings, 'final', events);
  return {
    weights: final.weights,
    bias: final.bias,
    platt,
    epochLoss: final.epochLoss,
    nonZeroWeights: final.nonZeroWeights,
    calibrationLogits,
  };
}
