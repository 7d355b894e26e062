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
export type { NewRawRecord, ParseStatus, RawRecord } from './raw-records.repository.js';
export { contentHash, listRawRecords, markParsed, storeRawRecord } from './raw-records.repository.js';
export type { SourceAdapter, SourceRegistry } from './source-registry.js';
export { adapterFor, createSourceRegistry, UnknownSourceError } from './source-registry.js';
