// The hand-written fixture corpus and a tiny model trained on it, shared by the model tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelledPost } from '../data/labels.ts';
import { labelPosts, readHandLabels, readSubredditGroups } from '../data/labels.ts';
import { loadPosts } from '../data/load-posts.ts';
import { buildOnnxModel } from '../export/onnx-model.ts';
import type { FeaturizerSettings } from '../features/featurize.ts';
import { defaultFeaturizerSettings } from '../features/featurize.ts';
import { featurizeRows } from '../train/dataset.ts';
import type { TrainedModel, TrainingSettings } from '../train/pipeline.ts';
import { trainCalibrated } from '../train/pipeline.ts';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixturePostsDir = path.join(fixturesDir, 'posts');
export const fixtureGroupsPath = path.join(fixturesDir, 'groups.json');
export const fixtureHandLabelsPath = path.join(fixturesDir, 'hand-labels.jsonl');

/** Small hash space so the tiny model is tiny; everything else as shipped. */
export const tinyFeaturizer: FeaturizerSettings = { ...defaultFeaturizerSettings, hashBits: 12 };
export const tinyTraining: TrainingSettings = {
  ftrl: { alpha: 0.5, beta: 1, l1: 0.01, l2: 0.1, epochs: 5, seed: 11 },
  groupBalancePower: 0.5,
  calibrationFolds: 2,
  calibrationWeighting: 'communities',
};

export function fixtureLabelledPosts(withHandLabels = false): LabelledPost[] {
  const { posts } = loadPosts(fixturePostsDir);
  return labelPosts(
    posts,
    readSubredditGroups(fixtureGroupsPath),
    withHandLabels ? readHandLabels(fixtureHandLabelsPath) : new Map(),
  );
}

export function trainTinyModel(settings: TrainingSettings = tinyTraining): TrainedModel {
  const labelled = fixtureLabelledPosts().filter((p) => p.label !== null);
  const rows = featurizeRows(
    labelled.map((p) => p.post),
    tinyFeaturizer,
  );
  return trainCalibrated(
    {
      rows,
      dimension: 2 ** tinyFeaturizer.hashBits,
      labels: labelled.map((p) => p.label ?? 0),
      groups: labelled.map((p) => p.post.subreddit),
    },
    labelled.map((_, i) => i),
    settings,
  );
}

/** Writes the tiny model as ONNX into a fresh temp dir; returns its path. */
export function writeTinyOnnx(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-model-test-'));
  const file = path.join(dir, 'tiny.onnx');
  fs.writeFileSync(file, buildOnnxModel({ model: trainTinyModel(), featurizer: tinyFeaturizer }));
  return file;
}
