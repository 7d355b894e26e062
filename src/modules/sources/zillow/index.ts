import type { Parser } from '../listing.types.js';
import { parseZillowPage } from './zillow.parser.js';

export { parseZillowPage } from './zillow.parser.js';
export { ZILLOW_SOURCE } from './zillow.property.js';

/** The Zillow parser: homedetails pages, property JSON and search responses. */
export const zillowParser: Parser = parseZillowPage;
