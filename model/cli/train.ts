// `npm run model:train`: load the corpus, featurise, train (with grouped-by-subreddit calibration)
// and write model/artifacts/seriousness.onnx and its model card. Deterministic: same data, same
// settings → the same bytes and the same version.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifactsDir,
  defaultModelPath,
  handLabelsPath,
  modelCardJsonPath,
  modelCardMarkdownPath,
  redditPostsDir,
  repoRoot,
  subredditGroupsPath,
} from '../config.ts';
import { loadCorpus } from '../data/corpus.ts';
import { buildOnnxModel } from '../export/onnx-model.ts';
import type { ModelCard } from '../export/model-card.ts';
import { intendedUse, limits, writeModelCard } from '../export/model-card.ts';
import { defaultFeaturizerSettings } from '../features/featurize.ts';
import { rocAuc } from '../eval/metrics.ts';
import { featurizeRows } from '../train/dataset.ts';
import { defaultTrainingSettings, trainCalibrated } from '../train/pipeline.ts';
import { epochReporter, progress } from './progress.ts';

const started = performance.now();
const corpus = loadCorpus();
const { labelled, summary } = corpus;
process.stderr.write(
  `loaded ${summary.load.posts} posts (${summary.load.duplicates} duplicates dropped, ${summary.load.invalid} invalid lines) from ${redditPostsDir()}; ` +
    `${labelled.length} labelled (${summary.labelled.serious} serious, ${summary.labelled.unserious} unserious)\n`,
);
if (summary.load.invalidExamples.length > 0)
  process.stderr.write(`invalid lines, e.g.:\n  ${summary.load.invalidExamples.join('\n  ')}\n`);
if (summary.labelled.serious === 0 || summary.labelled.unserious === 0) {
  throw new Error('training needs both serious and unserious posts: check the subreddit groups file');
}

const featurizer = defaultFeaturizerSettings;
const settings = defaultTrainingSettings;
const bar = progress('featurise', labelled.length);
const rows = featurizeRows(
  labelled.map((p) => p.post),
  featurizer,
  (done) => bar.update(done),
);
bar.done(`${rows.ids.length.toLocaleString('en')} non-zero features`);

const labels = Int8Array.from(labelled, (p) => p.label ?? 0);
const groups = labelled.map((p) => p.post.subreddit);
const allRows = labelled.map((_, i) => i);
const trained = trainCalibrated(
  { rows, dimension: 2 ** featurizer.hashBits, labels, groups },
  allRows,
  settings,
  { onEpoch: epochReporter() },
);

const bytes = buildOnnxModel({ model: trained, featurizer });
fs.mkdirSync(artifactsDir, { recursive: true });
fs.writeFileSync(defaultModelPath, bytes);
const version = createHash('sha256').update(bytes).digest('hex');

const handFile = handLabelsPath();
const card: ModelCard = {
  name: 'reddit-seriousness',
  version,
  file: { path: path.relative(repoRoot, defaultModelPath), bytes: bytes.length, opset: 13 },
  data: {
    ...summary,
    directory: path.relative(repoRoot, redditPostsDir()),
    labels:
      `subreddit groups from \`${path.relative(repoRoot, subredditGroupsPath())}\` (serious = 1, unserious = 0, mixed = unlabelled)` +
      (handFile === null
        ? '; no hand labels'
        : `; hand labels from \`${path.relative(repoRoot, handFile)}\` override them`),
  },
  featurizer,
  training: {
    ...settings,
    algorithm: 'hashed word + character n-gram logistic regression (FTRL-Proximal), Platt-calibrated',
    trainedOnPosts: labelled.length,
    nonZeroWeights: trained.nonZeroWeights,
    epochLoss: trained.epochLoss,
    platt: trained.platt,
  },
  evaluation: null,
  intendedUse,
  limits,
};
await writeModelCard(card, modelCardJsonPath, modelCardMarkdownPath);

const calibrationLogits = trained.calibrationLogits;
const innerAuc = calibrationLogits === null ? Number.NaN : rocAuc(calibrationLogits, labels);
const seconds = (performance.now() - started) / 1000;
process.stderr.write(
  `wrote ${path.relative(repoRoot, defaultModelPath)} (${(bytes.length / 1e6).toFixed(2)} MB, version ${version.slice(0, 12)}) and its model card\n` +
    `grouped-by-subreddit out-of-fold ROC-AUC of the calibration folds: ${innerAuc.toFixed(4)}; Platt a = ${trained.platt.a.toFixed(4)}, b = ${trained.platt.b.toFixed(4)}\n` +
    `trained in ${seconds.toFixed(1)} s; next: npm run model:eval\n`,
);
