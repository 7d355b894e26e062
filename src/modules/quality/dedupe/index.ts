// De-duplication: blocking keys, pairwise comparison with explanations, and the repository that finds
// and merges duplicate leads. Re-exported from the quality module's index.ts.
export type { BatchResolution, Resolution } from './batch-resolver.js';
export { resolveBatchDuplicates } from './batch-resolver.js';
export type { MatchDecision, MatchReason, MatchResult } from './compare.js';
export { compareRecords, MATCH_THRESHOLD, MATCHER_VERSION, POSSIBLE_THRESHOLD } from './compare.js';
export { LeadMergeRefusedError, LeadNotFoundForMergeError } from './dedupe.errors.js';
export type { DuplicateCandidate, DuplicateMatch } from './dedupe.repository.js';
export {
  fieldSources,
  findDuplicate,
  findStoredDuplicates,
  MAX_CANDIDATES,
  matchEvidence,
  recordFieldSources,
  recordFieldSourcesMany,
  recordMatchKeys,
  recordMatchKeysMany,
} from './dedupe.repository.js';
export type { PairLabel, PairScores } from './evaluation.js';
export { scoreClusters } from './evaluation.js';
export { distanceMetres, relativeDifference } from './field-rules.js';
export type { MatchKey, MatchKeyKind } from './match-keys.js';
export {
  GEO_CELL_DEGREES,
  geoCell,
  keysChanged,
  lookupKeysFor,
  MATCH_KEY_KINDS,
  matchKeysFor,
} from './match-keys.js';
export type { AddressKey, MatchInput, MatchRecord } from './match-record.js';
export { imageId, prepareRecord } from './match-record.js';
export type { MergeResult } from './merge.repository.js';
export { mergeLeads } from './merge.repository.js';
export { jaccard, shingles } from './text-similarity.js';
