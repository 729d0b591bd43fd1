// A second, genuinely different model for tests and benchmarks of a model switch: the committed
// one with other Platt calibration (same features, other scores), written to a temporary file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultModelPath } from '../model/config.ts';
import { buildOnnxModel, parseOnnxModel } from '../model/export/onnx-model.ts';

export function writeVariantModel(): string {
  const { model, featurizer } = parseOnnxModel(new Uint8Array(fs.readFileSync(defaultModelPath)));
  const variant = buildOnnxModel({
    model: { ...model, platt: { a: model.platt.a * 0.5, b: model.platt.b + 0.3 } },
    featurizer,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'variant-model-'));
  const file = path.join(dir, 'variant.onnx');
  fs.writeFileSync(file, variant);
  return file;
}
