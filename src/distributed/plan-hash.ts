/**
 * The content hash of a plan as it is handed to other machines: sha256 of the RFC 8785 JSON of the
 * sweep's name, the training-code version, the dataset digest and its jobs in order. Equal plans give
 * equal hashes wherever they are computed; any change to a job, its order or the code gives another.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Job } from '../sweep/job.js';

export interface HashedPlanBody {
  sweep: string;
  code_version: number;
  dataset_digest: string;
  jobs: readonly Job[];
}

export function planHash(body: HashedPlanBody): string {
  const text = canonicalize({
    sweep: body.sweep,
    code_version: body.code_version,
    dataset_digest: body.dataset_digest,
    jobs: body.jobs,
  });
  if (text === undefined) throw new TypeError('the plan cannot be written as JSON');
  return createHash('sha256').update(text).digest('hex');
}
