// Do-Not-Call scrubbing: import the registry's and our own lists, check phones, keep each contact's last
// scrub. Re-exported from the quality module's index.ts; other modules import it from there.

export { DncListing, DncScrub } from './dnc.schemas.js';
export type { DncImportResult } from './dnc.service.js';
export {
  DNC_SCRUB_MAX_AGE_DAYS,
  importDncFile,
  isScrubStale,
  listStaleScrubs,
  maskedScrub,
  removeDncNumbers,
  scrubLeadContact,
  scrubLeadContacts,
  scrubPhones,
} from './dnc.service.js';
export type { DncList, ParsedDncFile, RejectedLine } from './dnc-file.js';
export { DNC_LISTS, e164ToPhone10, isDncList, parseDncFile, toPhone10 } from './dnc-file.js';
