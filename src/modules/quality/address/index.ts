export type { AccuracyReport, ComponentScore } from './accuracy.js';
export { labelHalf, percent, scoreParser, unexpressibleLabel } from './accuracy.js';
export { parseWithLibrary } from './baseline.js';
export type { LabelCorrection } from './label-corrections.js';
export { applyLabelCorrections, LABEL_CORRECTIONS } from './label-corrections.js';
export type { LabeledAddress } from './labeled.js';
export { readLabeledAddresses } from './labeled.js';
export { formatCanonical, parseUsAddress, parseWithRules, parseWithTagger } from './parse.js';
export type { TaggerWeights } from './tagger.js';
export { TokenTagger } from './tagger.js';
export type { OutOfSample, TrainOptions } from './tagger-train.js';
export {
  answersOf,
  crossValidate,
  heldOutHalf,
  isTrainable,
  labelFold,
  SHIPPED_TRAINING,
  toSequence,
  trainTagger,
} from './tagger-train.js';
export type { AddressComponents, ParsedAddress } from './types.js';
export { COMPONENT_KEYS, emptyComponents } from './types.js';
