import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelPath } from '../config.ts';
import { buildOnnxModel, parseOnnxModel } from '../export/onnx-model.ts';
import type { SeriousnessModel } from '../score/library.ts';
import { loadModel } from '../score/library.ts';
import { fixtureLabelledPosts, tinyFeaturizer, trainTinyModel, writeTinyOnnx } from './fixture.ts';

const posts = [
  ...fixtureLabelledPosts().map((p) => p.post),
  { title: '' },
  { title: 'only a title', selftext: null },
  { title: 'A link', selftext: '', isSelf: false, domain: 'youtube.com' },
  { title: 'Q&amp;A with a physicist', selftext: `${'long body '.repeat(400)}`, isSelf: true },
];

describe('ONNX export', () => {
  let modelPath = '';
  let model: SeriousnessModel;

  beforeAll(async () => {
    modelPath = writeTinyOnnx();
    model = await loadModel(modelPath, { maxBatch: 7 });
  });
  afterAll(async () => {
    await model.close();
    fs.rmSync(path.dirname(modelPath), { recursive: true, force: true });
  });

  it('scores like the TypeScript reference within 1e-5, across batch splits and padding', async () => {
    const scores = await model.scoreBatch(posts);
    expect(scores).toHaveLength(posts.length);
    posts.forEach((post, i) => {
      expect(Math.abs((scores[i]?.seriousness ?? -1) - model.referenceScore(post))).toBeLessThan(1e-5);
    });
  });

  it('gives a post the same score alone as inside a batch', async () => {
    const [alone] = await model.scoreBatch([posts[3] ?? { title: '' }]);
    const inBatch = await model.scoreBatch(posts);
    expect(alone?.seriousness).toBeCloseTo(inBatch[3]?.seriousness ?? -1, 6);
  });

  it('serialises overlapping scoreBatch calls and returns [] for no posts', async () => {
    const [a, b, none] = await Promise.all([
      model.scoreBatch(posts),
      model.scoreBatch(posts.slice(0, 2)),
      model.scoreBatch([]),
    ]);
    expect(a).toHaveLength(posts.length);
    expect(b?.[1]?.seriousness).toBeCloseTo(a[1]?.seriousness ?? -1, 6);
    expect(none).toEqual([]);
  });

  it('is versioned by the sha256 of its bytes, which a rebuild reproduces exactly', () => {
    const bytes = fs.readFileSync(modelPath);
    expect(model.version).toBe(createHash('sha256').update(bytes).digest('hex'));
    const rebuilt = buildOnnxModel({ model: trainTinyModel(), featurizer: tinyFeaturizer });
    expect(Buffer.from(rebuilt).equals(bytes)).toBe(true);
  });

  it('round-trips weights, calibration and featuriser settings through the file', () => {
    const trained = trainTinyModel();
    const parsed = parseOnnxModel(new Uint8Array(fs.readFileSync(modelPath)));
    expect(parsed.featurizer).toEqual(tinyFeaturizer);
    expect(Array.from(parsed.model.weights)).toEqual(Array.from(trained.weights));
    expect(parsed.model.platt.a).toBeCloseTo(trained.platt.a, 6);
    expect(parsed.model.bias).toBeCloseTo(trained.bias, 6);
  });

  it('explains a score with the features that moved it, strongest first', () => {
    const post = { title: 'Why did the scarecrow win an award? lol', selftext: 'Because he was outstanding' };
    const tokens = model.explain(post, 5);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.length).toBeLessThanOrEqual(5);
    const magnitudes = tokens.map((t) => Math.abs(t.weight));
    expect(magnitudes).toEqual([...magnitudes].sort((x, y) => y - x));
    expect(tokens[0]?.token).toMatch(/^(t|b|m)/);
  });

  it('refuses weights that do not match the hash space', () => {
    expect(() =>
      buildOnnxModel({
        model: { weights: new Float32Array(3), bias: 0, platt: { a: 1, b: 0 } },
        featurizer: tinyFeaturizer,
      }),
    ).toThrow(/2\^12/);
  });
});

describe.skipIf(!fs.existsSync(defaultModelPath))('the committed model', () => {
  it('loads, and its ONNX scores match the TypeScript reference within 1e-5', async () => {
    const model = await loadModel();
    try {
      const scores = await model.scoreBatch(posts);
      posts.forEach((post, i) =>
        expect(Math.abs((scores[i]?.seriousness ?? -1) - model.referenceScore(post))).toBeLessThan(1e-5),
      );
      expect(model.version).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await model.close();
    }
  });
});
