// The model as an ONNX file, built with onnx-proto (protobufjs). Tokenisation stays in TypeScript
// (features/featurize.ts); the graph takes hashed ids and values, padded per batch:
//
//   feature_ids [batch, width] int32 ─┐
//   weights [2^bits] ── Gather ───────┴─▶ Mul(feature_values) ─▶ ReduceSum(axis 1) ─▶ + bias = logit
//   logit ─▶ · platt_a + platt_b ─▶ Sigmoid ─▶ seriousness [batch]   (calibrated probability)
//
// Padding slots carry value 0, so they add nothing: the values are the mask. Everything the
// scorer needs to featurise (the featuriser settings) travels in the file's metadata, and the file
// holds no timestamps, so the same training run always writes the same bytes.
import onnxProto from 'onnx-proto';
import { z } from 'zod';
import type { FeaturizerSettings } from '../features/featurize.ts';
import type { LinearModel } from '../train/linear.ts';

const { onnx } = onnxProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT32 = onnx.TensorProto.DataType.INT32;
const INT64 = onnx.TensorProto.DataType.INT64;

export const onnxNames = {
  ids: 'feature_ids',
  values: 'feature_values',
  seriousness: 'seriousness',
  logit: 'logit',
} as const;

/** The featuriser settings in a model file are data from disk: validated before use. */
const featurizerSettingsSchema = z.object({
  featurizerVersion: z.literal(1),
  hashBits: z.number().int().min(4).max(24),
  fields: z.enum(['separate', 'merged']),
  wordNgramMax: z.number().int().min(1).max(4),
  charNgrams: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).nullable(),
  maxBodyChars: z.number().int().min(0),
  maxBodyCharNgramChars: z.number().int().min(0),
  metaFeatures: z.boolean(),
}) satisfies z.ZodType<FeaturizerSettings>;

const metadataKeys = { featurizer: 'featurizer_settings', description: 'description' } as const;

export interface ExportedModel {
  model: LinearModel;
  featurizer: FeaturizerSettings;
}

function floatTensor(name: string, values: Float32Array, dims: number[]): onnxProto.onnx.ITensorProto {
  // Little-endian raw bytes: compact, and exactly what onnxruntime reads.
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dataType: FLOAT, dims, rawData: bytes };
}

function tensorInput(
  name: string,
  elemType: number,
  dims: (number | string)[],
): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function buildOnnxModel({ model, featurizer }: ExportedModel): Uint8Array {
  if (model.weights.length !== 2 ** featurizer.hashBits) {
    throw new Error(`weights has ${model.weights.length} rows, expected 2^${featurizer.hashBits}`);
  }
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'seriousness',
    initializer: [
      floatTensor('weights', model.weights, [model.weights.length]),
      floatTensor('bias', Float32Array.of(model.bias), []),
      floatTensor('platt_a', Float32Array.of(model.platt.a), []),
      floatTensor('platt_b', Float32Array.of(model.platt.b), []),
      { name: 'sum_axes', dataType: INT64, dims: [1], int64Data: [1] },
    ],
    input: [
      tensorInput(onnxNames.ids, INT32, ['batch', 'width']),
      tensorInput(onnxNames.values, FLOAT, ['batch', 'width']),
    ],
    output: [
      tensorInput(onnxNames.seriousness, FLOAT, ['batch']),
      tensorInput(onnxNames.logit, FLOAT, ['batch']),
    ],
    node: [
      {
        opType: 'Gather',
        input: ['weights', onnxNames.ids],
        output: ['gathered'],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      { opType: 'Mul', input: ['gathered', onnxNames.values], output: ['contributions'] },
      {
        opType: 'ReduceSum',
        input: ['contributions', 'sum_axes'],
        output: ['feature_sum'],
        attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      { opType: 'Add', input: ['feature_sum', 'bias'], output: [onnxNames.logit] },
      { opType: 'Mul', input: [onnxNames.logit, 'platt_a'], output: ['scaled_logit'] },
      { opType: 'Add', input: ['scaled_logit', 'platt_b'], output: ['calibrated_logit'] },
      { opType: 'Sigmoid', input: ['calibrated_logit'], output: [onnxNames.seriousness] },
    ],
  };
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'reddit-seriousness/model',
    producerVersion: '1',
    graph,
    metadataProps: [
      { key: metadataKeys.featurizer, value: JSON.stringify(featurizer) },
      {
        key: metadataKeys.description,
        value:
          'Seriousness of a Reddit post (0 = joke/meme, 1 = serious). Inputs come from model/features/featurize.ts.',
      },
    ],
  });
  return onnx.ModelProto.encode(proto).finish();
}

function readFloats(tensor: onnxProto.onnx.ITensorProto | undefined, name: string): Float32Array {
  if (tensor === undefined) throw new Error(`model file has no initializer "${name}"`);
  if (tensor.rawData != null && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new Float32Array(raw.byteLength / 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  return Float32Array.from(tensor.floatData ?? []);
}

/** Reads back what buildOnnxModel wrote: the weights (for explanations and the TS reference) and the featuriser settings. */
export function parseOnnxModel(bytes: Uint8Array): ExportedModel {
  const proto = onnx.ModelProto.decode(bytes);
  const byName = new Map((proto.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const scalar = (name: string) => readFloats(byName.get(name), name)[0] ?? Number.NaN;
  const settingsJson = proto.metadataProps.find((p) => p.key === metadataKeys.featurizer)?.value;
  if (settingsJson == null) throw new Error(`model file has no "${metadataKeys.featurizer}" metadata`);
  const featurizer = featurizerSettingsSchema.parse(JSON.parse(settingsJson));
  return {
    featurizer,
    model: {
      weights: readFloats(byName.get('weights'), 'weights'),
      bias: scalar('bias'),
      platt: { a: scalar('platt_a'), b: scalar('platt_b') },
    },
  };
}
