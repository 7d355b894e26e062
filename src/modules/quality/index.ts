export type { AddressComponents, ParsedAddress } from './address/index.js';
export { formatCanonical, parseUsAddress } from './address/index.js';
export type {
  DuplicateCandidate,
  DuplicateMatch,
  MatchDecision,
  MatchInput,
  MatchKey,
  MatchReason,
  MatchResult,
  MergeResult,
  Resolution,
} from './dedupe/index.js';
export {
  compareRecords,
  fieldSources,
  findDuplicate,
  keysChanged,
  LeadMergeRefusedError,
  lookupKeysFor,
  MATCH_THRESHOLD,
  MATCHER_VERSION,
  matchEvidence,
  matchKeysFor,
  mergeLeads,
  POSSIBLE_THRESHOLD,
  recordFieldSources,
  recordFieldSourcesMany,
  recordMatchKeys,
  recordMatchKeysMany,
  resolveBatchDuplicates,
} from './dedupe/index.js';
export type { DncImportResult, DncList, RejectedLine } from './dnc/index.js';
export {
  DNC_LISTS,
  DNC_SCRUB_MAX_AGE_DAYS,
  DncListing,
  DncScrub,
  importDncFile,
  isDncList,
  isScrubStale,
  listStaleScrubs,
  maskedScrub,
  removeDncNumbers,
  scrubLeadContact,
  scrubLeadContacts,
  scrubPhones,
} from './dnc/index.js';
export type {
  ExtractionInput,
  LlmFallbackReason,
  MotivationCode,
  TextExtraction,
  TextExtractor,
  TextExtractorDeps,
  TextExtractorSettings,
} from './extract/index.js';
export {
  createDeterministicExtractor,
  createLlmExtractor,
  createTextExtractor,
  ExtractedFacts,
  extractFromText,
  MOTIVATION_CODES,
} from './extract/index.js';
export type { NormalizedListing } from './normalize-listing.js';
export { normalizeListing } from './normalize-listing.js';
export type { LeadPassport, PassportEntry, PassportSource } from './passport/index.js';
export { loadPassport } from './passport/index.js';
export { digitsFromWords, toE164 } from './phone.js';
export {
  registerQualityJobs,
  rescoreDueLeads,
  rescoreLeadsJob,
  rescrubDncJob,
  rescrubStaleContacts,
  scheduleQualityJobs,
} from './quality.jobs.js';
export { qualityModule } from './quality.module.js';
export type {
  ContactReuse,
  ContactValidation,
  DecisionInput,
  DecisionResult,
  FraudDecision,
  FraudInput,
  FraudReviewPage,
  LeadScoring,
  MarketStats,
  QualityInput,
  ScoreOptions,
  ScoreReason,
  ScoreResult,
  ScoringContact,
  ScoringLead,
} from './scoring/index.js';
export {
  createRefreshMarketStatsHandler,
  decideFraudReview,
  fraudScore,
  listFraudReviews,
  qualityScore,
  REFRESH_MARKET_STATS_CRON,
  refreshMarketPriceStats,
  refreshMarketStatsJob,
  registerScoringJobs,
  robustZ,
  SCORE_VERSION,
  scheduleScoringJobs,
  scoreLead,
  scoreLeads,
} from './scoring/index.js';
export type {
  ContactValidator,
  ContactValidatorDeps,
  MxLookup,
  PhoneType,
  ValidationSettings,
} from './validation/index.js';
// The schemas carry a suffix here: scoring exports its own (compatible) ContactValidation type.
export {
  ContactValidation as ContactValidationSchema,
  createContactValidator,
  createMxLookup,
  EMAIL_REASONS,
  EmailValidation as EmailValidationSchema,
  findContactValues,
  PHONE_REASONS,
  PHONE_TYPES,
  PhoneValidation as PhoneValidationSchema,
  saveContactValidation,
  saveContactValidations,
  validateEmailOffline,
  validatePhone,
} from './validation/index.js';
