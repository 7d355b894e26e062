export { facebookLeadJob, GraphFetchError } from './facebook-leads.js';
export { type CsvImportInput, type CsvImportResult, importCsv } from './import-csv.js';
export { ingestDepsFor } from './ingest-deps.js';
export { type IngestMetrics, ingestMetricsFor } from './ingest-metrics.js';
export type { IngestDeps, IngestInput, IngestResult } from './ingest-payload.js';
export {
  ingestPayload,
  parseAndUpsert,
  storePayload,
  storePayloads,
  upsertListings,
} from './ingest-payload.js';
export { ingestionModule } from './ingestion.module.js';
export type { LinkedInPollDeps, LinkedInPollSummary } from './linkedin-poll.js';
export {
  LinkedInAuthError,
  LinkedInFetchError,
  linkedInPollJob,
  pollLinkedInOwner,
  scheduleLinkedInPolls,
} from './linkedin-poll.js';
export type { ReparseSummary } from './reparse.js';
export {
  addToSummary,
  emptySummary,
  PARSE_BATCH_SIZE,
  parsePendingRecords,
  reparseSource,
} from './reparse.js';
export type { LeadChange } from './upsert-batch.js';
