/**
 * A kept model: a finished job's trained weights in a safetensors file that needs none of our code to
 * use (see scripts/forward.py for a numpy forward pass):
 *
 *   tensors        W1 (inputs, h1), b1 (h1), …, WL (h_{L−1}, classes), bL — F32 or F64, row-major
 *   __metadata__   format "mlp-sweep-model/1", job_id, training_code_version, settings (JSON), sizes
 *                  ("784,512,1024,10"), forward (the network in one line), validation_accuracy and
 *                  test_accuracy (as JavaScript writes the numbers: they read back exactly), sha256
 */
import { MlpSweepError } from '../../errors.js';
import type { TrainSettings } from '../../core/settings.js';
import { writeFileAtomicSync } from '../../fs/atomic-write-sync.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { digestOf } from './record.js';
import { type Tensor, decodeSafetensors, encodeSafetensors } from './safetensors.js';

export const MODEL_FORMAT = 'mlp-sweep-model/1';
export const MODELS_FOLDER = 'models';

/** `<sweep dir>/models/<job id>.safetensors`: a finished job's trained weights, when the sweep keeps models. */
export function modelFile(sweepDir: string, jobId: string): string {
  return path.join(sweepDir, MODELS_FOLDER, `${jobId}.safetensors`);
}
export const FORWARD_DESCRIPTION = 'x = pixels / 255 (row-major 28x28); h = relu(h @ Wl + bl) for each hidden layer; logits = h @ WL + bL; class = argmax';

export interface KeptModel {
  job_id: string;
  code_version: number;
  settings: TrainSettings;
  sizes: number[];
  parameters: { name: string; shape: number[]; values: Float32Array | Float64Array }[];
  validation_accuracy: number | null;
  test_accuracy: number | null;
}

export class ModelFileError extends MlpSweepError {
  constructor(message: string) {
    super('MODEL_FILE', message);
  }
}

export function encodeModel(m: KeptModel): Buffer {
  const tensors = new Map<string, Tensor>(
    m.parameters.map((p) => [p.name, { dtype: p.values instanceof Float64Array ? 'F64' : 'F32', shape: p.shape, values: p.values }]),
  );
  const metadata: Record<string, string> = {
    format: MODEL_FORMAT,
    job_id: m.job_id,
    training_code_version: String(m.code_version),
    settings: JSON.stringify(m.settings),
    sizes: m.sizes.join(','),
    forward: FORWARD_DESCRIPTION,
    validation_accuracy: m.validation_accuracy === null ? '' : String(m.validation_accuracy),
    test_accuracy: m.test_accuracy === null ? '' : String(m.test_accuracy),
  };
  metadata.sha256 = digestOf(metadata, tensors);
  return encodeSafetensors(tensors, metadata);
}

/** Parses a kept model; throws ModelFileError (or SafetensorsError) when it is not a whole one. */
export function decodeModel(bytes: Uint8Array, where: string): KeptModel {
  const { tensors, metadata } = decodeSafetensors(bytes, where);
  if (metadata.format !== MODEL_FORMAT) throw new ModelFileError(`${where}: format is ${JSON.stringify(metadata.format ?? null)}, not ${MODEL_FORMAT}`);
  if (metadata.sha256 !== digestOf(metadata, tensors)) throw new ModelFileError(`${where}: its content does not match its sha256 (the file is corrupt)`);
  const number = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));
  const sizes = (metadata.sizes ?? '').split(',').map(Number);
  const parameters: KeptModel['parameters'] = [];
  for (let l = 1; l < sizes.length; l++) {
    for (const name of [`W${l}`, `b${l}`]) {
      const t = tensors.get(name);
      if (t === undefined || (t.dtype !== 'F32' && t.dtype !== 'F64')) throw new ModelFileError(`${where}: no float tensor ${name} for sizes ${metadata.sizes}`);
      parameters.push({ name, shape: t.shape, values: t.values as Float32Array | Float64Array });
    }
  }
  return {
    job_id: metadata.job_id ?? '',
    code_version: Number(metadata.training_code_version),
    settings: JSON.parse(metadata.settings ?? 'null') as TrainSettings,
    sizes,
    parameters,
    validation_accuracy: number(metadata.validation_accuracy),
    test_accuracy: number(metadata.test_accuracy),
  };
}

export function saveModel(file: string, model: KeptModel): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, encodeModel(model));
}
