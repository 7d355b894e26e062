export type { AddressComponents, ParsedAddress } from './address/index.js';
export { formatCanonical, parseUsAddress } from './address/index.js';
export type { NormalizedListing } from './normalize-listing.js';
export { normalizeListing } from './normalize-listing.js';
export { digitsFromWords, toE164 } from './phone.js';
