// The model's arithmetic, in one place: logit = bias + Σ weight[id] · value, then Platt scaling
// (a · logit + b) and a sigmoid. The ONNX graph computes exactly this; this is the TS reference.
export interface LinearModel {
  weights: Float32Array;
  bias: number;
  /** Platt scaling of the raw logit; {a: 1, b: 0} = uncalibrated. */
  platt: { a: number; b: number };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function rawLogit(
  weights: ArrayLike<number>,
  bias: number,
  ids: ArrayLike<number>,
  values: ArrayLike<number>,
  start = 0,
  end = ids.length,
): number {
  let sum = bias;
  for (let k = start; k < end; k++) sum += (weights[ids[k] ?? 0] ?? 0) * (values[k] ?? 0);
  return sum;
}

export function calibratedProbability(model: LinearModel, logit: number): number {
  return sigmoid(model.platt.a * logit + model.platt.b);
}
