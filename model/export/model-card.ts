// The model card, as JSON (for machines: the scorer, the API) and Markdown (for people). Training
// writes it with the data and settings; evaluation adds its metrics. Nothing time-dependent goes
// in, so rebuilding from the same data gives the same card.
import fs from 'node:fs';
import { z } from 'zod';
import type { CorpusSummary } from '../data/corpus.ts';
import type { FeaturizerSettings } from '../features/featurize.ts';
import type { TrainingSettings } from '../train/pipeline.ts';
import { writeFormatted } from './write-formatted.ts';

export interface MetricSet {
  rocAuc: number;
  accuracy: number;
  logLoss: number;
  ece: number;
}

export interface CardEvaluation {
  method: string;
  folds: number;
  model: MetricSet;
  baseline: MetricSet;
  perFoldRocAuc: { model: number[]; baseline: number[] };
  report: string;
}

export interface ModelCard {
  name: string;
  /** sha256 of the ONNX file bytes (hex); the first 12 characters are the display form. */
  version: string;
  file: { path: string; bytes: number; opset: number };
  data: CorpusSummary & { directory: string; labels: string };
  featurizer: FeaturizerSettings;
  training: TrainingSettings & {
    algorithm: string;
    trainedOnPosts: number;
    nonZeroWeights: number;
    epochLoss: number[];
    platt: { a: number; b: number };
  };
  evaluation: CardEvaluation | null;
  intendedUse: string[];
  limits: string[];
}

// What evaluation reads back from the card (the version and the training settings it must reuse)
// is validated; the rest is carried over as written by training.
const cardSchema = z
  .object({
    version: z.string().regex(/^[0-9a-f]{64}$/),
    training: z
      .object({
        ftrl: z.object({
          alpha: z.number(),
          beta: z.number(),
          l1: z.number(),
          l2: z.number(),
          epochs: z.number().int(),
          seed: z.number().int(),
        }),
        groupBalancePower: z.number(),
        calibrationFolds: z.number().int(),
        calibrationWeighting: z.enum(['posts', 'communities']),
      })
      .loose(),
  })
  .loose();

export function readModelCard(file: string): ModelCard {
  const parsed = cardSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  // Validated above for every field evaluation relies on; the remainder is our own earlier output.
  return parsed as unknown as ModelCard;
}

export function trainingSettingsOf(card: ModelCard): TrainingSettings {
  const { ftrl, groupBalancePower, calibrationFolds, calibrationWeighting } = card.training;
  return { ftrl: { ...ftrl }, groupBalancePower, calibrationFolds, calibrationWeighting };
}

export const intendedUse = [
  'Rank or aggregate Reddit posts by how serious (informative, earnest) versus unserious (jokes, memes, satire) they read, e.g. the mean seriousness of a subreddit per hour.',
  'Scores are calibrated probabilities measured on communities held out from training: averages over many posts are meaningful; a single post’s score is a soft signal.',
];

export const limits = [
  'Labels are weak: every post inherits its community’s editorial label (serious / unserious); a serious post in r/Jokes counts as unserious. Mixed communities are unlabelled.',
  'English text from 2008–2024 top posts and two 2019–2021 "new" streams; other languages, new slang and image-only posts (empty title signal) score near the base rate.',
  'Link posts are judged by title and domain only; the linked content is never read.',
  'Not for moderation or decisions about individual users.',
  'Community names are never features (self.<subreddit> domains are dropped), but a community’s vocabulary is; communities unlike all 30 training ones may be scored poorly.',
];

function pct(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}

export function renderModelCardMarkdown(card: ModelCard): string {
  const lines: string[] = [];
  lines.push(`# Model card: ${card.name}`, '');
  lines.push(
    `- **Version** (sha256 of \`${card.file.path}\`): \`${card.version}\` (short: \`${card.version.slice(0, 12)}\`)`,
  );
  lines.push(`- **File**: ${card.file.bytes.toLocaleString('en')} bytes, ONNX opset ${card.file.opset}`);
  lines.push(`- **Algorithm**: ${card.training.algorithm}`, '');
  lines.push('## Data', '');
  const { data } = card;
  lines.push(`Directory \`${data.directory}\`; labels: ${data.labels}.`, '');
  lines.push(
    `${data.load.lines.toLocaleString('en')} lines in ${data.load.files} files → ${data.load.posts.toLocaleString('en')} posts after de-duplication (${data.load.duplicates} duplicates, ${data.load.invalid} invalid lines), ${data.subreddits} subreddits.`,
    '',
  );
  lines.push('| group | subreddits | posts |', '|---|---:|---:|');
  for (const [group, entry] of Object.entries(data.byGroup).sort())
    lines.push(`| ${group} | ${entry.subreddits} | ${entry.posts.toLocaleString('en')} |`);
  lines.push(
    '',
    `Trained on ${card.training.trainedOnPosts.toLocaleString('en')} labelled posts (${data.labelled.serious.toLocaleString('en')} serious, ${data.labelled.unserious.toLocaleString('en')} unserious, ${data.labelled.handLabelled} hand-labelled).`,
    '',
  );
  lines.push('## Evaluation', '');
  if (card.evaluation === null) {
    lines.push('Not evaluated yet: run `npm run model:eval`.', '');
  } else {
    const e = card.evaluation;
    lines.push(`${e.method} Full report: [${e.report}](${e.report}).`, '');
    lines.push('| model | ROC-AUC | accuracy | log-loss | ECE |', '|---|---:|---:|---:|---:|');
    for (const [name, m] of [
      ['this model', e.model],
      ['baseline (word uni+bigram LR)', e.baseline],
    ] as const) {
      lines.push(`| ${name} | ${pct(m.rocAuc)} | ${pct(m.accuracy)} | ${pct(m.logLoss)} | ${pct(m.ece)} |`);
    }
    lines.push('');
  }
  lines.push('## Tokeniser and features', '');
  lines.push(
    'Computed in TypeScript by `model/features/featurize.ts` (the settings below are also stored in the ONNX metadata):',
    '',
  );
  lines.push('```json', JSON.stringify(card.featurizer, null, 2), '```', '');
  lines.push('## Training', '');
  const { ftrl } = card.training;
  lines.push(
    `FTRL-Proximal logistic regression (α ${ftrl.alpha}, β ${ftrl.beta}, L1 ${ftrl.l1}, L2 ${ftrl.l2}, ${ftrl.epochs} epochs, seed ${ftrl.seed}); community-balance power ${card.training.groupBalancePower}; Platt scaling (a = ${card.training.platt.a.toFixed(4)}, b = ${card.training.platt.b.toFixed(4)}) fitted on out-of-fold logits of ${card.training.calibrationFolds} grouped-by-subreddit folds (held-out posts weighted by ${card.training.calibrationWeighting === 'communities' ? 'community balance' : 'post'}). ${card.training.nonZeroWeights.toLocaleString('en')} non-zero weights. Loss per epoch: ${card.training.epochLoss.map((l) => l.toFixed(4)).join(', ')}.`,
    '',
  );
  lines.push('## Intended use', '', ...card.intendedUse.map((u) => `- ${u}`), '');
  lines.push('## Limits', '', ...card.limits.map((l) => `- ${l}`), '');
  return lines.join('\n');
}

export async function writeModelCard(card: ModelCard, jsonPath: string, markdownPath: string): Promise<void> {
  await writeFormatted(jsonPath, JSON.stringify(card, null, 2));
  await writeFormatted(markdownPath, renderModelCardMarkdown(card));
}
