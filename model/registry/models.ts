// Model versions as the scorer sees them: registering an ONNX file (its bytes go into the
// `models` table, version = sha256 of the bytes), activating one, and a cache of loaded models so
// every batch is scored with exactly the models in play (the active one, plus the one history is
// being re-scored to), picked up without a restart.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel, type SeriousnessModel } from '../score/library.ts';
import { defaultModelPath } from '../config.ts';
import type { Database, Queryable } from '../../db/engine/types.ts';
import {
  activeModelVersion,
  makeActive,
  modelByVersion,
  modelBytes,
  modelsInPlay,
  registerModel,
  startRescoring,
  supersedeRescoring,
} from '../../db/queries/scorer.queries.ts';

export { defaultModelPath };

export interface ModelInPlay {
  version: string;
  status: 'active' | 'rescoring';
  model: SeriousnessModel;
}

export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The model card written next to the ONNX file by `npm run model:train`, if it describes this file. */
function cardFor(modelPath: string, version: string): unknown {
  const cardPath = path.join(path.dirname(modelPath), 'model-card.json');
  try {
    const card = JSON.parse(fs.readFileSync(cardPath, 'utf8')) as { version?: unknown };
    return card.version === version ? card : {};
  } catch {
    return {};
  }
}

/** Registers an ONNX file (idempotent) and returns its version. */
export async function registerModelFile(db: Queryable, modelPath: string): Promise<string> {
  const absolute = path.resolve(modelPath);
  const bytes = new Uint8Array(fs.readFileSync(absolute));
  const version = sha256(bytes);
  await registerModel.run(
    { version, path: absolute, card: JSON.stringify(cardFor(absolute, version)), onnx: Buffer.from(bytes) },
    db,
  );
  return version;
}

export type ActivationOutcome = 'already-active' | 'active' | 'rescoring';

/**
 * Activates a registered version (or a file, registered first). The first model of a database is
 * active at once; any later one first re-scores history (scorer/rescore.ts) and takes over when it
 * has caught up, so the API never serves a half-re-scored history.
 */
export async function activateModel(
  db: Database,
  versionOrPath: string,
): Promise<{ version: string; outcome: ActivationOutcome }> {
  let version: string;
  if (fs.existsSync(versionOrPath) && fs.statSync(versionOrPath).isFile()) {
    version = await registerModelFile(db, versionOrPath);
  } else {
    const matches = await modelByVersion.run({ version: versionOrPath }, db);
    if (matches.length === 0) {
      throw new ModelError(`No registered model has version ${versionOrPath}, and no file has that path.`);
    }
    if (matches.length > 1) {
      throw new ModelError(
        `${versionOrPath} matches ${matches.length} model versions; give more of the version.`,
      );
    }
    version = matches[0]!.version;
  }
  const outcome = await db.transaction(async (tx): Promise<ActivationOutcome> => {
    const [active] = await activeModelVersion.run(undefined, tx);
    if (active?.version === version) {
      await supersedeRescoring.run({ version }, tx);
      return 'already-active';
    }
    await supersedeRescoring.run({ version }, tx);
    if (!active) {
      await makeActive.run({ version }, tx);
      return 'active';
    }
    await startRescoring.run({ version }, tx);
    return 'rescoring';
  });
  return { version, outcome };
}

/** Makes sure some model is active: on a new database, the configured (or committed) model. */
export async function ensureActiveModel(db: Database, modelPath: string = defaultModelPath): Promise<string> {
  const [active] = await activeModelVersion.run(undefined, db);
  if (active) return active.version;
  const { version } = await activateModel(db, modelPath);
  return version;
}

/**
 * Loaded models by version, refreshed from the `models` table at most every `refreshMs`. A model is
 * loaded from the bytes stored in the database (through a content-addressed cache file, since
 * onnxruntime loads from a path), never from whatever the working tree holds now.
 */
export class ModelCache {
  readonly #db: Queryable;
  readonly #refreshMs: number;
  readonly #loaded = new Map<string, Promise<SeriousnessModel>>();
  #inPlay: { version: string; status: 'active' | 'rescoring' }[] = [];
  #checkedAt = 0;

  constructor(db: Queryable, refreshMs: number) {
    this.#db = db;
    this.#refreshMs = refreshMs;
  }

  async inPlay(): Promise<ModelInPlay[]> {
    if (Date.now() - this.#checkedAt >= this.#refreshMs) {
      const rows = await modelsInPlay.run(undefined, this.#db);
      this.#inPlay = rows.map((r) => ({ version: r.version, status: r.status as 'active' | 'rescoring' }));
      this.#checkedAt = Date.now();
    }
    return Promise.all(
      this.#inPlay.map(async (m) => ({
        version: m.version,
        status: m.status,
        model: await this.get(m.version),
      })),
    );
  }

  /** Forces the next `inPlay()` to re-read the table (after an activation in this process). */
  invalidate(): void {
    this.#checkedAt = 0;
  }

  get(version: string): Promise<SeriousnessModel> {
    let loading = this.#loaded.get(version);
    if (!loading) {
      loading = this.#load(version);
      this.#loaded.set(version, loading);
      loading.catch(() => this.#loaded.delete(version));
    }
    return loading;
  }

  async #load(version: string): Promise<SeriousnessModel> {
    const file = path.join(os.tmpdir(), 'seriousness-models', `${version}.onnx`);
    if (!fs.existsSync(file)) {
      const [row] = await modelBytes.run({ version }, this.#db);
      if (!row) throw new ModelError(`Model ${version} has no stored ONNX bytes; register its file again.`);
      if (sha256(row.onnx) !== version)
        throw new ModelError(`Stored bytes of model ${version} do not match it.`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, row.onnx);
      fs.renameSync(partial, file);
    }
    const model = await loadModel(file);
    if (model.version !== version) {
      await model.close();
      throw new ModelError(`Cached model file for ${version} has version ${model.version}`);
    }
    return model;
  }

  async close(): Promise<void> {
    const models = await Promise.allSettled(this.#loaded.values());
    this.#loaded.clear();
    for (const loaded of models) if (loaded.status === 'fulfilled') await loaded.value.close();
  }
}
