// Search: published owner leads by text, filters and geography, with facets and keyset pages; one lead's
// page. This file is the module's only face; other modules and workflows import from here.

export { getLead, type LeadPageOptions } from './lead-detail.js';
export { maskContactText } from './mask-text.js';
export { FilterNeedsSignInError, LeadNotFoundError, SearchValidationError } from './search.errors.js';
export { type SearchModuleOverrides, searchModule } from './search.module.js';
export { type NormalizedSearch, normalizeSearch, type SearchContext } from './search.rules.js';
export {
  Facets,
  GeoJsonPolygon,
  LeadAvailability,
  LeadDetail,
  LeadPrice,
  LeadSummary,
  MaskedContact,
  type SearchQuery,
  SearchQuerySchema,
  SearchQueryStringSchema,
  type SearchResult,
  SearchResultSchema,
  type SearchSort,
  SORTS,
} from './search.schemas.js';
export { type SearchOptions, searchLeads } from './search.service.js';
