// Platt scaling: fit p = sigmoid(a·logit + b) by Newton's method on held-out logits, so that a
// score of 0.7 means "70 % of such posts are serious" on communities the model did not train on.
import { sigmoid } from './linear.ts';

export function fitPlatt(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  sampleWeights?: ArrayLike<number>,
): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    // Gradient and Hessian of the weighted log-loss in (a, b), with a tiny ridge for stability.
    let ga = 1e-6 * (a - 1);
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < logits.length; i++) {
      const x = logits[i] ?? 0;
      const w = sampleWeights?.[i] ?? 1;
      const p = sigmoid(a * x + b);
      const r = (p - (labels[i] ?? 0)) * w;
      const s = p * (1 - p) * w;
      ga += r * x;
      gb += r;
      haa += s * x * x;
      hab += s * x;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
