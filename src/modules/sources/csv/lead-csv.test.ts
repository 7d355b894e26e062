import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ParsedListing } from '../listing.types.js';
import { LeadCsvMappingError, parseLeadCsv, parseLeadCsvPayload } from './lead-csv.js';
import { inferLeadCsvMapping, type LeadCsvMapping } from './lead-csv-mapping.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/csv/${name}`, import.meta.url), 'utf8');

const MIXED_MAPPING: LeadCsvMapping = {
  contact_name: 'seller',
  phone: 'Cell',
  email: 'e-mail',
  address_line: 'Street',
  city: 'Town',
  state: 'st',
  zip: 'POSTAL',
  price: 'Price',
  bedrooms: 'Bedrooms',
  latitude: 'Lat',
  longitude: 'Lng',
  external_id: 'Lead Ref',
  listing_type: 'Kind',
};

describe('parseLeadCsv on the fixtures', () => {
  it('reads a clean file with inferred columns', () => {
    const { listings, errors, mapping, delimiter } = parseLeadCsv(fixture('leads-clean.csv'));
    expect(errors).toEqual([]);
    expect(delimiter).toBe(',');
    expect(mapping).toMatchObject({
      contact_name: 'Owner Name',
      zip: 'Zip Code',
      price: 'Asking Price',
      sqft: 'Sq Ft',
    });
    expect(listings).toHaveLength(4);
    expect(listings[0]).toMatchObject({
      source: 'csv',
      listing_type: 'contact_import',
      external_id: null,
      price: 415000,
      bedrooms: 3,
      bathrooms: 2,
      sqft: 1850,
      year_built: 1924,
      property_type: 'house',
      address_line: '1418 W Example Ave',
      city: 'Chicago',
      state: 'IL',
      zip: '60622',
      description: 'Motivated seller',
      contact: { name: 'Dana Fictional', phones: ['(312) 555-0101'], emails: ['dana@example.com'] },
    });
    expect(listings[3]).toMatchObject({
      state: 'IL',
      zip: '60540-1234',
      sqft: 3100,
      contact: { phones: ['(630) 555-0104', '(630) 555-0105'] },
    });
    for (const listing of listings) expect(Value.Check(ParsedListing, listing)).toBe(true);
  });

  it('keeps good rows and reports each bad one on its exact line (BOM, CRLF, blank lines)', () => {
    const { listings, errors } = parseLeadCsv(fixture('leads-mixed.csv'), MIXED_MAPPING);
    expect(errors).toEqual([
      { line: 3, column: 'Price', reason: 'price is not a number: "call me"' },
      { line: 4, column: 'Lat', reason: 'latitude out of range (-90 to 90): "95.5"' },
      { line: 5, column: 'ST', reason: 'state is not a two-letter state code: "Calif"' },
      { line: 7, reason: 'row has no address (street, ZIP, or city + state) and no phone or email' },
      { line: 9, column: 'Bedrooms', reason: 'bedrooms is not a number: "two"' },
      { line: 9, column: 'Postal', reason: 'zip has 4 digits (a leading zero lost by a spreadsheet?)' },
      { line: 9, column: 'E-mail', reason: 'email is not an address: "riley@example"' },
      { line: 10, reason: 'row has 14 fields but the header has 13' },
    ]);
    expect(listings.map((l) => [l.external_id, l.listing_type])).toEqual([
      ['R-001', 'fsbo_sale'],
      ['R-006', 'owner_rental'],
      ['R-009', 'contact_import'],
    ]);
    expect(listings[0]).toMatchObject({ latitude: 37.7599, longitude: -122.4148, price: 1250000 });
    expect(listings[2]?.attributes).toEqual({ listing_type_text: 'agent listing' });
  });

  it('detects a semicolon file and splits a quoted "a; b" phone cell', () => {
    const mapping: LeadCsvMapping = {
      contact_name: 'Nom',
      phone: 'Telefon',
      address_line: 'Adresse',
      city: 'Stadt',
      state: 'State',
      zip: 'ZIP',
      price: 'Preis',
      bedrooms: 'Zimmer',
    };
    const { listings, errors, delimiter } = parseLeadCsv(fixture('leads-semicolon.csv'), mapping);
    expect(delimiter).toBe(';');
    expect(errors).toEqual([]);
    expect(listings.map((l) => [l.contact.phones, l.price, l.city])).toEqual([
      [['(702) 555-0120', '(702) 555-0121'], 415000, 'Las Vegas'],
      [['702-555-0122'], 299000, 'Henderson'],
    ]);
  });

  it('counts physical lines through multi-line quoted descriptions', () => {
    const { listings, errors } = parseLeadCsv(fixture('leads-multiline.csv'));
    expect(errors).toEqual([
      { line: 5, column: 'Asking Price', reason: 'price is not a number: "not sure"' },
      { line: 8, column: 'State', reason: 'state is not a two-letter state code: "XX"' },
    ]);
    expect(listings.map((l) => l.contact.name)).toEqual(['Drew Fictional', 'Emery Test', 'Gray Demo']);
    expect(listings[0]?.description).toBe('Corner lot.\nNew roof in 2021.\nSeller says "no agents", please.');
  });
});

describe('parseLeadCsv edge cases', () => {
  it.each([
    ['an empty file', '', [{ line: 1, reason: 'the file has no header row' }]],
    ['only blank lines', '\r\n\r\n', [{ line: 1, reason: 'the file has no header row' }]],
    [
      'no recognisable column',
      'Foo,Bar\n1,2\n',
      [
        {
          line: 1,
          reason: 'no column gives an address, ZIP, city + state, phone or email; give a column mapping',
        },
      ],
    ],
  ])('reports %s at file level', (_name, text, errors) => {
    expect(parseLeadCsv(text)).toMatchObject({ listings: [], errors });
  });

  it('reports a mapped column the file lacks, at the header line, and reads no rows', () => {
    const text = '\n\nName,Phone\nAda Example,(555) 555-0150\n';
    const { listings, errors } = parseLeadCsv(text, {
      contact_name: 'Name',
      phone: 'Phone',
      zip: 'Zip Code',
    });
    expect(listings).toEqual([]);
    expect(errors).toEqual([{ line: 3, column: 'Zip Code', reason: 'no column "Zip Code" (for zip)' }]);
  });

  it('rejects a mapping that does not fit the schema with a typed 400 error', () => {
    const bad = { zip: 'Zip', owner: 'Owner' } as unknown as LeadCsvMapping;
    expect(() => parseLeadCsv('Zip\n60601\n', bad)).toThrow(LeadCsvMappingError);
    try {
      parseLeadCsv('Zip\n60601\n', bad);
    } catch (error) {
      expect(error).toMatchObject({ code: 'CSV_MAPPING_INVALID', status: 400 });
    }
  });

  it('reads a tab-separated file, joins First + Last Name, keeps unmapped columns as attributes', () => {
    const text =
      'First Name\tLast Name\tPhone 1\tPhone 2\tZip\tPool\n\tExample\t555-555-0160\t555-555-0161\t60601\tyes\n';
    const { listings, errors, mapping } = parseLeadCsv(text);
    expect(errors).toEqual([]);
    expect(mapping).toMatchObject({
      contact_name: ['First Name', 'Last Name'],
      phone: ['Phone 1', 'Phone 2'],
    });
    expect(listings[0]).toMatchObject({
      contact: { name: 'Example', phones: ['555-555-0160', '555-555-0161'] },
      zip: '60601',
      attributes: { pool: 'yes' },
    });
  });

  it('treats 0,0 as "no position" and requires latitude with longitude', () => {
    const text = 'Zip,Lat,Lng\n60601,0,0\n60602,41.88,\n';
    const { listings, errors } = parseLeadCsv(text, { zip: 'Zip', latitude: 'Lat', longitude: 'Lng' });
    expect(listings.map((l) => [l.latitude, l.longitude])).toEqual([[null, null]]);
    expect(errors).toEqual([{ line: 3, reason: 'latitude and longitude must be given together' }]);
  });

  it('accepts trailing empty fields Excel adds but not extra values', () => {
    const text = 'Zip,Phone\n60601,555-555-0170,,\n60602,555-555-0171,oops\n';
    const { listings, errors } = parseLeadCsv(text);
    expect(listings).toHaveLength(1);
    expect(errors).toEqual([{ line: 3, reason: 'row has 3 fields but the header has 2' }]);
  });

  it('infers nothing from headers it does not know', () => {
    expect(inferLeadCsvMapping(['Mailing Address', 'Color'])).toEqual({});
  });

  it('works as a source Parser, skipping a file it cannot read', () => {
    expect(parseLeadCsvPayload('Foo\n1\n')).toEqual({
      skipped: 'unreadable',
      detail: 'line 1: no column gives an address, ZIP, city + state, phone or email; give a column mapping',
    });
    const outcome = parseLeadCsvPayload(fixture('leads-clean.csv'));
    expect('listings' in outcome && outcome.listings.length).toBe(4);
  });
});
