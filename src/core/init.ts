/**
 * Weight initialisation exactly as the study: `zeros`; `glorot` = uniform(−d, d) with
 * d = √(6 / (fan_in + fan_out)); `normal` = N(0, 1). Biases always start at zero.
 * Draws go layer by layer, row-major, from the run's `init` stream.
 */
import type { InitMethod } from './settings.js';
import type { Mlp } from './model.js';
import type { Rng } from './rng.js';

export function initialize(model: Mlp, method: InitMethod, rng: Rng): void {
  for (const layer of model.layers) {
    const W = layer.W;
    layer.b.fill(0);
    switch (method) {
      case 'zeros':
        W.fill(0);
        break;
      case 'glorot': {
        const d = Math.sqrt(6 / (layer.fanIn + layer.fanOut));
        for (let i = 0; i < W.length; i++) W[i] = (2 * rng.uniform() - 1) * d;
        break;
      }
      case 'normal':
        for (let i = 0; i < W.length; i++) W[i] = rng.normal();
        break;
      default: {
        const never: never = method;
        throw new Error(`unknown init method ${String(never)}`);
      }
    }
  }
}
