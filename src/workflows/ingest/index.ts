export type { IngestDeps, IngestInput, IngestResult, LeadChange } from './ingest-payload.js';
export { ingestPayload, parseAndUpsert } from './ingest-payload.js';
export type { ReparseSummary } from './reparse.js';
export { addToSummary, reparseSource } from './reparse.js';
