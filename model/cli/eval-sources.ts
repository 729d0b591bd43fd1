// `npm run model:eval:sources` (issue #17, the honest evaluation, a first slice): held-out SOURCE
// instead of held-out community. Each source folder of the corpus (a collection, an era: umbrae
// 2013, kaggle 2024, pushshift 2019/2021, …) is scored by a model trained and calibrated without
// any of its posts, with the committed model's featuriser and training settings; per slice, beside
// it, what a shortcut alone would score (length, a body, a self post, a non-media link: no
// training at all), so that a figure the shortcuts already reach is read as such.
// Writes model/report/held-out-sources.md. Slices holding one class only (a folder of jokes, a
// folder of science) get calibration figures but no ROC-AUC.
import path from 'node:path';
import { defaultModelPath, modelCardJsonPath, reportDir, repoRoot } from '../config.ts';
import { loadCorpus } from '../data/corpus.ts';
import type { Post } from '../data/post.ts';
import { readModelCard, trainingSettingsOf } from '../export/model-card.ts';
import { writeFormatted } from '../export/write-formatted.ts';
import { crossValidate } from '../eval/grouped-cv.ts';
import { calibratedProbability, rawLogit } from '../train/linear.ts';
import { trainCalibrated } from '../train/pipeline.ts';
import { expectedCalibrationError, rocAuc } from '../eval/metrics.ts';
import { loadModel } from '../score/library.ts';
import { featurizeRows } from '../train/dataset.ts';
import { epochReporter, progress } from './progress.ts';

const started = performance.now();
const model = await loadModel(defaultModelPath);
const card = readModelCard(modelCardJsonPath);
const featurizer = model.featurizer;
await model.close();

const { labelled } = loadCorpus();
const labels = Int8Array.from(labelled, (p) => p.label ?? 0);
const groups = labelled.map((p) => p.post.subreddit);
const sourceOf = (post: Post) => post.source.split('/')[0] ?? post.source;
const sources = [...new Set(labelled.map((p) => sourceOf(p.post)))].sort();
const folds = labelled.map((p) => sources.indexOf(sourceOf(p.post)));

const bar = progress('featurise', labelled.length);
const rows = featurizeRows(
  labelled.map((p) => p.post),
  featurizer,
  (done) => bar.update(done),
);
bar.done();
const dimension = 2 ** featurizer.hashBits;
const onEpoch = epochReporter();
const scores = crossValidate(
  { rows, dimension, labels, groups, folds, k: sources.length },
  trainingSettingsOf(card),
  'held-out source',
  { onEpoch },
);

// Stricter: the source AND every community it holds left out of training (a community can appear
// in several collections: r/AskScience is in umbrae 2013 and kaggle 2024). This is the figure for
// "communities and posts the model never saw".
const strictScores = new Float64Array(labelled.length).fill(Number.NaN);
sources.forEach((_, s) => {
  const heldOutCommunities = new Set(groups.filter((_, r) => folds[r] === s).map((g) => g.toLowerCase()));
  const train = groups.flatMap((g, r) =>
    folds[r] !== s && !heldOutCommunities.has(g.toLowerCase()) ? [r] : [],
  );
  const trained = trainCalibrated({ rows, dimension, labels, groups }, train, trainingSettingsOf(card), {
    onEpoch: (inner, epoch, epochs, loss) =>
      onEpoch(`source + communities ${s + 1}/${sources.length} ${inner}`, epoch, epochs, loss),
  });
  folds.forEach((f, r) => {
    if (f !== s) return;
    const logit = rawLogit(
      trained.weights,
      trained.bias,
      rows.ids,
      rows.values,
      rows.offsets[r],
      rows.offsets[r + 1],
    );
    strictScores[r] = calibratedProbability(trained, logit);
  });
});

/** Shortcuts, each oriented "higher = more serious" as the corpus would have it. */
const MEDIA = /(^|\.)(i\.redd\.it|v\.redd\.it|imgur\.com|gfycat\.com|youtube\.com|youtu\.be|i\.imgur\.com)$/;
const shortcuts: Record<string, (post: Post) => number> = {
  'length (title + body characters)': (p) => p.title.length + (p.selftext?.length ?? 0),
  'has a body': (p) => ((p.selftext ?? '').trim().length > 0 ? 1 : 0),
  'is a self post': (p) => (p.isSelf === true ? 1 : 0),
  'not a media link': (p) => (p.domain !== null && MEDIA.test(p.domain) ? 0 : 1),
};

interface Slice {
  source: string;
  posts: number;
  serious: number;
  auc: number | null;
  ece: number;
  strictAuc: number | null;
  strictEce: number;
  shortcutAuc: Record<string, number | null>;
}

const slices: Slice[] = sources.map((source, s) => {
  const idx = folds.flatMap((f, r) => (f === s ? [r] : []));
  const y = idx.map((r) => labels[r] ?? 0);
  const serious = y.filter((v) => v === 1).length;
  const bothClasses = serious > 0 && serious < idx.length;
  const sliceScores = idx.map((r) => scores[r] ?? 0);
  return {
    source,
    posts: idx.length,
    serious,
    auc: bothClasses ? rocAuc(sliceScores, y) : null,
    ece: expectedCalibrationError(sliceScores, y),
    strictAuc: bothClasses
      ? rocAuc(
          idx.map((r) => strictScores[r] ?? 0),
          y,
        )
      : null,
    strictEce: expectedCalibrationError(
      idx.map((r) => strictScores[r] ?? 0),
      y,
    ),
    shortcutAuc: Object.fromEntries(
      Object.entries(shortcuts).map(([name, f]) => [
        name,
        bothClasses
          ? rocAuc(
              idx.map((r) => f(labelled[r]!.post)),
              y,
            )
          : null,
      ]),
    ),
  };
});

const fmt = (n: number | null) => (n === null ? '–' : n.toFixed(3));
const shortcutNames = Object.keys(shortcuts);
const lines = [
  '# Held-out sources',
  '',
  `Model ${card.version.slice(0, 12)}'s featuriser and training settings, trained and calibrated ${sources.length} times, each time without one source folder of \`${card.data.directory}\`, and scored on that folder (\`npm run model:eval:sources\`). ` +
    `A folder is a collection from one place and era, so this is the held-out-source figure the grouped-by-community cross-validation ([README.md](README.md)) cannot give: ` +
    'a community held out there still shares its collection, era and labelling with the training folds.',
  '',
  `| held-out source | posts | serious | ROC-AUC | ECE | ROC-AUC, its communities held out too | ECE, its communities held out too | ${shortcutNames.map((n) => `${n}: ROC-AUC`).join(' | ')} |`,
  `| --- | --: | --: | --: | --: | --: | --: | ${shortcutNames.map(() => '--:').join(' | ')} |`,
  ...slices.map(
    (s) =>
      `| ${s.source} | ${s.posts.toLocaleString('en')} | ${s.serious.toLocaleString('en')} | ${fmt(s.auc)} | ${fmt(s.ece)} | ${fmt(s.strictAuc)} | ${fmt(s.strictEce)} | ${shortcutNames.map((n) => fmt(s.shortcutAuc[n] ?? null)).join(' | ')} |`,
  ),
  '',
  'ROC-AUC needs both classes in the slice: a folder of one class has only its calibration (ECE: how far the mean predicted seriousness is from the labels, in 10 bins). ' +
    'The shortcut columns score each post by one property alone, oriented as the training corpus has it (longer, with a body, a self post, not a media link → serious), with no training: ' +
    'a model figure near a shortcut figure says the model may have learnt the shortcut.',
  '',
];
const file = path.join(reportDir, 'held-out-sources.md');
await writeFormatted(file, lines.join('\n'));
process.stderr.write(
  `${slices.map((s) => `${s.source}: AUC ${fmt(s.auc)} (strict ${fmt(s.strictAuc)}), ECE ${fmt(s.ece)} (strict ${fmt(s.strictEce)})`).join('; ')}\n` +
    `wrote ${path.relative(repoRoot, file)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
