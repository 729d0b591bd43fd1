import { describe, expect, it } from 'vitest';
import { rocAuc } from '../eval/metrics.ts';
import { featurizeRows } from '../train/dataset.ts';
import { groupedFolds } from '../train/folds.ts';
import { rawLogit, sigmoid } from '../train/linear.ts';
import { fitPlatt } from '../train/platt.ts';
import { seededRandom } from '../train/random.ts';
import { balancedSampleWeights } from '../train/weights.ts';
import { fixtureLabelledPosts, tinyFeaturizer, tinyTraining, trainTinyModel } from './fixture.ts';

describe('training on the fixture', () => {
  it('is deterministic: same data and seed give identical weights, bias, calibration and losses', () => {
    const a = trainTinyModel();
    const b = trainTinyModel();
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect([a.bias, a.platt, a.epochLoss]).toEqual([b.bias, b.platt, b.epochLoss]);
  });

  it('changes with the seed (the seed is actually used)', () => {
    const a = trainTinyModel();
    const b = trainTinyModel({ ...tinyTraining, ftrl: { ...tinyTraining.ftrl, seed: 12 } });
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(false);
  });

  it('reduces its loss over epochs and separates the training posts', () => {
    const model = trainTinyModel();
    expect(model.epochLoss.at(-1)).toBeLessThan(model.epochLoss[0] ?? 0);
    const labelled = fixtureLabelledPosts().filter((p) => p.label !== null);
    const rows = featurizeRows(
      labelled.map((p) => p.post),
      tinyFeaturizer,
    );
    const logits = labelled.map((_, r) =>
      rawLogit(model.weights, model.bias, rows.ids, rows.values, rows.offsets[r], rows.offsets[r + 1]),
    );
    expect(
      rocAuc(
        logits,
        labelled.map((p) => p.label ?? 0),
      ),
    ).toBeGreaterThan(0.95);
  });
});

describe('groupedFolds', () => {
  const random = seededRandom(3);
  const items = Array.from({ length: 400 }, () => {
    const community = Math.floor(random() * 12);
    return { group: `r${community}`, label: community % 2 };
  });

  it('puts every community in exactly one fold, and both classes in every fold', () => {
    const folds = groupedFolds(items, 3, 1);
    const foldOfGroup = new Map<string, Set<number>>();
    items.forEach((item, i) =>
      foldOfGroup.set(item.group, (foldOfGroup.get(item.group) ?? new Set()).add(folds[i] ?? -1)),
    );
    for (const set of foldOfGroup.values()) expect(set.size).toBe(1);
    for (let k = 0; k < 3; k++) {
      const labels = new Set(items.filter((_, i) => folds[i] === k).map((item) => item.label));
      expect(labels).toEqual(new Set([0, 1]));
    }
  });

  it('is a pure function of its seed', () => {
    expect(groupedFolds(items, 3, 1)).toEqual(groupedFolds(items, 3, 1));
    expect(groupedFolds(items, 3, 1)).not.toEqual(groupedFolds(items, 3, 2));
  });
});

describe('fitPlatt', () => {
  it('recovers the slope and intercept that generated the labels', () => {
    const random = seededRandom(5);
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = random() * 8 - 4;
      logits.push(x);
      labels.push(random() < sigmoid(0.5 * x - 1) ? 1 : 0);
    }
    const { a, b } = fitPlatt(logits, labels);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
  });
});

describe('balancedSampleWeights', () => {
  it('equalises class totals and shrinks big communities towards the mean', () => {
    const groups = ['big', 'big', 'big', 'big', 'small', 'neg'];
    const labels = [1, 1, 1, 1, 1, 0];
    const w = balancedSampleWeights(groups, labels, [0, 1, 2, 3, 4, 5], 1);
    const positive = (w[0] ?? 0) * 4 + (w[4] ?? 0);
    expect(positive).toBeCloseTo(w[5] ?? 0, 10);
    expect((w[0] ?? 0) * 4).toBeCloseTo(w[4] ?? 0, 10); // power 1: each community the same total
  });
});
