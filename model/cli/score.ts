// `npm run -s score < posts.jsonl > scored.jsonl [-- --model path --top 5 --batch 512]`
// Exit status: 0 when every line was scored, 1 when some lines were rejected (each is named on
// stderr with its line number; the others are still scored), 2 on a usage or model error.
import { parseArgs } from 'node:util';
import { defaultModelPath } from '../config.ts';
import { loadModel } from '../score/library.ts';
import { scoreLines } from '../score/score-lines.ts';

function positiveInteger(
  value: string | undefined,
  name: string,
  fallback: number,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new Error(
      `--${name} must be a${allowZero ? ' non-negative' : ' positive'} integer, got "${value}"`,
    );
  return n;
}

try {
  const { values } = parseArgs({
    options: { model: { type: 'string' }, top: { type: 'string' }, batch: { type: 'string' } },
    strict: true,
  });
  const topTokens = positiveInteger(values.top, 'top', 5, true);
  const batchSize = positiveInteger(values.batch, 'batch', 512);
  const model = await loadModel(values.model ?? process.env.SERIOUSNESS_MODEL ?? defaultModelPath);
  const result = await scoreLines(model, process.stdin, process.stdout, process.stderr, {
    topTokens,
    batchSize,
  });
  await model.close();
  process.stderr.write(
    `scored ${result.scored} posts with model ${model.version.slice(0, 12)}${result.rejected > 0 ? `; rejected ${result.rejected} lines` : ''}\n`,
  );
  process.exitCode = result.rejected > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(`score: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
