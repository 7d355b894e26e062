import Value from 'typebox/value';
import { emptyListing, type ParsedListing, type Parser } from '../listing.types.js';
import { type CsvDelimiter, type CsvRow, readCsv } from './csv-reader.js';
import { SourcePayloadError } from './errors.js';
import { assignLeadField } from './lead-assign.js';
import { inferLeadCsvMapping, LeadCsvMapping, mappedColumns } from './lead-csv-mapping.js';
import { headerKey, type LeadField } from './lead-fields.js';

export const CSV_SOURCE = 'csv';

/** One row (or the whole file, at the header's line) that could not be used, and why. */
export interface LeadCsvError {
  /** 1-based physical line in the file where the row starts. */
  line: number;
  /** The header of the offending column, when one column is at fault. */
  column?: string;
  reason: string;
}

export interface LeadCsvResult {
  listings: ParsedListing[];
  errors: LeadCsvError[];
  /** The mapping applied: the one given, or the one inferred from the headers. */
  mapping: LeadCsvMapping;
  delimiter: CsvDelimiter;
}

/** A mapping that does not fit LeadCsvMapping (unknown field, empty header name). */
export class LeadCsvMappingError extends SourcePayloadError {
  constructor(details: unknown) {
    super('CSV_MAPPING_INVALID', 'the column mapping is not valid', 400, details);
  }
}

const headerMatch = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

// A usable lead names a place or a way to reach someone; a name alone is neither.
const hasAddress = (l: ParsedListing): boolean =>
  l.address_line !== null || l.zip !== null || (l.city !== null && l.state !== null);
const hasContact = (l: ParsedListing): boolean => l.contact.phones.length > 0 || l.contact.emails.length > 0;

function readRow(
  row: CsvRow,
  headers: readonly string[],
  columns: Array<[LeadField, number[]]>,
  unmapped: number[],
  errors: LeadCsvError[],
): ParsedListing | null {
  const before = errors.length;
  const { line, fields } = row;
  if (fields.length > headers.length && fields.slice(headers.length).some((f) => f.trim() !== '')) {
    errors.push({ line, reason: `row has ${fields.length} fields but the header has ${headers.length}` });
    return null;
  }
  const listing = emptyListing(CSV_SOURCE);
  for (const [field, indexes] of columns) {
    for (const index of indexes) {
      const reason = assignLeadField(listing, field, fields[index] ?? '');
      if (reason !== null) errors.push({ line, column: headers[index]!, reason });
    }
  }
  for (const index of unmapped) {
    const value = (fields[index] ?? '').trim();
    const key = headerKey(headers[index]!) || `column_${index + 1}`;
    if (value !== '' && !(key in listing.attributes)) listing.attributes[key] = value;
  }
  if (errors.length > before) return null;
  if ((listing.latitude === null) !== (listing.longitude === null)) {
    errors.push({ line, reason: 'latitude and longitude must be given together' });
  } else if (listing.latitude === 0 && listing.longitude === 0) {
    // 0,0 is the "no position" placeholder of many exports, not a place in the Gulf of Guinea.
    listing.latitude = null;
    listing.longitude = null;
  }
  if (errors.length === before && !hasAddress(listing) && !hasContact(listing)) {
    errors.push({ line, reason: 'row has no address (street, ZIP, or city + state) and no phone or email' });
  }
  if (errors.length > before) return null;
  if (listing.listing_type === null) listing.listing_type = 'contact_import';
  return listing;
}

/**
 * Reads an uploaded lead file (BOM, CRLF or LF, `,` `;` or tab, quoted multi-line fields) into listings.
 * Each unusable row is reported with the physical line it starts on; good rows are kept. Without a
 * mapping the columns are recognised by common header names.
 */
export function parseLeadCsv(text: string, mapping?: LeadCsvMapping): LeadCsvResult {
  if (mapping !== undefined && !Value.Check(LeadCsvMapping, mapping)) {
    throw new LeadCsvMappingError([...Value.Errors(LeadCsvMapping, mapping)].map((e) => e.message));
  }
  const read = readCsv(text);
  const errors: LeadCsvError[] = [...read.errors];
  const [header, ...rows] = read.rows;
  const result = (m: LeadCsvMapping): LeadCsvResult => ({
    listings: [],
    errors,
    mapping: m,
    delimiter: read.delimiter,
  });
  if (!header) {
    errors.push({ line: 1, reason: 'the file has no header row' });
    return result(mapping ?? {});
  }
  const headers = header.fields.map((h) => h.trim());
  const applied = mapping ?? inferLeadCsvMapping(headers);
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!index.has(headerMatch(h))) index.set(headerMatch(h), i);
  });
  const columns: Array<[LeadField, number[]]> = [];
  const used = new Set<number>();
  for (const [field, names] of mappedColumns(applied)) {
    const indexes: number[] = [];
    for (const name of names) {
      const i = index.get(headerMatch(name));
      if (i === undefined) {
        errors.push({ line: header.line, column: name, reason: `no column "${name}" (for ${field})` });
        continue;
      }
      indexes.push(i);
      used.add(i);
    }
    columns.push([field, indexes]);
  }
  const has = (field: LeadField): boolean => applied[field] !== undefined;
  const reachable =
    has('address_line') || has('zip') || has('phone') || has('email') || (has('city') && has('state'));
  if (!reachable && errors.length === read.errors.length) {
    errors.push({
      line: header.line,
      reason: 'no column gives an address, ZIP, city + state, phone or email; give a column mapping',
    });
  }
  if (errors.length > read.errors.length) return result(applied);
  const unmapped = headers.map((_, i) => i).filter((i) => !used.has(i));
  const listings: ParsedListing[] = [];
  for (const row of rows) {
    if (row.fields.every((f) => f.trim() === '')) continue;
    const listing = readRow(row, headers, columns, unmapped, errors);
    if (listing) listings.push(listing);
  }
  errors.sort((a, b) => a.line - b.line);
  return { listings, errors, mapping: applied, delimiter: read.delimiter };
}

/**
 * `parseLeadCsv` with inferred columns, as a source Parser (for `aiqleads parse --source csv`). Row errors
 * don't fit a ParseOutcome: callers that report them (uploads, `import-csv`) use parseLeadCsv.
 */
export const parseLeadCsvPayload: Parser = (payload) => {
  const { listings, errors } = parseLeadCsv(payload);
  if (listings.length === 0 && errors.length > 0) {
    return { skipped: 'unreadable', detail: `line ${errors[0]!.line}: ${errors[0]!.reason}` };
  }
  return { listings };
};
