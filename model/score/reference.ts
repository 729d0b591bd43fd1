// The TypeScript reference scorer: the same arithmetic as the ONNX graph, in float64 over the
// float32 weights read from the model file. Tests hold the two within 1e-5; explanations use it.
import type { PostInput } from '../data/post.ts';
import type { FeaturizerSettings } from '../features/featurize.ts';
import { featurize, featurizeNamed } from '../features/featurize.ts';
import type { LinearModel } from '../train/linear.ts';
import { calibratedProbability, rawLogit } from '../train/linear.ts';

export interface TokenContribution {
  /** Feature name, e.g. `tw:lol` (title word), `bw2:my landlord` (body bigram), `tc:<lo` (title char n-gram), `m:link`. */
  token: string;
  /** Contribution to the calibrated logit: > 0 pushed towards serious, < 0 towards unserious. */
  weight: number;
}

export function referenceScore(model: LinearModel, settings: FeaturizerSettings, post: PostInput): number {
  const { ids, values } = featurize(post, settings);
  return calibratedProbability(model, rawLogit(model.weights, model.bias, ids, values));
}

/** The k features that moved this post's score most, strongest first. */
export function explainPost(
  model: LinearModel,
  settings: FeaturizerSettings,
  post: PostInput,
  k: number,
): TokenContribution[] {
  const byName = new Map<string, number>();
  for (const { name, id, value } of featurizeNamed(post, settings)) {
    const contribution = model.platt.a * (model.weights[id] ?? 0) * value;
    if (contribution !== 0) byName.set(name, (byName.get(name) ?? 0) + contribution);
  }
  return [...byName]
    .map(([token, weight]) => ({ token, weight }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.token < b.token ? -1 : 1))
    .slice(0, k);
}
