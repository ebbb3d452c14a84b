// Presets: the same optimizers with the defaults and conventions of the
// course, PyTorch and Keras, so a lesson can show why "Adam" gives different
// numbers in different places. Each preset takes the usual options as
// overrides. What each one claims (tested in test/optim/presets.test.ts):
//   course  momentum v = βv + (1−β)dW; RMSprop and Adam with ε outside √ on the
//           corrected ŝ, ε = 1e-8, explicit bias correction; α = 0.01
//           (the course's update functions' default).
//   pytorch momentum/nesterov v = μv + g (torch.optim.SGD); RMSprop α = 0.01,
//           β = 0.99, ε = 1e-8 outside √; Adam/AdamW ε = 1e-8 outside √ with
//           explicit bias correction, AdamW λ = 0.01; Adagrad ε = 1e-10, lr 0.01.
//   keras   momentum/nesterov v = μv − αg (keras.optimizers.SGD); RMSprop
//           ρ = 0.9, ε = 1e-7 inside √; Adam/AdamW bias correction folded into α
//           with ε = 1e-7 on the uncorrected root, AdamW λ = 0.004; Adagrad
//           s₀ = 0.1, ε = 1e-7 inside √; α = 0.001 (0.01 for SGD).
import { adagrad, type AdagradOptions } from "./adagrad";
import { adam, adamw, type AdamOptions, type AdamWOptions } from "./adam";
import { momentum, type MomentumOptions } from "./momentum";
import { nesterov } from "./nesterov";
import { rmsprop, type RmspropOptions } from "./rmsprop";
import { sgd, type SgdOptions } from "./sgd";
import { ValueError, isPlainObject, kindOf } from "../errors";

type Without<T, K extends keyof T> = Omit<T, K>;

/** One framework's conventions as optimizer factories. */
export interface Preset {
  sgd: typeof sgd;
  momentum: (opts?: Without<MomentumOptions, "form">) => ReturnType<typeof momentum>;
  nesterov: (opts?: Without<MomentumOptions, "form">) => ReturnType<typeof nesterov>;
  adagrad: (opts?: AdagradOptions) => ReturnType<typeof adagrad>;
  rmsprop: (opts?: RmspropOptions) => ReturnType<typeof rmsprop>;
  adam: (opts?: AdamOptions) => ReturnType<typeof adam>;
  adamw: (opts?: AdamWOptions) => ReturnType<typeof adamw>;
}

/** The course's conventions. */
export const course: Preset = {
  sgd: (o: SgdOptions = {}) => sgd({ learningRate: 0.01, ...o }),
  momentum: (o = {}) => momentum({ learningRate: 0.01, beta: 0.9, ...o, form: "ema" }),
  nesterov: (o = {}) => nesterov({ learningRate: 0.01, beta: 0.9, ...o, form: "ema" }),
  adagrad: (o = {}) => adagrad({ learningRate: 0.01, epsilon: 1e-7, epsilonInside: false, initialAccumulator: 0, ...o }),
  rmsprop: (o = {}) => rmsprop({ learningRate: 0.01, beta: 0.9, epsilon: 1e-8, epsilonInside: false, ...o }),
  adam: (o = {}) => adam({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, biasCorrection: "explicit", epsilonInside: false, ...o }),
  adamw: (o = {}) => adamw({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, biasCorrection: "explicit", epsilonInside: false, weightDecay: 0.01, ...o }),
};

/** PyTorch's conventions (torch.optim). */
export const pytorch: Preset = {
  sgd: (o: SgdOptions = {}) => sgd({ learningRate: 0.001, ...o }),
  momentum: (o = {}) => momentum({ learningRate: 0.001, beta: 0.9, ...o, form: "classic" }),
  nesterov: (o = {}) => nesterov({ learningRate: 0.001, beta: 0.9, ...o, form: "classic" }),
  adagrad: (o = {}) => adagrad({ learningRate: 0.01, epsilon: 1e-10, epsilonInside: false, initialAccumulator: 0, ...o }),
  rmsprop: (o = {}) => rmsprop({ learningRate: 0.01, beta: 0.99, epsilon: 1e-8, epsilonInside: false, ...o }),
  adam: (o = {}) => adam({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, biasCorrection: "explicit", epsilonInside: false, ...o }),
  adamw: (o = {}) => adamw({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, biasCorrection: "explicit", epsilonInside: false, weightDecay: 0.01, ...o }),
};

/** Keras 3's conventions (keras.optimizers). */
export const keras: Preset = {
  sgd: (o: SgdOptions = {}) => sgd({ learningRate: 0.01, ...o }),
  momentum: (o = {}) => momentum({ learningRate: 0.01, beta: 0.9, ...o, form: "velocity" }),
  nesterov: (o = {}) => nesterov({ learningRate: 0.01, beta: 0.9, ...o, form: "velocity" }),
  adagrad: (o = {}) => adagrad({ learningRate: 0.001, epsilon: 1e-7, epsilonInside: true, initialAccumulator: 0.1, ...o }),
  rmsprop: (o = {}) => rmsprop({ learningRate: 0.001, beta: 0.9, epsilon: 1e-7, epsilonInside: true, ...o }),
  adam: (o = {}) => adam({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection: "folded", epsilonInside: false, ...o }),
  adamw: (o = {}) => adamw({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection: "folded", epsilonInside: false, weightDecay: 0.004, ...o }),
};

/**
 * Each factory refuses anything but an options object: `...0.1` spreads to nothing, so
 * `presets.course.adam(0.1)` ran at the preset's α without a word.
 */
function checked(family: string, preset: Preset): Preset {
  for (const name of Object.keys(preset) as (keyof Preset)[]) {
    const make = preset[name] as (o?: unknown) => unknown;
    (preset as unknown as Record<string, unknown>)[name] = (o?: unknown) => {
      if (o !== undefined && !isPlainObject(o)) {
        throw new ValueError(`presets.${family}.${name}: options must be an object like { learningRate: 0.01 }, got ${kindOf(o)}`);
      }
      return make(o);
    };
  }
  return preset;
}
checked("course", course);
checked("pytorch", pytorch);
checked("keras", keras);

/** All presets by name: `presets.course.adam()`, `presets.pytorch.adam()`, `presets.keras.adam()`. */
export const presets = { course, pytorch, keras } as const;
