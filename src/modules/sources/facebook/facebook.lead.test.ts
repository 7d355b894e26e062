import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ParsedListing } from '../listing.types.js';
import {
  FacebookLeadError,
  mapGraphLead,
  mapGraphLeadsPage,
  parseFacebookLeadPayload,
} from './facebook.lead.js';

const text = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/facebook_leadads/${name}`, import.meta.url), 'utf8');
const json = (name: string): Record<string, unknown> => JSON.parse(text(name));

describe('mapGraphLead', () => {
  it("maps the docs' lead: contact from standard fields, unknown questions kept as attributes", () => {
    const listing = mapGraphLead(text('graph_lead_by_id_response.json'));
    expect(listing).toMatchObject({
      source: 'facebook_leadads',
      listing_type: 'form_lead',
      external_id: '<LEAD_ID>',
      posted_at: '2015-02-28T08:49:14.000Z',
      contact: { name: 'Joe Example', phones: [], emails: ['joe@example.com'] },
      attributes: { car_make: 'Honda', selected_dealer: '99213450', ad_id: '<AD_ID>', form_id: '<FORM_ID>' },
      consent: null,
      price: null,
    });
    expect(Value.Check(ParsedListing, listing)).toBe(true);
  });

  it('maps a seller form: address, custom questions, consent, exact long id', () => {
    const listing = mapGraphLead(text('graph_lead_seller_form.json'));
    expect(listing).toMatchObject({
      external_id: '120226863088130609',
      posted_at: '2024-06-10T15:59:50.000Z',
      contact: {
        name: 'Jordan Fictional',
        phones: ['+13125550142'],
        emails: ['jordan.fictional@example.com'],
      },
      address_line: '742 Example Ave',
      city: 'Springfield',
      state: 'IL',
      zip: '62704',
      property_type: 'house',
      bedrooms: 3,
      price: 289000,
      bathrooms: null,
      consent: {
        text: null,
        answers: [
          { key: 'tcpa_consent', accepted: true },
          { key: 'marketing_emails', accepted: false },
        ],
      },
    });
    expect(listing.attributes).toEqual({
      timeline: 'within_3_months',
      is_the_home_listed_with_an_agent: 'no',
      // An answer that does not read as its field is kept as text, not dropped and not guessed.
      bathrooms: 'not sure',
      ad_id: '120226863088130611',
      form_id: '9007199254740993',
      platform: 'fb',
      is_organic: false,
    });
    expect(Value.Check(ParsedListing, listing)).toBe(true);
  });

  it('takes consent from the separately fetched disclaimer responses of the same lead', () => {
    const disclaimer = json('graph_lead_custom_disclaimer_responses.json');
    const lead = { ...json('graph_lead_by_id_response.json'), id: disclaimer.id };
    expect(mapGraphLead(lead, disclaimer).consent).toEqual({
      text: null,
      answers: [
        { key: 'optional_1', accepted: true },
        { key: 'optional_2', accepted: false },
      ],
    });
  });

  it("refuses to attach another lead's consent (the docs' samples have different ids)", () => {
    const run = () =>
      mapGraphLead(
        text('graph_lead_by_id_response.json'),
        text('graph_lead_custom_disclaimer_responses.json'),
      );
    expect(run).toThrow(FacebookLeadError);
    expect(run).toThrow('the disclaimer responses belong to lead 1231231231, not <LEAD_ID>');
  });

  it.each([
    ['not JSON', '{', 'the lead is not JSON'],
    ['an array', '[]', 'the lead is not a JSON object'],
    ['no id', '{"field_data":[]}', 'the lead has no id'],
    ['no field_data', '{"id":"1"}', 'lead 1 has no field_data list'],
    [
      'a field without values',
      '{"id":"1","field_data":[{"name":"email"}]}',
      'lead 1 has a field_data entry without name and values',
    ],
    [
      'a Graph error body',
      '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}',
      'Graph API error 190: Invalid OAuth access token.',
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => mapGraphLead(raw)).toThrow(message);
  });

  it('joins first and last name and reads a work e-mail / phone as contact', () => {
    const listing = mapGraphLead({
      id: '5',
      created_time: 'not a date',
      field_data: [
        { name: 'first_name', values: ['Ana'] },
        { name: 'last_name', values: ['Example'] },
        { name: 'work_email', values: ['ana@example.com'] },
        { name: 'work_phone_number', values: ['(555) 555-0190'] },
        { name: 'province', values: ['Ontario'] },
        { name: 'post_code', values: ['M5V 2T6'] },
        { name: 'country', values: ['CA'] },
      ],
    });
    expect(listing).toMatchObject({
      posted_at: null,
      state: 'ON',
      zip: 'M5V 2T6',
      contact: { name: 'Ana Example', emails: ['ana@example.com'], phones: ['(555) 555-0190'] },
      attributes: { country: 'CA' },
    });
  });
});

describe('mapGraphLeadsPage', () => {
  it('maps the bulk response and returns the after cursor', () => {
    const page = mapGraphLeadsPage(text('graph_form_leads_bulk_response.json'));
    expect(page.errors).toEqual([]);
    expect(page.after).toBe('OTcxNjcyOTg8ANTI4NzE4');
    expect(page.next).toBeNull();
    expect(page.listings.map((l) => [l.posted_at, l.contact.name])).toEqual([
      ['2018-02-28T08:49:14.000Z', 'Joe Example'],
    ]);
  });

  it('reports a malformed lead by index and keeps the rest', () => {
    const page = mapGraphLeadsPage({
      data: [{ id: '1', field_data: [] }, { id: '2' }, 'junk'],
      paging: { cursors: { after: 'QVFI' }, next: 'https://graph.facebook.com/v25.0/9/leads?after=QVFI' },
    });
    expect(page.listings.map((l) => l.external_id)).toEqual(['1']);
    expect(page.errors).toEqual([
      { index: 1, id: '2', reason: 'lead 2 has no field_data list' },
      { index: 2, id: null, reason: 'the lead is not a JSON object' },
    ]);
    expect(page).toMatchObject({
      after: 'QVFI',
      next: 'https://graph.facebook.com/v25.0/9/leads?after=QVFI',
    });
  });

  it('is a source Parser for a lead, a page, or an unreadable payload', () => {
    expect(parseFacebookLeadPayload(text('graph_lead_by_id_response.json'))).toMatchObject({
      listings: [{ external_id: '<LEAD_ID>' }],
    });
    expect(parseFacebookLeadPayload(text('graph_form_leads_bulk_response.json'))).toMatchObject({
      listings: [{}],
    });
    expect(parseFacebookLeadPayload('nope')).toEqual({
      skipped: 'unreadable',
      detail: 'the payload is not JSON',
    });
  });
});
