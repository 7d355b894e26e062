import { applyFormAnswer, headerKey, readDate, SourcePayloadError } from '../csv/index.js';
import { emptyListing, type ParsedListing, type Parser } from '../listing.types.js';
import { isObject, payloadObject } from './facebook-json.js';

export const FACEBOOK_SOURCE = 'facebook_leadads';

/** A Graph API lead payload that can't be mapped (malformed, a Graph error body, or consent of another lead). */
export class FacebookLeadError extends SourcePayloadError {
  constructor(message: string, details?: unknown) {
    super('FACEBOOK_LEAD_INVALID', message, 422, details);
    this.name = 'FacebookLeadError';
  }
}

// Standard Lead Ads fields the question recogniser would not place by name alone.
const STANDARD_ALIASES: Record<string, string> = {
  work_email: 'email',
  work_phone_number: 'phone_number',
  province: 'state',
  post_code: 'zip_code',
};

// Facts about the ad that a buyer or the fraud check may use; ids stay strings.
const LEAD_META = ['ad_id', 'adset_id', 'campaign_id', 'form_id', 'platform', 'is_organic'] as const;

function object(payload: unknown, what: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = payloadObject(payload);
  } catch {
    throw new FacebookLeadError(`${what} is not JSON`);
  }
  if (!isObject(json)) throw new FacebookLeadError(`${what} is not a JSON object`);
  if (isObject(json.error)) {
    const { message, code, type } = json.error;
    throw new FacebookLeadError(`Graph API error ${String(code)}: ${String(message)}`, { code, type });
  }
  return json;
}

const leadId = (value: unknown): string | null =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number' && Number.isSafeInteger(value)
      ? String(value)
      : null;

function consentOf(lead: Record<string, unknown>, disclaimer: unknown): ParsedListing['consent'] {
  const source = disclaimer === undefined ? lead : object(disclaimer, 'the disclaimer response');
  const responses = source.custom_disclaimer_responses;
  if (responses === undefined) return null;
  const ownerId = leadId(source.id);
  if (source !== lead && ownerId !== null && ownerId !== leadId(lead.id)) {
    // Consent is the legal basis for calling someone: never attach one lead's consent to another.
    throw new FacebookLeadError(`the disclaimer responses belong to lead ${ownerId}, not ${String(lead.id)}`);
  }
  if (!Array.isArray(responses)) throw new FacebookLeadError('custom_disclaimer_responses is not a list');
  const answers = responses.map((r: unknown) => {
    if (!isObject(r) || typeof r.checkbox_key !== 'string') {
      throw new FacebookLeadError('a custom disclaimer response has no checkbox_key');
    }
    return { key: r.checkbox_key, accepted: r.is_checked === '1' };
  });
  return { text: null, answers };
}

/**
 * A Graph API lead (`GET /{lead_id}`) as a form_lead listing: contact and address from the standard
 * fields, recognised custom questions into their fields, every other answer into attributes. Consent
 * comes from `disclaimerJson` (`?fields=custom_disclaimer_responses`) or the lead itself; null when
 * neither carries disclaimer responses.
 */
export function mapGraphLead(leadJson: unknown, disclaimerJson?: unknown): ParsedListing {
  return mapLead(object(leadJson, 'the lead'), disclaimerJson);
}

function mapLead(lead: Record<string, unknown>, disclaimerJson?: unknown): ParsedListing {
  const id = leadId(lead.id);
  if (id === null) throw new FacebookLeadError('the lead has no id');
  if (!Array.isArray(lead.field_data)) throw new FacebookLeadError(`lead ${id} has no field_data list`);
  const listing = emptyListing(FACEBOOK_SOURCE);
  listing.external_id = id;
  listing.listing_type = 'form_lead';
  if (typeof lead.created_time === 'string') {
    const posted = readDate(lead.created_time);
    if (posted.ok) listing.posted_at = posted.value;
  }
  const names: { first?: string; last?: string } = {};
  for (const field of lead.field_data as unknown[]) {
    if (!isObject(field) || typeof field.name !== 'string' || !Array.isArray(field.values)) {
      throw new FacebookLeadError(`lead ${id} has a field_data entry without name and values`);
    }
    const values = field.values.filter((v): v is string => typeof v === 'string');
    const value = values.join(', ').trim();
    if (value === '') continue;
    if (field.name === 'full_name') listing.contact.name = value;
    else if (field.name === 'first_name') names.first = value;
    else if (field.name === 'last_name') names.last = value;
    else if (field.name === 'country') listing.attributes.country = value;
    else applyFormAnswer(listing, STANDARD_ALIASES[field.name] ?? field.name, values, headerKey(field.name));
  }
  if (listing.contact.name === null && (names.first || names.last)) {
    listing.contact.name = [names.first, names.last].filter(Boolean).join(' ');
  }
  for (const key of LEAD_META) {
    const value = lead[key];
    if (typeof value === 'string' || typeof value === 'boolean') listing.attributes[key] = value;
  }
  listing.consent = consentOf(lead, disclaimerJson);
  return listing;
}

/** One page of `GET /{form_id}/leads`: its listings, leads that could not be mapped, and the next cursor. */
export interface GraphLeadsPage {
  listings: ParsedListing[];
  errors: Array<{ index: number; id: string | null; reason: string }>;
  /** `paging.cursors.after`, the cursor for the next request. */
  after: string | null;
  /** `paging.next`, the next page's URL; Graph leaves it out on the last page. */
  next: string | null;
}

/** Maps a bulk leads response; one malformed lead is reported without losing the rest of the page. */
export function mapGraphLeadsPage(json: unknown): GraphLeadsPage {
  const page = object(json, 'the leads page');
  if (!Array.isArray(page.data)) throw new FacebookLeadError('the leads page has no data list');
  const listings: ParsedListing[] = [];
  const errors: GraphLeadsPage['errors'] = [];
  page.data.forEach((lead: unknown, index) => {
    try {
      if (!isObject(lead)) throw new FacebookLeadError('the lead is not a JSON object');
      listings.push(mapLead(lead));
    } catch (error) {
      if (!(error instanceof FacebookLeadError)) throw error;
      errors.push({ index, id: isObject(lead) ? leadId(lead.id) : null, reason: error.message });
    }
  });
  const paging = isObject(page.paging) ? page.paging : {};
  const cursors = isObject(paging.cursors) ? paging.cursors : {};
  return {
    listings,
    errors,
    after: typeof cursors.after === 'string' && cursors.after !== '' ? cursors.after : null,
    next: typeof paging.next === 'string' ? paging.next : null,
  };
}

/** A lead or a bulk page as a source Parser (for `aiqleads parse --source facebook_leadads`). */
export const parseFacebookLeadPayload: Parser = (payload) => {
  try {
    const json = object(payload, 'the payload');
    if (Array.isArray(json.data)) return { listings: mapGraphLeadsPage(json).listings };
    return { listings: [mapGraphLead(json)] };
  } catch (error) {
    if (error instanceof FacebookLeadError) return { skipped: 'unreadable', detail: error.message };
    throw error;
  }
};
