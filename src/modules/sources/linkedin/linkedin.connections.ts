import { readCsv, readDate, readEmail } from '../csv/index.js';
import { emptyListing, type ParsedListing, type Parser } from '../listing.types.js';
import { LINKEDIN_SOURCE } from './linkedin.leadgen.js';

export interface ConnectionsResult {
  listings: ParsedListing[];
  /** Rows that could not be used, by their 1-based physical line in the file. */
  errors: Array<{ line: number; reason: string }>;
}

const COLUMNS = {
  first: 'first name',
  last: 'last name',
  url: 'url',
  email: 'email address',
  company: 'company',
  position: 'position',
  connectedOn: 'connected on',
} as const;
type Column = keyof typeof COLUMNS;

// A profile URL names one member whatever its case or trailing slash, so it serves as their id.
function profileId(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!/(^|\.)linkedin\.com$/i.test(parsed.hostname)) return null;
    return `https://www.linkedin.com${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * LinkedIn's Connections.csv export (BOM, "Notes:" preamble, CRLF, RFC 4180 quoting) as contact_import
 * listings. The header row is found by its content, not a fixed offset; rows without a name are reported
 * with their line, as are rows with an e-mail that is not one.
 */
export function parseConnectionsCsv(text: string): ConnectionsResult {
  const { rows, errors: readErrors } = readCsv(text, { delimiter: ',' });
  const errors: ConnectionsResult['errors'] = [...readErrors];
  const headerAt = rows.findIndex((row) => {
    const [a, b, c] = row.fields.map((f) => f.trim().toLowerCase());
    return a === COLUMNS.first && b === COLUMNS.last && c === COLUMNS.url;
  });
  if (headerAt === -1) {
    errors.push({
      line: 1,
      reason: 'no "First Name,Last Name,URL" header row: not a LinkedIn Connections export',
    });
    return { listings: [], errors };
  }
  const header = rows[headerAt]!.fields.map((f) => f.trim().toLowerCase());
  const at = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((key) => [key, header.indexOf(COLUMNS[key])]),
  ) as Record<Column, number>;
  const listings: ParsedListing[] = [];
  for (const { line, fields } of rows.slice(headerAt + 1)) {
    const cell = (key: Column): string => (at[key] >= 0 ? (fields[at[key]] ?? '').trim() : '');
    if (fields.every((f) => f.trim() === '')) continue;
    const name = [cell('first'), cell('last')].filter((part) => part !== '').join(' ');
    if (name === '') {
      errors.push({ line, reason: 'no name (First Name and Last Name are empty)' });
      continue;
    }
    const listing = emptyListing(LINKEDIN_SOURCE);
    listing.listing_type = 'contact_import';
    listing.contact.name = name;
    if (cell('email') !== '') {
      const email = readEmail(cell('email'));
      if (!email.ok) {
        errors.push({ line, reason: email.reason });
        continue;
      }
      listing.contact.emails.push(email.value!);
    }
    const url = cell('url');
    if (url !== '') {
      listing.url = url;
      listing.external_id = profileId(url);
      listing.attributes.profile_url = url;
    }
    if (cell('company') !== '') listing.attributes.company = cell('company');
    if (cell('position') !== '') listing.attributes.position = cell('position');
    if (cell('connectedOn') !== '') {
      const date = readDate(cell('connectedOn'));
      listing.attributes.connected_on = date.ok ? date.value : null;
      if (!date.ok) listing.attributes.connected_on_text = cell('connectedOn');
    }
    listings.push(listing);
  }
  return { listings, errors };
}

/** parseConnectionsCsv as a source Parser; row errors only surface when no row was usable. */
export const parseConnectionsPayload: Parser = (payload) => {
  const { listings, errors } = parseConnectionsCsv(payload);
  if (listings.length === 0 && errors.length > 0) {
    return { skipped: 'unreadable', detail: `line ${errors[0]!.line}: ${errors[0]!.reason}` };
  }
  return { listings };
};
