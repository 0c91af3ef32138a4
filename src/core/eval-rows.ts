/**
 * Rows per evaluation batch: large enough to amortise calls, small enough to keep memory low. A file
 * of its own so that what sizes a job (resources.ts) does not load the training code with it.
 */
export const EVAL_ROWS = 500;
