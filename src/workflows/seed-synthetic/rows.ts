import type { SyntheticLead } from './generate.js';

// The table rows a synthetic lead becomes, as plain values: the same rows feed COPY on PostgreSQL and
// jsonb_to_recordset on PGlite, so both backends store exactly the same data.

/** The synthetic leads' provenance: existing source 'csv' (an upload), one raw record per batch. */
export const SYNTHETIC_SOURCE = 'csv';
/** Marks the raw records and parser version of generated data. */
export const GENERATOR_VERSION = 'seed-synthetic-1';

export type Cell = string | number | boolean | null;

/** Columns of `leads` the loader writes, in COPY order. */
export const LEAD_COLUMNS = [
  'id',
  'status',
  'listing_type',
  'property_type',
  'title',
  'description',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft',
  'lot_sqft',
  'year_built',
  'address_line',
  'city',
  'state',
  'zip',
  'address_canonical',
  'location',
  'geo_precision',
  'posted_at',
  'attributes',
  'quality_score',
  'fraud_score',
  'quality_reasons',
  'fraud_reasons',
  'score_version',
  'scored_at',
  'first_seen_at',
  'last_seen_at',
  'created_at',
  'updated_at',
  // Written with the lead so the lead_sources trigger (0019) finds nothing to change.
  'source_ids',
] as const;
export const CONTACT_COLUMNS = ['lead_id', 'name', 'phones', 'emails', 'dnc'] as const;
export const SOURCE_COLUMNS = ['lead_id', 'raw_record_id', 'source_id', 'external_id', 'fields'] as const;

const SUPPLIED =
  '{listing_type,property_type,title,description,price,bedrooms,bathrooms,sqft,address_line,city,state,zip}';

/** A point as hex EWKB (SRID 4326): the cheapest text form for PostgreSQL to read into a geography. */
export function ewkbPoint(longitude: number, latitude: number): string {
  const buffer = Buffer.alloc(25);
  buffer.writeUInt8(1, 0);
  buffer.writeUInt32LE(0x20000001, 1);
  buffer.writeUInt32LE(4326, 5);
  buffer.writeDoubleLE(longitude, 9);
  buffer.writeDoubleLE(latitude, 17);
  return buffer.toString('hex');
}

/** A PostgreSQL array literal of text values. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

/** The `leads` row, in LEAD_COLUMNS order. */
export function leadRow(lead: SyntheticLead, scoreVersion: number): Cell[] {
  const scoredAt = lead.firstSeenAt.toISOString();
  const reason = (code: string, points: number) =>
    JSON.stringify(points === 0 ? [] : [{ code, points, detail: 'drawn by seed --synthetic' }]);
  return [
    lead.id,
    'published',
    lead.listingType,
    lead.propertyType,
    lead.title,
    lead.description,
    lead.price,
    lead.bedrooms,
    lead.bathrooms,
    lead.sqft,
    lead.lotSqft,
    lead.yearBuilt,
    lead.addressLine,
    lead.city,
    lead.state,
    lead.zip,
    `${lead.addressLine}, ${lead.city}, ${lead.state} ${lead.zip}`.toUpperCase(),
    ewkbPoint(lead.longitude, lead.latitude),
    'rooftop',
    lead.postedAt.toISOString(),
    JSON.stringify({ synthetic: true, motivation: lead.motivation }),
    lead.qualityScore,
    lead.fraudScore,
    reason('synthetic_quality', lead.qualityScore),
    reason('synthetic_fraud', lead.fraudScore),
    scoreVersion,
    scoredAt,
    lead.firstSeenAt.toISOString(),
    lead.lastSeenAt.toISOString(),
    lead.firstSeenAt.toISOString(),
    lead.lastSeenAt.toISOString(),
    textArray([SYNTHETIC_SOURCE]),
  ];
}

/** The `contacts` row, with a DNC scrub result for contacts that have a phone. */
export function contactRow(lead: SyntheticLead): Cell[] {
  const { phones, emails, name, dncListed } = lead.contact;
  const dnc =
    phones.length === 0
      ? null
      : JSON.stringify({
          scrubbed_at: lead.firstSeenAt.toISOString(),
          listed: dncListed ? phones.map((phone) => ({ phone, lists: ['national'] })) : [],
          checked: phones,
          unchecked: [],
        });
  return [lead.id, name, textArray(phones), textArray(emails), dnc];
}

/** The `lead_sources` row tying a lead to its batch's raw record. */
export function sourceRow(lead: SyntheticLead, rawRecordId: number): Cell[] {
  return [lead.id, rawRecordId, SYNTHETIC_SOURCE, lead.externalId, SUPPLIED];
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One line of COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(cells: readonly Cell[]): string {
  return `${cells
    .map((cell) => (cell === null ? '\\N' : String(cell).replace(/[\\\n\r\t]/g, (c) => ESCAPES[c] as string)))
    .join('\t')}\n`;
}

/** Rows as objects keyed by column, for jsonb_to_recordset. */
export function rowObject(columns: readonly string[], cells: readonly Cell[]): Record<string, Cell> {
  return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? null]));
}
