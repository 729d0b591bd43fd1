import { describe, expect, it } from 'vitest';
import {
  accuracy,
  calibrationBins,
  expectedCalibrationError,
  logLoss,
  rocAuc,
  rocCurve,
} from '../eval/metrics.ts';

describe('rocAuc', () => {
  it.each([
    ['perfect', [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
    ['inverted', [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0],
    ['all tied', [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 0.5],
    ['one swap of four pairs', [0.1, 0.6, 0.5, 0.9], [0, 0, 1, 1], 0.75],
    ['tie across classes counts half', [0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1], 0.875],
  ])('%s', (_name, scores, labels, expected) => {
    expect(rocAuc(scores, labels)).toBeCloseTo(expected, 12);
  });

  it('is NaN with one class only', () => {
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNaN();
  });
});

describe('accuracy and logLoss', () => {
  it.each([
    [[0.9, 0.1], [1, 0], 1, -Math.log(0.9)],
    [[0.4, 0.6], [1, 0], 0, -Math.log(0.4)],
    [[0.5, 0.5], [1, 0], 0.5, Math.log(2)],
  ])('%j vs %j', (p, y, acc, loss) => {
    expect(accuracy(p, y)).toBeCloseTo(acc, 12);
    expect(logLoss(p, y)).toBeCloseTo(loss, 12);
  });
});

describe('calibration', () => {
  it('ECE is zero when each bin’s mean score equals its positive rate', () => {
    const p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    expect(expectedCalibrationError(p, y)).toBeCloseTo(0, 12);
  });

  it('ECE weighs each bin’s gap by its share of posts', () => {
    // bin [0.9,1): mean 0.95, positives 0.5 → gap 0.45, half the posts; bin [0.1,0.2): gap 0.15
    const p = [0.95, 0.95, 0.15, 0.15];
    const y = [1, 0, 0, 0];
    expect(expectedCalibrationError(p, y)).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.15, 12);
  });

  it('bins cover [0,1] with a closed top bin', () => {
    const bins = calibrationBins([0, 1, 0.55], [0, 1, 1], 10);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

describe('rocCurve', () => {
  it('runs from (0,0) to (1,1), one point per distinct threshold', () => {
    const curve = rocCurve([0.1, 0.4, 0.4, 0.9], [0, 0, 1, 1]);
    expect(curve).toEqual([
      { falsePositiveRate: 0, truePositiveRate: 0 },
      { falsePositiveRate: 0, truePositiveRate: 0.5 },
      { falsePositiveRate: 0.5, truePositiveRate: 1 },
      { falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
  });
});
