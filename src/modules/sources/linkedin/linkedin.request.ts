import { SourcePayloadError } from '../csv/index.js';

export const LEAD_TYPES = ['SPONSORED', 'EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT'] as const;
export type LeadType = (typeof LEAD_TYPES)[number];

/** A poll request that LinkedIn would refuse (bad owner URN, owner/lead type pairing, bad version). */
export class LinkedInRequestError extends SourcePayloadError {
  constructor(message: string) {
    super('LINKEDIN_REQUEST_INVALID', message, 400);
    this.name = 'LinkedInRequestError';
  }
}

export interface LeadResponsesQuery {
  /** `urn:li:sponsoredAccount:{id}` (ad leads) or `urn:li:organization:{id}` (page, event, product leads). */
  owner: string;
  /** Epoch ms; responses submitted at or after it. */
  submittedAfter: number;
  /** Epoch ms; when left out the range is open-ended. */
  submittedBefore?: number;
  /** Defaults to SPONSORED. */
  leadType?: LeadType;
  /** Only responses to this form version, e.g. `urn:li:versionedLeadGenForm:(urn:li:leadGenForm:3162,1)`. */
  versionedLeadGenFormUrn?: string;
  limitedToTestLeads?: boolean;
  /** Paging: `nextStart` of the previous page. */
  start?: number;
  count?: number;
  /** `LinkedIn-Version` header, YYYYMM (e.g. 202606). */
  linkedInVersion: string;
  /** API origin; tests point it at a local server. Defaults to https://api.linkedin.com. */
  baseUrl?: string;
}

export interface LinkedInRequest {
  url: string;
  headers: { 'LinkedIn-Version': string; 'X-Restli-Protocol-Version': '2.0.0' };
}

const OWNER = /^urn:li:(sponsoredAccount|organization):(\d+)$/;
const FORM_URN = /^urn:li:versionedLeadGenForm:\(urn:li:leadGenForm:\d+,\d+\)$/;

// encodeURIComponent leaves ( ) ! ' * alone; a bare URN value must be fully encoded for Rest.li.
const encodeAll = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const epochMs = (value: number, what: string): string => {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new LinkedInRequestError(`${what} must be epoch milliseconds`);
  return String(value);
};

/**
 * The `GET /rest/leadFormResponses?q=owner…` URL and headers for one poll. Rest.li unions keep their
 * parentheses and key literal and encode only the URN inside; the form URN filter is encoded whole.
 */
export function buildLeadFormResponsesRequest(query: LeadResponsesQuery): LinkedInRequest {
  const owner = OWNER.exec(query.owner);
  if (!owner)
    throw new LinkedInRequestError(`owner must be a sponsoredAccount or organization URN: ${query.owner}`);
  const leadType = query.leadType ?? 'SPONSORED';
  if (!LEAD_TYPES.includes(leadType)) throw new LinkedInRequestError(`unknown leadType ${String(leadType)}`);
  // Ad leads belong to ad accounts, organic ones to organizations; LinkedIn rejects other pairings.
  if ((leadType === 'SPONSORED') !== (owner[1] === 'sponsoredAccount')) {
    throw new LinkedInRequestError(`leadType ${leadType} does not go with a ${owner[1]} owner`);
  }
  if (!/^\d{6}(\.\d{2})?$/.test(query.linkedInVersion)) {
    throw new LinkedInRequestError(`LinkedIn-Version must be YYYYMM: ${query.linkedInVersion}`);
  }
  const start = epochMs(query.submittedAfter, 'submittedAfter');
  const end = query.submittedBefore === undefined ? null : epochMs(query.submittedBefore, 'submittedBefore');
  if (end !== null && Number(end) < Number(start))
    throw new LinkedInRequestError('submittedBefore is before submittedAfter');
  const params = [
    'q=owner',
    `owner=(${owner[1]}:${encodeAll(query.owner)})`,
    `leadType=(leadType:${leadType})`,
    `limitedToTestLeads=${query.limitedToTestLeads === true}`,
    `submittedAtTimeRange=(start:${start}${end === null ? '' : `,end:${end}`})`,
  ];
  if (query.versionedLeadGenFormUrn !== undefined) {
    if (!FORM_URN.test(query.versionedLeadGenFormUrn)) {
      throw new LinkedInRequestError(`not a versioned lead form URN: ${query.versionedLeadGenFormUrn}`);
    }
    params.push(`versionedLeadGenFormUrn=${encodeAll(query.versionedLeadGenFormUrn)}`);
  }
  for (const [key, value] of [
    ['start', query.start],
    ['count', query.count],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < (key === 'count' ? 1 : 0)) {
      throw new LinkedInRequestError(
        `${key} must be a ${key === 'count' ? 'positive' : 'non-negative'} integer`,
      );
    }
    params.push(`${key}=${value}`);
  }
  const base = (query.baseUrl ?? 'https://api.linkedin.com').replace(/\/+$/, '');
  return {
    url: `${base}/rest/leadFormResponses?${params.join('&')}`,
    headers: { 'LinkedIn-Version': query.linkedInVersion, 'X-Restli-Protocol-Version': '2.0.0' },
  };
}
