import { describe, expect, it } from 'vitest';
import { buildLeadFormResponsesRequest, LinkedInRequestError } from './linkedin.request.js';

const ACCOUNT = 'urn:li:sponsoredAccount:522529623';

describe('buildLeadFormResponsesRequest', () => {
  it('builds the documented q=owner URL and the versioned headers', () => {
    const request = buildLeadFormResponsesRequest({
      owner: ACCOUNT,
      submittedAfter: 1686100000000,
      submittedBefore: 1686200000000,
      linkedInVersion: '202606',
    });
    expect(request).toEqual({
      url:
        'https://api.linkedin.com/rest/leadFormResponses?q=owner' +
        '&owner=(sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A522529623)' +
        '&leadType=(leadType:SPONSORED)&limitedToTestLeads=false' +
        '&submittedAtTimeRange=(start:1686100000000,end:1686200000000)',
      headers: { 'LinkedIn-Version': '202606', 'X-Restli-Protocol-Version': '2.0.0' },
    });
  });

  it('encodes a form URN filter whole, and adds paging, test-lead and base-URL options', () => {
    const { url } = buildLeadFormResponsesRequest({
      owner: 'urn:li:organization:5509810',
      leadType: 'COMPANY',
      submittedAfter: 0,
      versionedLeadGenFormUrn: 'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:3162,1)',
      limitedToTestLeads: true,
      start: 10,
      count: 10,
      linkedInVersion: '202606',
      baseUrl: 'http://127.0.0.1:4010/',
    });
    expect(url).toBe(
      'http://127.0.0.1:4010/rest/leadFormResponses?q=owner' +
        '&owner=(organization:urn%3Ali%3Aorganization%3A5509810)' +
        '&leadType=(leadType:COMPANY)&limitedToTestLeads=true&submittedAtTimeRange=(start:0)' +
        '&versionedLeadGenFormUrn=urn%3Ali%3AversionedLeadGenForm%3A%28urn%3Ali%3AleadGenForm%3A3162%2C1%29' +
        '&start=10&count=10',
    );
    // The URL survives WHATWG parsing unchanged: the literal parentheses are not re-encoded.
    expect(new URL(url).href).toBe(url);
  });

  it.each([
    [
      { owner: 'urn:li:person:abc' },
      'owner must be a sponsoredAccount or organization URN: urn:li:person:abc',
    ],
    [{ owner: 'urn:li:organization:1' }, 'leadType SPONSORED does not go with a organization owner'],
    [{ leadType: 'COMPANY' as const }, 'leadType COMPANY does not go with a sponsoredAccount owner'],
    [{ leadType: 'ORGANIC' as 'EVENT' }, 'unknown leadType ORGANIC'],
    [{ linkedInVersion: '2026-06' }, 'LinkedIn-Version must be YYYYMM: 2026-06'],
    [{ submittedAfter: 1.5 }, 'submittedAfter must be epoch milliseconds'],
    [{ submittedAfter: 10, submittedBefore: 5 }, 'submittedBefore is before submittedAfter'],
    [
      { versionedLeadGenFormUrn: 'urn:li:leadGenForm:3162' },
      'not a versioned lead form URN: urn:li:leadGenForm:3162',
    ],
    [{ count: 0 }, 'count must be a positive integer'],
    [{ start: -1 }, 'start must be a non-negative integer'],
  ])('refuses %j', (override, message) => {
    const query = { owner: ACCOUNT, submittedAfter: 1, linkedInVersion: '202606', ...override };
    expect(() => buildLeadFormResponsesRequest(query)).toThrow(LinkedInRequestError);
    expect(() => buildLeadFormResponsesRequest(query)).toThrow(message);
  });
});
