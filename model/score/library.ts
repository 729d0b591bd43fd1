// Scoring library: what `npm run score` and the scorer worker (issue #5) use.
//
//   import { loadModel } from '../model/score/library.ts';
//   const model = await loadModel();              // default: model/artifacts/seriousness.onnx
//   model.version                                 // sha256 (hex) of the ONNX file bytes — store it with every score
//   await model.scoreBatch([{ title, selftext, isSelf, domain }])   // → [{ seriousness: 0..1 }] in input order
//   model.explain(post, 5)                        // → [{ token, weight }] strongest first; weight > 0 = towards serious
//   await model.close()
//
// `seriousness` is a calibrated probability (Platt scaling fitted on communities held out from
// training): among posts scored 0.7, about 70 % come from serious communities. Posts are
// featurised in TypeScript (features/featurize.ts, settings read from the model file) and scored
// by onnxruntime-node in batches of up to `maxBatch` (one session run per batch; always batch:
// a run costs ~50 µs however small). `scoreBatch` calls are serialised per model.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { defaultModelPath } from '../config.ts';
import type { PostInput } from '../data/post.ts';
import type { FeaturizerSettings } from '../features/featurize.ts';
import { featurize } from '../features/featurize.ts';
import { onnxNames, parseOnnxModel } from '../export/onnx-model.ts';
import type { LinearModel } from '../train/linear.ts';
import { packBatch } from './onnx-inputs.ts';
import type { TokenContribution } from './reference.ts';
import { explainPost, referenceScore } from './reference.ts';

export type { PostInput } from '../data/post.ts';
export type { TokenContribution } from './reference.ts';

export interface ScoredPost {
  /** Calibrated probability that the post is serious, 0..1. */
  seriousness: number;
}

export interface LoadModelOptions {
  /** onnxruntime intra-op threads; 1 was fastest on this 2-core machine for these small graphs. */
  intraOpNumThreads?: number;
  /** Posts per onnxruntime run; larger inputs are split. */
  maxBatch?: number;
}

export interface SeriousnessModel {
  /** Full sha256 hex of the model file: the model version stored with every score. */
  readonly version: string;
  readonly path: string;
  readonly featurizer: FeaturizerSettings;
  scoreBatch(posts: readonly PostInput[]): Promise<ScoredPost[]>;
  explain(post: PostInput, k?: number): TokenContribution[];
  /** The TypeScript reference score (no onnxruntime): for tests and debugging. */
  referenceScore(post: PostInput): number;
  close(): Promise<void>;
}

/** Posts featurised between two yields to the event loop (≈ 3 ms of work). */
const FEATURIZE_SLICE = 32;

export async function loadModel(
  modelPath: string = defaultModelPath,
  options: LoadModelOptions = {},
): Promise<SeriousnessModel> {
  const bytes = new Uint8Array(await fs.readFile(modelPath));
  const version = createHash('sha256').update(bytes).digest('hex');
  const { model, featurizer } = parseOnnxModel(bytes);
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const maxBatch = options.maxBatch ?? 512;
  let queue: Promise<unknown> = Promise.resolve();
  const linear: LinearModel = model;

  async function runChunk(posts: readonly PostInput[]): Promise<ScoredPost[]> {
    // Featurising is synchronous JavaScript (~0.075 ms a post, bench:model): a slice at a time, yielding to the
    // event loop in between, so that a batch of 256 does not hold up the HTTP answers and the
    // pipeline's other work on the same thread for ~20 ms (the API's p99 felt it, issue #20).
    const features: ReturnType<typeof featurize>[] = [];
    for (let start = 0; start < posts.length; start += FEATURIZE_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const post of posts.slice(start, start + FEATURIZE_SLICE))
        features.push(featurize(post, featurizer));
    }
    const packed = packBatch(features);
    const dims = [packed.batch, packed.width];
    const outputs = await session.run(
      {
        [onnxNames.ids]: new ort.Tensor('int32', packed.ids, dims),
        [onnxNames.values]: new ort.Tensor('float32', packed.values, dims),
      },
      [onnxNames.seriousness],
    );
    const scores = outputs[onnxNames.seriousness]?.data;
    if (!(scores instanceof Float32Array) || scores.length !== posts.length) {
      throw new Error(`model returned ${scores?.length ?? 'no'} scores for ${posts.length} posts`);
    }
    return Array.from(scores, (seriousness) => ({ seriousness }));
  }

  async function scoreAll(posts: readonly PostInput[]): Promise<ScoredPost[]> {
    const out: ScoredPost[] = [];
    for (let start = 0; start < posts.length; start += maxBatch)
      out.push(...(await runChunk(posts.slice(start, start + maxBatch))));
    return out;
  }

  return {
    version,
    path: modelPath,
    featurizer,
    scoreBatch(posts) {
      if (posts.length === 0) return Promise.resolve([]);
      // onnxruntime-node sessions are not re-entrant: chain runs instead of overlapping them.
      const result = queue.then(() => scoreAll(posts));
      queue = result.catch(() => undefined);
      return result;
    },
    explain: (post, k = 10) => explainPost(linear, featurizer, post, k),
    referenceScore: (post) => referenceScore(linear, featurizer, post),
    close: () => session.release(),
  };
}
