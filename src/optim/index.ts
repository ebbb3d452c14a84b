// The optimization library: optimizers as (init, update) pairs over named
// parameter sets, their composition, presets, and applying updates.
export type { Optimizer, InPlaceOptimizer, StepContext } from "./types";
export { sgd, type SgdOptions, type SgdState } from "./sgd";
export { momentum, type MomentumForm, type MomentumOptions, type MomentumState } from "./momentum";
export { nesterov } from "./nesterov";
export { adagrad, type AdagradOptions, type AdagradState } from "./adagrad";
export { rmsprop, type RmspropOptions, type RmspropState } from "./rmsprop";
export { adam, adamw, type AdamOptions, type AdamWOptions, type AdamState, type BiasCorrection } from "./adam";
export { chain, clipping, type ChainState, type ClippingOptions, type ClippingState } from "./chain";
export { presets, type Preset } from "./presets";
export { applyUpdates, applyUpdatesInPlace } from "./apply";
export { saveState, loadState } from "./state";
export type { LearningRate } from "./validate";
