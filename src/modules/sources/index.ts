export { defaultSourceAdapters, defaultSourceRegistry } from './adapters.js';
export type {
  ClaimedPage,
  CrawlCounts,
  CrawlPage,
  CrawlPageStatus,
  CrawlRun,
  CrawlRunStatus,
  CrawlTrigger,
  PageOutcome,
  StoredPageOutcome,
} from './crawls.repository.js';
export {
  claimCrawlPages,
  crawlCounts,
  createCrawlRun,
  failCrawlRun,
  finishCrawlPages,
  getCrawlRun,
  listCrawlPages,
  listCrawlRuns,
  type ParseBacklog,
  parseBacklog,
  queueCrawlPages,
  settleStoredPages,
} from './crawls.repository.js';
export { inferLeadCsvMapping, LeadCsvMapping, parseLeadCsv } from './csv/index.js';
export type { LeadgenEvent } from './facebook/index.js';
export {
  answerVerificationChallenge,
  FACEBOOK_SOURCE,
  FacebookWebhookError,
  parseLeadgenWebhook,
  verifyFacebookSignature,
} from './facebook/index.js';
export {
  buildLeadFormResponsesRequest,
  LINKEDIN_SOURCE,
  mapLeadFormResponses,
} from './linkedin/index.js';
export type {
  ListingType,
  ParsedListing,
  ParseOutcome,
  Parser,
  PropertyType,
  Skipped,
  SkipReason,
} from './listing.types.js';
export {
  emptyListing,
  LISTING_TYPES,
  OWNER_LISTING_TYPES,
  ParsedListing as ParsedListingSchema,
  PROPERTY_TYPES,
} from './listing.types.js';
export type { NewRawRecord, ParseStatus, RawRecord, StoredPayload } from './raw-records.repository.js';
export {
  contentHash,
  listRawRecords,
  markParsed,
  markParsedMany,
  storeRawRecord,
  storeRawRecords,
} from './raw-records.repository.js';
export type { CrawlParams, CrawlPlan, SourceAdapter, SourceRegistry } from './source-registry.js';
export { adapterFor, createSourceRegistry, UnknownSourceError } from './source-registry.js';
export type { SourceStatus } from './sources.repository.js';
export { listSourceStatus } from './sources.repository.js';
