import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ParsedListing } from '../listing.types.js';
import { parseConnectionsCsv, parseConnectionsPayload } from './linkedin.connections.js';

const text = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/linkedin/${name}`, import.meta.url), 'utf8');

describe('parseConnectionsCsv', () => {
  it('reads the BOM + CRLF export with quoted commas and quotes, and reports the nameless row', () => {
    const { listings, errors } = parseConnectionsCsv(text('Connections.bom-crlf-edgecases.csv'));
    expect(errors).toEqual([{ line: 8, reason: 'no name (First Name and Last Name are empty)' }]);
    expect(listings.map((l) => [l.contact.name, l.contact.emails, l.attributes])).toEqual([
      [
        'Pat Example',
        [],
        {
          profile_url: 'https://www.linkedin.com/in/pat-example-1a2b3c',
          company: 'Stripe, Inc.',
          position: 'Technical Recruiter',
          connected_on: '2024-03-12',
        },
      ],
      [
        'Sam Sample',
        ['sam@example.com'],
        {
          profile_url: 'https://www.linkedin.com/in/SamSample/',
          company: 'Amazon Web Services (AWS)',
          position: 'Engineering Manager, Payments',
          connected_on: '2023-01-03',
        },
      ],
      [
        'Kai',
        [],
        {
          profile_url: 'https://www.linkedin.com/in/kai-example',
          company: 'Razorpay',
          position: 'Senior Engineer "Platform"',
          connected_on: '2022-02-07',
        },
      ],
      ['Lee Fictional', [], { company: 'Flipkart', position: 'SDE II', connected_on: '2021-08-01' }],
    ]);
    expect(listings[1]).toMatchObject({
      source: 'linkedin',
      listing_type: 'contact_import',
      external_id: 'https://www.linkedin.com/in/samsample',
      url: 'https://www.linkedin.com/in/SamSample/',
      consent: null,
    });
    expect(listings[3]).toMatchObject({ external_id: null, url: null });
    for (const listing of listings) expect(Value.Check(ParsedListing, listing)).toBe(true);
  });

  it('reports every name-less row of the real export (LF, no BOM) on its own line', () => {
    const { listings, errors } = parseConnectionsCsv(
      text('Connections.real-export-preamble-header-anonymous-rows.csv'),
    );
    expect(listings).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7, 8, 9]);
  });

  it('finds the header after a multi-line quoted disclaimer and counts lines through it', () => {
    const csv = [
      'Notes:',
      '"When exporting your connection data,',
      'you may notice that some of the email addresses are missing."',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Ana,Example,https://www.linkedin.com/in/ana-example,ana@example.com,"Acme, ""Homes""",Broker,01 Aug 2021',
      ',,,,,,02 Jun 2022',
      'Bo,Sample,,not-an-email,,,someday',
    ].join('\r\n');
    const { listings, errors } = parseConnectionsCsv(csv);
    expect(listings.map((l) => [l.contact.name, l.attributes.company])).toEqual([
      ['Ana Example', 'Acme, "Homes"'],
    ]);
    expect(errors).toEqual([
      { line: 7, reason: 'no name (First Name and Last Name are empty)' },
      { line: 8, reason: 'email is not an address: "not-an-email"' },
    ]);
  });

  it('keeps an unreadable date as text', () => {
    const csv = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,,,,,,someday\n';
    expect(parseConnectionsCsv(csv).listings[0]?.attributes).toEqual({
      connected_on: null,
      connected_on_text: 'someday',
    });
  });

  it('refuses a file that is not a Connections export', () => {
    expect(parseConnectionsCsv('Name,Phone\nAna,555\n')).toEqual({
      listings: [],
      errors: [
        { line: 1, reason: 'no "First Name,Last Name,URL" header row: not a LinkedIn Connections export' },
      ],
    });
    expect(parseConnectionsPayload('Name,Phone\n')).toMatchObject({ skipped: 'unreadable' });
    expect(parseConnectionsPayload(text('Connections.bom-crlf-edgecases.csv'))).toMatchObject({
      listings: { length: 4 },
    });
  });
});
