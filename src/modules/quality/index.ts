export type { AddressComponents, ParsedAddress } from './address/index.js';
export { formatCanonical, parseUsAddress } from './address/index.js';
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
  removeDncNumbers,
  scrubLeadContact,
  scrubPhones,
} from './dnc/index.js';
export type { NormalizedListing } from './normalize-listing.js';
export { normalizeListing } from './normalize-listing.js';
export { digitsFromWords, toE164 } from './phone.js';
