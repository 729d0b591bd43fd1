// `npm run bench:model`: scoring throughput (posts/s) of the model library at batch 1, 64 and 512,
// against raw onnxruntime on the same graph with inputs featurised in advance (so the ratio shows
// what featurisation, padding and the library's bookkeeping cost). Posts are a deterministic
// sample of the corpus (REDDIT_POSTS_DIR), or the test fixture when the corpus is absent.
import fs from 'node:fs';
import ort from 'onnxruntime-node';
import { defaultModelPath, redditPostsDir } from '../model/config.ts';
import type { PostInput } from '../model/data/post.ts';
import { loadPosts } from '../model/data/load-posts.ts';
import { featurize } from '../model/features/featurize.ts';
import { loadModel } from '../model/score/library.ts';
import { packBatch } from '../model/score/onnx-inputs.ts';
import type { PackedBatch } from '../model/score/onnx-inputs.ts';
import { onnxNames } from '../model/export/onnx-model.ts';

const sampleSize = Number(process.env.BENCH_POSTS ?? 8192);
const minSeconds = Number(process.env.BENCH_SECONDS ?? 2);
const batchSizes = [1, 64, 512];

function samplePosts(): PostInput[] {
  const dir = redditPostsDir();
  const source = fs.existsSync(dir) ? dir : new URL('../model/test/fixtures/posts', import.meta.url).pathname;
  const { posts } = loadPosts(source);
  const step = Math.max(1, Math.floor(posts.length / sampleSize));
  const sample = posts.filter((_, i) => i % step === 0).slice(0, sampleSize);
  // Repeat a small sample so every batch size has full batches.
  while (sample.length < sampleSize) sample.push(...sample.slice(0, sampleSize - sample.length));
  return sample;
}

/** Runs `pass` (which handles `posts` items) until minSeconds have passed; returns items/s. */
async function throughput(items: number, pass: () => Promise<void>): Promise<number> {
  await pass(); // warm-up
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < minSeconds * 1000) {
    await pass();
    done += items;
  }
  return done / ((performance.now() - started) / 1000);
}

const posts = samplePosts();
const model = await loadModel(defaultModelPath, { intraOpNumThreads: 1 });
const session = await ort.InferenceSession.create(defaultModelPath, {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});

const rows: { batch: number; library: number; raw: number; featurise: number }[] = [];
for (const batch of batchSizes) {
  const chunks: PostInput[][] = [];
  for (let i = 0; i + batch <= posts.length; i += batch) chunks.push(posts.slice(i, i + batch));
  const scored = chunks.length * batch;
  const library = await throughput(scored, async () => {
    for (const chunk of chunks) await model.scoreBatch(chunk);
  });
  const packed: PackedBatch[] = chunks.map((chunk) =>
    packBatch(chunk.map((p) => featurize(p, model.featurizer))),
  );
  const raw = await throughput(scored, async () => {
    for (const p of packed) {
      await session.run({
        [onnxNames.ids]: new ort.Tensor('int32', p.ids, [p.batch, p.width]),
        [onnxNames.values]: new ort.Tensor('float32', p.values, [p.batch, p.width]),
      });
    }
  });
  const featurise = await throughput(scored, async () => {
    for (const chunk of chunks) for (const p of chunk) featurize(p, model.featurizer);
  });
  rows.push({ batch, library, raw, featurise });
  process.stderr.write(`batch ${batch} done\n`);
}
await model.close();
await session.release();

const meanWidth = posts.reduce((s, p) => s + featurize(p, model.featurizer).ids.length, 0) / posts.length;
const f0 = (x: number) => Math.round(x).toLocaleString('en');
console.log(
  `model ${model.version.slice(0, 12)}, ${posts.length} posts, mean ${meanWidth.toFixed(0)} features per post, intraOpNumThreads 1`,
);
console.log('| batch | library posts/s | raw onnxruntime posts/s | library / raw | featurise only posts/s |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.batch} | ${f0(r.library)} | ${f0(r.raw)} | ${(r.library / r.raw).toFixed(2)} | ${f0(r.featurise)} |`,
  );
