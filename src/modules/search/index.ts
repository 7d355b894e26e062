// Search: published owner leads by text, filters and geography, with facets and keyset pages; one lead's
// page. This file is the module's only face; other modules and workflows import from here.

export { getLead } from './lead-detail.js';
export { maskContactText } from './mask-text.js';
export { LeadNotFoundError, SearchValidationError } from './search.errors.js';
export { searchModule } from './search.module.js';
export { type NormalizedSearch, normalizeSearch } from './search.rules.js';
export {
  Facets,
  GeoJsonPolygon,
  LeadDetail,
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
