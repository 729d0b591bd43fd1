// `npm run model:eval`: grouped-by-subreddit k-fold evaluation of our model and the baseline on the
// same folds, then the committed model scored over every post through the scoring library
// (onnxruntime), a Markdown report with SVG charts, and the metrics added to the model card.
import fs from 'node:fs';
import path from 'node:path';
import {
  defaultModelPath,
  modelCardJsonPath,
  modelCardMarkdownPath,
  reportDir,
  repoRoot,
} from '../config.ts';
import { loadCorpus } from '../data/corpus.ts';
import type { CardEvaluation, MetricSet } from '../export/model-card.ts';
import { readModelCard, trainingSettingsOf, writeModelCard } from '../export/model-card.ts';
import { writeFormatted } from '../export/write-formatted.ts';
import { baselineFeaturizerSettings } from '../features/featurize.ts';
import type { FeaturizerSettings } from '../features/featurize.ts';
import { assignFolds, crossValidate } from '../eval/grouped-cv.ts';
import {
  accuracy,
  calibrationBins,
  expectedCalibrationError,
  logLoss,
  rocAuc,
  rocCurve,
} from '../eval/metrics.ts';
import type { SubredditRow } from '../eval/report.ts';
import { renderReport } from '../eval/report.ts';
import { scoreHistogram, unitLineChart } from '../eval/svg-charts.ts';
import { loadModel } from '../score/library.ts';
import { featurizeRows } from '../train/dataset.ts';
import type { TrainingSettings } from '../train/pipeline.ts';
import { defaultTrainingSettings } from '../train/pipeline.ts';
import { epochReporter, progress } from './progress.ts';

const folds = 5;
const foldSeed = 2026;
/** The baseline as the issue states it: plain LR on word uni+bigrams, raw post counts, no calibration. */
const baselineTraining: TrainingSettings = {
  ...defaultTrainingSettings,
  groupBalancePower: 0,
  calibrationFolds: 0,
};
const colors = {
  model: '#1f77b4',
  baseline: '#ff7f0e',
  serious: '#2ca02c',
  unserious: '#d62728',
  mixed: '#7f7f7f',
};

const started = performance.now();
const model = await loadModel(defaultModelPath);
const card = readModelCard(modelCardJsonPath);
if (card.version !== model.version) {
  throw new Error(
    `model card version ${card.version.slice(0, 12)} ≠ model file ${model.version.slice(0, 12)}: run npm run model:train first`,
  );
}

const { all, labelled, summary } = loadCorpus();
const labels = Int8Array.from(labelled, (p) => p.label ?? 0);
const groups = labelled.map((p) => p.post.subreddit);
const foldOf = assignFolds(groups, labels, folds, foldSeed);

function rowsFor(settings: FeaturizerSettings, name: string) {
  const bar = progress(`featurise (${name})`, labelled.length);
  const rows = featurizeRows(
    labelled.map((p) => p.post),
    settings,
    (done) => bar.update(done),
  );
  bar.done();
  return rows;
}

const onEpoch = epochReporter();
const modelScores = crossValidate(
  {
    rows: rowsFor(model.featurizer, 'model'),
    dimension: 2 ** model.featurizer.hashBits,
    labels,
    groups,
    folds: foldOf,
    k: folds,
  },
  trainingSettingsOf(card),
  'model fold',
  { onEpoch },
);
const baselineScores = crossValidate(
  {
    rows: rowsFor(baselineFeaturizerSettings, 'baseline'),
    dimension: 2 ** baselineFeaturizerSettings.hashBits,
    labels,
    groups,
    folds: foldOf,
    k: folds,
  },
  baselineTraining,
  'baseline fold',
  { onEpoch },
);

function metrics(scores: Float64Array): MetricSet {
  return {
    rocAuc: rocAuc(scores, labels),
    accuracy: accuracy(scores, labels),
    logLoss: logLoss(scores, labels),
    ece: expectedCalibrationError(scores, labels),
  };
}

function perFoldAuc(scores: Float64Array): number[] {
  return Array.from({ length: folds }, (_, k) => {
    const idx = foldOf.flatMap((f, r) => (f === k ? [r] : []));
    return rocAuc(
      idx.map((r) => scores[r] ?? 0),
      idx.map((r) => labels[r] ?? 0),
    );
  });
}

// The committed model over every post (mixed communities too), through the real scoring path.
const shippedBar = progress('score (shipped model)', all.length);
const shipped: number[] = [];
for (let start = 0; start < all.length; start += 4096) {
  const batch = all.slice(start, start + 4096).map((p) => p.post);
  shipped.push(...(await model.scoreBatch(batch)).map((s) => s.seriousness));
  shippedBar.update(Math.min(all.length, start + 4096));
}
shippedBar.done();
// Spot-check onnxruntime against the TypeScript reference on a deterministic sample.
let maxDifference = 0;
for (let i = 0; i < all.length; i += 97) {
  const post = all[i];
  if (post !== undefined)
    maxDifference = Math.max(maxDifference, Math.abs(model.referenceScore(post.post) - (shipped[i] ?? 0)));
}
await model.close();

const rowOfSubreddit = new Map<
  string,
  SubredditRow & { sumHeld: number; sumBase: number; sumShipped: number }
>();
all.forEach((p, i) => {
  const row = rowOfSubreddit.get(p.post.subreddit) ?? {
    subreddit: p.post.subreddit,
    group: p.group,
    posts: 0,
    label: p.group === 'serious' ? 1 : p.group === 'unserious' ? 0 : null,
    meanHeldOut: null,
    meanHeldOutBaseline: null,
    meanShipped: 0,
    sumHeld: 0,
    sumBase: 0,
    sumShipped: 0,
  };
  row.posts++;
  row.sumShipped += shipped[i] ?? 0;
  rowOfSubreddit.set(p.post.subreddit, row);
});
labelled.forEach((p, r) => {
  const row = rowOfSubreddit.get(p.post.subreddit);
  if (row === undefined) return;
  row.sumHeld += modelScores[r] ?? 0;
  row.sumBase += baselineScores[r] ?? 0;
});
const groupOrder = ['serious', 'unserious', 'mixed', 'unknown'];
const subredditRows: SubredditRow[] = [...rowOfSubreddit.values()]
  .map(({ sumHeld, sumBase, sumShipped, ...row }) => ({
    ...row,
    meanHeldOut: row.label === null ? null : sumHeld / row.posts,
    meanHeldOutBaseline: row.label === null ? null : sumBase / row.posts,
    meanShipped: sumShipped / row.posts,
  }))
  .sort(
    (a, b) =>
      groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group) ||
      a.subreddit.localeCompare(b.subreddit, 'en'),
  );

const evaluation: CardEvaluation = {
  method: `Grouped ${folds}-fold cross-validation by subreddit over the ${new Set(groups).size} labelled communities (fold seed ${foldSeed}; serious and unserious communities dealt out separately so every fold holds both). Every score below is for a community whose posts were never used to train or calibrate the model that scored it; metrics pool all ${labelled.length.toLocaleString('en')} labelled posts' out-of-fold scores.`,
  folds,
  model: metrics(modelScores),
  baseline: metrics(baselineScores),
  perFoldRocAuc: { model: perFoldAuc(modelScores), baseline: perFoldAuc(baselineScores) },
  report: path.relative(path.dirname(modelCardJsonPath), path.join(reportDir, 'README.md')),
};

fs.mkdirSync(reportDir, { recursive: true });
const toPoints = (curve: ReturnType<typeof rocCurve>) => {
  // Thin to ≤ ~500 points: visually identical, and the SVG stays small.
  const step = Math.max(1, Math.floor(curve.length / 500));
  return curve
    .filter((_, i) => i % step === 0 || i === curve.length - 1)
    .map((p) => [p.falsePositiveRate, p.truePositiveRate] as const);
};
fs.writeFileSync(
  path.join(reportDir, 'roc.svg'),
  unitLineChart({
    title: 'ROC, held-out subreddits',
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    diagonal: true,
    series: [
      {
        name: `this model (AUC ${evaluation.model.rocAuc.toFixed(3)})`,
        color: colors.model,
        points: toPoints(rocCurve(modelScores, labels)),
      },
      {
        name: `baseline (AUC ${evaluation.baseline.rocAuc.toFixed(3)})`,
        color: colors.baseline,
        points: toPoints(rocCurve(baselineScores, labels)),
      },
    ],
  }),
);
const binPoints = (scores: Float64Array) =>
  calibrationBins(scores, labels, 10)
    .filter((b) => b.count > 0)
    .map((b) => [b.meanScore, b.fractionPositive] as const);
fs.writeFileSync(
  path.join(reportDir, 'calibration.svg'),
  unitLineChart({
    title: 'Calibration, held-out subreddits',
    xLabel: 'mean predicted seriousness (10 bins)',
    yLabel: 'fraction from serious subreddits',
    diagonal: true,
    series: [
      {
        name: `this model (ECE ${evaluation.model.ece.toFixed(3)})`,
        color: colors.model,
        points: binPoints(modelScores),
        dots: true,
      },
      {
        name: `baseline (ECE ${evaluation.baseline.ece.toFixed(3)})`,
        color: colors.baseline,
        points: binPoints(baselineScores),
        dots: true,
      },
    ],
  }),
);
fs.writeFileSync(
  path.join(reportDir, 'histogram.svg'),
  scoreHistogram({
    title: 'Score distribution',
    bins: 20,
    series: [
      {
        name: 'serious (held out)',
        color: colors.serious,
        values: labelled.flatMap((p, r) => (p.label === 1 ? [modelScores[r] ?? 0] : [])),
      },
      {
        name: 'unserious (held out)',
        color: colors.unserious,
        values: labelled.flatMap((p, r) => (p.label === 0 ? [modelScores[r] ?? 0] : [])),
      },
      {
        name: 'mixed (shipped model)',
        color: colors.mixed,
        values: all.flatMap((p, i) => (p.label === null ? [shipped[i] ?? 0] : [])),
      },
    ],
  }),
);

const report = renderReport({
  version: model.version,
  evaluation,
  corpusLine: `Data: ${summary.load.posts.toLocaleString('en')} posts after de-duplication from \`${card.data.directory}\` — ${summary.labelled.serious.toLocaleString('en')} serious and ${summary.labelled.unserious.toLocaleString('en')} unserious (labelled by subreddit), ${(all.length - labelled.length).toLocaleString('en')} unlabelled (mixed communities).`,
  subreddits: subredditRows,
  charts: { roc: 'roc.svg', calibration: 'calibration.svg', histogram: 'histogram.svg' },
  settingsLine: `Both models use the same trainer (FTRL-Proximal logistic regression, ${card.training.ftrl.epochs} epochs, seed ${card.training.ftrl.seed}) on the same folds. The baseline: one bag of hashed word unigrams + bigrams over title and body (2^${baselineFeaturizerSettings.hashBits} buckets), raw post counts, no calibration. This model: separate title and body fields, word uni+bigrams, character 3–5-grams, link/self, domain and length features, community-balanced sample weights, and Platt scaling fitted on an inner grouped split of the training communities.`,
  onnxCheck: `The shipped ONNX file scored all ${all.length.toLocaleString('en')} posts through the scoring library (onnxruntime-node); on every 97th post it matches the TypeScript reference within ${maxDifference.toExponential(1)}.`,
});
await writeFormatted(path.join(reportDir, 'README.md'), report);
await writeModelCard({ ...card, evaluation }, modelCardJsonPath, modelCardMarkdownPath);

const rel = (p: string) => path.relative(repoRoot, p);
process.stderr.write(
  `grouped-by-subreddit ROC-AUC: model ${evaluation.model.rocAuc.toFixed(4)}, baseline ${evaluation.baseline.rocAuc.toFixed(4)}; ` +
    `ECE ${evaluation.model.ece.toFixed(4)}; log-loss ${evaluation.model.logLoss.toFixed(4)}\n` +
    `wrote ${rel(path.join(reportDir, 'README.md'))}, 3 charts and ${rel(modelCardJsonPath)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
