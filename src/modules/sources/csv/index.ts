export type { CsvDelimiter, CsvReadError, CsvReadResult, CsvRow } from './csv-reader.js';
export { detectDelimiter, readCsv } from './csv-reader.js';
export { SourcePayloadError } from './errors.js';
export { applyFormAnswer, assignLeadField } from './lead-assign.js';
export type { LeadCsvError, LeadCsvResult } from './lead-csv.js';
export { CSV_SOURCE, LeadCsvMappingError, parseLeadCsv, parseLeadCsvPayload } from './lead-csv.js';
export { inferLeadCsvMapping, LeadCsvMapping, mappedColumns } from './lead-csv-mapping.js';
export type { FormAttribute, LeadField } from './lead-fields.js';
export { headerKey, LEAD_FIELDS, recogniseHeader, recogniseQuestion } from './lead-fields.js';
export type { Read } from './lead-values.js';
export {
  readArea,
  readCoordinate,
  readDate,
  readEmail,
  readListingType,
  readNumber,
  readPhone,
  readPrice,
  readPropertyType,
  readRoomCount,
  readState,
  readUrl,
  readYear,
  readZip,
  splitValues,
} from './lead-values.js';
export { regionCode } from './regions.js';
