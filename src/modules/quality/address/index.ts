export type { AccuracyReport, ComponentScore } from './accuracy.js';
export { labelHalf, percent, scoreParser, unexpressibleLabel } from './accuracy.js';
export { parseWithLibrary } from './baseline.js';
export type { LabeledAddress } from './labeled.js';
export { readLabeledAddresses } from './labeled.js';
export { formatCanonical, parseUsAddress } from './parse.js';
export type { AddressComponents, ParsedAddress } from './types.js';
export { COMPONENT_KEYS, emptyComponents } from './types.js';
