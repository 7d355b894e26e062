import { type Static, Type } from 'typebox';
import {
  headerKey,
  LEAD_FIELDS,
  type LeadField,
  MULTI_COLUMN_FIELDS,
  recogniseHeader,
} from './lead-fields.js';

const Column = Type.String({ minLength: 1, maxLength: 200, description: 'A column header of the file' });
const Columns = Type.Union([Column, Type.Array(Column, { minItems: 1, maxItems: 10 })], {
  description: 'One column header, or several whose values are joined (name, address) or collected (phones)',
});

/**
 * Which column of an uploaded file fills which listing field (headers match case-insensitively). Route
 * schemas use it as is; a field left out is not read.
 */
export const LeadCsvMapping = Type.Object(
  {
    title: Type.Optional(Column),
    description: Type.Optional(Columns),
    price: Type.Optional(Column),
    bedrooms: Type.Optional(Column),
    bathrooms: Type.Optional(Column),
    sqft: Type.Optional(Column),
    lot_sqft: Type.Optional(Column),
    year_built: Type.Optional(Column),
    property_type: Type.Optional(Column),
    listing_type: Type.Optional(Column),
    address_line: Type.Optional(Columns),
    city: Type.Optional(Column),
    state: Type.Optional(Column),
    zip: Type.Optional(Column),
    latitude: Type.Optional(Column),
    longitude: Type.Optional(Column),
    posted_at: Type.Optional(Column),
    contact_name: Type.Optional(Columns),
    phone: Type.Optional(Columns),
    email: Type.Optional(Columns),
    url: Type.Optional(Column),
    external_id: Type.Optional(Column),
  },
  { additionalProperties: false },
);
export type LeadCsvMapping = Static<typeof LeadCsvMapping>;

const FIRST_NAME = new Set(['first_name', 'firstname', 'owner_first_name', 'given_name']);
const LAST_NAME = new Set(['last_name', 'lastname', 'owner_last_name', 'surname', 'family_name']);
const isMulti = (field: LeadField): boolean => (MULTI_COLUMN_FIELDS as readonly string[]).includes(field);

/**
 * The mapping for a file with no mapping given, from common header names ("Owner Name", "Phone",
 * "Property Address", "Zip Code", "Asking Price", "Beds", "Baths", "Sq Ft", …). Every phone and e-mail
 * column is taken; "First Name" + "Last Name" make the name when no single name column exists.
 */
export function inferLeadCsvMapping(headers: readonly string[]): LeadCsvMapping {
  const found = new Map<LeadField, string[]>();
  const first: string[] = [];
  const last: string[] = [];
  for (const header of headers) {
    const key = headerKey(header);
    if (FIRST_NAME.has(key)) first.push(header);
    if (LAST_NAME.has(key)) last.push(header);
    const field = recogniseHeader(header);
    if (field === null) continue;
    const columns = found.get(field) ?? [];
    if (columns.length === 0 || field === 'phone' || field === 'email') columns.push(header);
    found.set(field, columns);
  }
  if (!found.has('contact_name') && (first.length > 0 || last.length > 0)) {
    found.set('contact_name', [...first.slice(0, 1), ...last.slice(0, 1)]);
  }
  const mapping: Record<string, string | string[]> = {};
  for (const field of LEAD_FIELDS) {
    const columns = found.get(field);
    if (!columns) continue;
    mapping[field] = isMulti(field) && columns.length > 1 ? columns : columns[0]!;
  }
  return mapping as LeadCsvMapping;
}

/** The columns a mapping names for each field, as a list. */
export function mappedColumns(mapping: LeadCsvMapping): Array<[LeadField, string[]]> {
  const out: Array<[LeadField, string[]]> = [];
  for (const field of LEAD_FIELDS) {
    const value = mapping[field];
    if (value === undefined) continue;
    out.push([field, Array.isArray(value) ? value : [value]]);
  }
  return out;
}
