/**
 * The training-code version. Bump it deliberately whenever a change alters what a job computes
 * (maths, initialisation, shuffling, metric definitions): it is part of every job's content-addressed
 * id, so results computed by older code are never mistaken for current ones.
 */
export const TRAINING_CODE_VERSION = 2;
// 2: softmax cross-entropy as (max − z_label) + log s; seeds expanded by SplitMix64, distinct up to 2^53 − 1
