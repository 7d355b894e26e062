export type { SyntheticLead } from './generate.js';
export { generateLead, JITTER_KM, POSTED_WINDOW_DAYS } from './generate.js';
export type { SyntheticZip } from './geography.js';
export { zipTable } from './geography.js';
export { STATE_MARKETS } from './markets.js';
export { createRng } from './random.js';
export type { SeedSyntheticOptions, SeedSyntheticSummary } from './seed-synthetic.js';
export { seedSynthetic } from './seed-synthetic.js';
export { COMMON_WORD, RARE_WORD, STREET_NAMES } from './text.js';
