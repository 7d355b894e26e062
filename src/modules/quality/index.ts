export type { NormalizedListing } from './normalize-listing.js';
export { normalizeListing } from './normalize-listing.js';
export { digitsFromWords, toE164 } from './phone.js';
