// Binary classification metrics over (score, label) pairs. Pure functions, table-tested.

/** ROC-AUC by the rank-sum formula; ties count one half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] ?? 0) - (scores[b] ?? 0),
  );
  let positives = 0;
  let rankSumPositives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const score = scores[order[i] ?? 0] ?? 0;
    while (j < order.length && (scores[order[j] ?? 0] ?? 0) === score) j++;
    const meanRank = (i + 1 + j) / 2; // ranks are 1-based; tied block i..j-1 shares the mean
    for (let t = i; t < j; t++) {
      if ((labels[order[t] ?? 0] ?? 0) === 1) {
        positives++;
        rankSumPositives += meanRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  let correct = 0;
  for (let i = 0; i < scores.length; i++)
    if (((scores[i] ?? 0) >= threshold ? 1 : 0) === labels[i]) correct++;
  return scores.length === 0 ? Number.NaN : correct / scores.length;
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(Math.max(probabilities[i] ?? 0, 1e-15), 1 - 1e-15);
    sum += labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
  }
  return probabilities.length === 0 ? Number.NaN : sum / probabilities.length;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanScore: number;
  fractionPositive: number;
}

/** Equal-width reliability bins over [0, 1]. */
export function calibrationBins(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  binCount = 10,
): CalibrationBin[] {
  const bins = Array.from({ length: binCount }, (_, b) => ({
    lower: b / binCount,
    upper: (b + 1) / binCount,
    count: 0,
    sumScore: 0,
    positives: 0,
  }));
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    const bin = bins[Math.min(binCount - 1, Math.max(0, Math.floor(p * binCount)))];
    if (bin === undefined) continue;
    bin.count++;
    bin.sumScore += p;
    if (labels[i] === 1) bin.positives++;
  }
  return bins.map(({ lower, upper, count, sumScore, positives }) => ({
    lower,
    upper,
    count,
    meanScore: count > 0 ? sumScore / count : Number.NaN,
    fractionPositive: count > 0 ? positives / count : Number.NaN,
  }));
}

/** Expected calibration error: |mean score − fraction positive| per bin, weighted by bin size. */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  binCount = 10,
): number {
  const total = probabilities.length;
  if (total === 0) return Number.NaN;
  return calibrationBins(probabilities, labels, binCount).reduce(
    (sum, bin) =>
      bin.count > 0 ? sum + (bin.count / total) * Math.abs(bin.meanScore - bin.fractionPositive) : sum,
    0,
  );
}

export interface RocPoint {
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** ROC curve points from (0,0) to (1,1), one per distinct threshold. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] ?? 0) - (scores[a] ?? 0),
  );
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = scores.length - positives;
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] ?? 0;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      points.push({
        falsePositiveRate: negatives > 0 ? fp / negatives : 0,
        truePositiveRate: positives > 0 ? tp / positives : 0,
      });
    }
  }
  return points;
}
