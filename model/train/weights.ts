// Sample weights. The corpus is lopsided (r/science has 8k posts, r/3amjokes 719; two "new"
// streams dominate their classes), and a model fitted to raw counts learns those few communities.
// Each community's total weight is scaled towards the average (power 1 = all equal, 0 = raw
// counts), then the two classes are given equal total weight.
export function balancedSampleWeights(
  groups: readonly string[],
  labels: ArrayLike<number>,
  rowIndices: readonly number[],
  power: number,
): Float64Array {
  const weights = new Float64Array(groups.length);
  const countOfGroup = new Map<string, number>();
  for (const r of rowIndices) {
    const g = groups[r] ?? '';
    countOfGroup.set(g, (countOfGroup.get(g) ?? 0) + 1);
  }
  const meanCount = rowIndices.length / Math.max(1, countOfGroup.size);
  const classTotals = [0, 0];
  for (const r of rowIndices) {
    const w = Math.pow(meanCount / (countOfGroup.get(groups[r] ?? '') ?? 1), power);
    weights[r] = w;
    const cls = labels[r] === 1 ? 1 : 0;
    classTotals[cls] = (classTotals[cls] ?? 0) + w;
  }
  const [negTotal = 0, posTotal = 0] = classTotals;
  const target = (negTotal + posTotal) / 2;
  for (const r of rowIndices) {
    const total = labels[r] === 1 ? posTotal : negTotal;
    weights[r] = total > 0 ? ((weights[r] ?? 0) * target) / total : 0;
  }
  return weights;
}
