import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ParsedListing } from '../listing.types.js';
import { LinkedInLeadError, mapLeadFormResponses } from './linkedin.leadgen.js';

const text = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/linkedin/${name}`, import.meta.url), 'utf8');
const form3162 = text('leadForm_3162.json');

describe('mapLeadFormResponses', () => {
  it('joins answers to predefined questions of the form (q=owner page)', () => {
    const { listings, errors, paging } = mapLeadFormResponses(
      text('leadFormResponses_q_owner_response.json'),
      form3162,
    );
    expect(errors).toEqual([]);
    expect(listings.map((l) => [l.external_id, l.contact])).toEqual([
      ['lead-a', { name: 'Ada', phones: ['+1-555-0100'], emails: ['ada@example.com'] }],
      ['lead-b', { name: 'Bob', phones: [], emails: ['bob@example.com'] }],
    ]);
    expect(listings[0]).toMatchObject({
      source: 'linkedin',
      listing_type: 'form_lead',
      posted_at: '2023-06-07T23:59:18.881Z',
      consent: { text: null, answers: [{ key: '4', accepted: true }] },
      attributes: {
        test_lead: false,
        lead_type: 'SPONSORED',
        form_urn: 'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:3162,1)',
        campaign_urn: 'urn:li:sponsoredCampaign:367378525',
      },
    });
    expect(paging).toEqual({ start: 0, count: null, total: 2, nextStart: null });
    for (const listing of listings) expect(Value.Check(ParsedListing, listing)).toBe(true);
  });

  it('reads a single response (GET by id)', () => {
    const { listings } = mapLeadFormResponses(text('leadFormResponse_get_by_id.json'), form3162);
    expect(listings.map((l) => [l.external_id, l.contact.emails])).toEqual([
      ['aaaabbbb-0000-cccc-1111-dddd2222eeee-5', ['x@y.com']],
    ]);
  });

  it('keeps a multiple-choice answer to a question the form lacks, as option ids', () => {
    const { listings } = mapLeadFormResponses(
      text('leadFormResponses_multiple_choice_answer.json'),
      form3162,
    );
    expect(listings[0]?.attributes).toMatchObject({ question_99: '1, 3' });
    expect(listings[0]?.contact.emails).toEqual(['ada@example.com']);
  });

  it('maps a seller form: custom questions by text, options by their text, consent wording, paging', () => {
    const { listings, errors, paging } = mapLeadFormResponses(
      text('leadFormResponses_seller.json'),
      text('leadForm_seller.json'),
    );
    expect(listings[0]).toMatchObject({
      contact: {
        name: 'Robin Fictional',
        phones: ['(614) 555-0177'],
        emails: ['robin.fictional@example.com'],
      },
      address_line: '88 Example Blvd',
      city: 'Columbus',
      state: 'OH',
      zip: '43215',
      property_type: 'house',
      description: 'Tenant until August.',
      price: null,
      posted_at: '2024-06-10T15:59:50.000Z',
      consent: {
        text: 'I agree to be contacted by phone and text about selling my home.\nSend me market updates by email.',
        answers: [
          { key: '4', accepted: true },
          { key: '5', accepted: false },
        ],
      },
    });
    expect(listings[0]?.attributes).toMatchObject({
      company: 'Example Widgets LLC',
      job_title: 'Operations Manager',
      asking_price: 'around 350k',
      timeline: '3-12 months',
      question_999: 'from an older form version',
    });
    // Two ticked property types: kept as text rather than picking one.
    expect(listings[1]).toMatchObject({
      property_type: null,
      attributes: { property_type: 'Condo, Townhouse', test_lead: true },
    });
    expect(errors).toEqual([
      {
        id: '5f1c0a7e-0000-4c2b-9d1e-000000000003-1',
        reason: 'form 9999 was not given; fetch /rest/leadForms/9999',
      },
    ]);
    expect(paging).toEqual({ start: 0, count: 3, total: 7, nextStart: 3 });
    for (const listing of listings) expect(Value.Check(ParsedListing, listing)).toBe(true);
  });

  it('accepts several forms at once (a list or a leadForms finder page)', () => {
    const forms = [JSON.parse(form3162), JSON.parse(text('leadForm_seller.json'))];
    for (const formJson of [forms, { elements: forms, paging: { start: 0, count: 10 } }]) {
      const { listings, errors } = mapLeadFormResponses(text('leadFormResponses_seller.json'), formJson);
      expect([listings.length, errors.length]).toEqual([2, 1]);
    }
  });

  it.each([
    [{ start: 0, count: 10, total: 25 }, 10, 10],
    [{ start: 20, count: 10, total: 25 }, 5, null],
    [{ start: 0, count: 10 }, 10, 10],
    [{ start: 0, count: 10 }, 4, null],
    [{ start: 30, count: 10, total: 25 }, 0, null],
  ])('paging %j with %i responses → nextStart %j', (paging, returned, nextStart) => {
    const element = JSON.parse(text('leadFormResponse_get_by_id.json'));
    const body = { elements: Array.from({ length: returned }, () => element), paging };
    expect(mapLeadFormResponses(body, form3162).paging.nextStart).toBe(nextStart);
  });

  it.each([
    ['responses that are not JSON', '{', form3162, 'the responses payload is not JSON'],
    ['responses without elements', '{"paging":{}}', form3162, 'the responses have no elements list'],
    ['no usable form', '{"elements":[]}', '{"id":3162}', 'no lead form with an id and questions was given'],
  ])('rejects %s', (_name, responses, form, message) => {
    expect(() => mapLeadFormResponses(responses, form)).toThrow(LinkedInLeadError);
    expect(() => mapLeadFormResponses(responses, form)).toThrow(message);
  });
});
