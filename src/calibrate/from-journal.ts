/**
 * What finished jobs of a shape took, from every sweep's journal under a results root: the best basis for
 * an estimate of jobs of that shape, since a job's wall time holds everything (evaluation, batch
 * gathering, the load of the machine). Per shape: the median of each ok job's FLOPs over its wall time.
 */
import { medianRates, type MeasuredThroughput } from '../journal/throughput.js';
import { estimateJob } from '../sweep/estimate.js';
import { shapeKey } from './shape.js';

export type ShapeMeasurement = MeasuredThroughput;

export function journalRates(resultsRoot: string): Map<string, ShapeMeasurement> {
  return medianRates(resultsRoot, (r) => {
    if (r.status !== 'ok' || !r.kernels || !(r.wall_seconds > 0) || !Array.isArray(r.settings?.hidden_sizes)) return null;
    return { key: shapeKey({ ...r.settings, kernels: r.kernels }), gflops: estimateJob(r.settings).flops / r.wall_seconds / 1e9 };
  });
}
