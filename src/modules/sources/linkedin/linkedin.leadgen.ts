import { applyFormAnswer, headerKey, recogniseQuestion, SourcePayloadError } from '../csv/index.js';
import { emptyListing, type ParsedListing } from '../listing.types.js';
import { type FormQuestion, indexForms, isObject, type LeadForm, questionLabel } from './linkedin.form.js';

export const LINKEDIN_SOURCE = 'linkedin';

/** A Lead Sync payload that is not JSON or not in the documented shape. */
export class LinkedInLeadError extends SourcePayloadError {
  constructor(message: string) {
    super('LINKEDIN_LEAD_INVALID', message, 422);
    this.name = 'LinkedInLeadError';
  }
}

/** Where a poller stands after one page of `leadFormResponses`. */
export interface LeadResponsesPaging {
  start: number;
  count: number | null;
  total: number | null;
  /** The `start` of the next page, or null when this page was the last. */
  nextStart: number | null;
}

export interface LeadResponsesResult {
  listings: ParsedListing[];
  /** Responses that could not be mapped (e.g. their form was not given): fetch the form and map again. */
  errors: Array<{ id: string | null; reason: string }>;
  paging: LeadResponsesPaging;
}

// Predefined fields, by the question our recogniser reads them as, or the attribute they are kept under.
const PREDEFINED_QUESTION: Record<string, string> = {
  EMAIL: 'email',
  WORK_EMAIL: 'email',
  PHONE_NUMBER: 'phone',
  WORK_PHONE_NUMBER: 'phone',
  WORK_PHONE: 'phone',
  CITY: 'city',
  STATE: 'state',
  ZIP_CODE: 'zip',
  POSTAL_CODE: 'zip',
};
const PREDEFINED_ATTRIBUTE: Record<string, string> = {
  COMPANY_NAME: 'company',
  JOB_TITLE: 'job_title',
  COUNTRY: 'country',
};

function json(payload: unknown, what: string): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    throw new LinkedInLeadError(`${what} is not JSON`);
  }
}

function answerValues(answer: Record<string, unknown>, question: FormQuestion | undefined): string[] | null {
  const details = isObject(answer.answerDetails) ? answer.answerDetails : {};
  if (isObject(details.textQuestionAnswer) && typeof details.textQuestionAnswer.answer === 'string') {
    return [details.textQuestionAnswer.answer];
  }
  if (isObject(details.multipleChoiceAnswer) && Array.isArray(details.multipleChoiceAnswer.options)) {
    return details.multipleChoiceAnswer.options.map(
      (id: unknown) => question?.options.get(String(id)) ?? String(id),
    );
  }
  return null;
}

function mapResponse(element: Record<string, unknown>, form: LeadForm): ParsedListing {
  const listing = emptyListing(LINKEDIN_SOURCE);
  listing.external_id = typeof element.id === 'string' ? element.id : null;
  listing.listing_type = 'form_lead';
  if (typeof element.submittedAt === 'number' && Number.isFinite(element.submittedAt)) {
    listing.posted_at = new Date(element.submittedAt).toISOString();
  }
  const response = isObject(element.formResponse) ? element.formResponse : {};
  const answers = Array.isArray(response.answers) ? response.answers : [];
  const name: string[] = [];
  for (const answer of answers) {
    if (!isObject(answer)) continue;
    const question = form.questions.get(String(answer.questionId));
    const values = answerValues(answer, question);
    if (values === null) continue;
    const predefined = question?.predefinedField ?? null;
    if (predefined === 'FIRST_NAME') name[0] = values.join(' ').trim();
    else if (predefined === 'LAST_NAME') name[1] = values.join(' ').trim();
    else if (predefined && PREDEFINED_QUESTION[predefined]) {
      applyFormAnswer(listing, PREDEFINED_QUESTION[predefined], values, headerKey(predefined));
    } else if (predefined && PREDEFINED_ATTRIBUTE[predefined]) {
      listing.attributes[PREDEFINED_ATTRIBUTE[predefined]] = values.join(', ');
    } else if (question) {
      // The label says what a custom question means; its `name` helps when the label is free text.
      const label = questionLabel(question);
      const asked = recogniseQuestion(label) === null && question.name ? question.name : label;
      applyFormAnswer(listing, asked, values, headerKey(question.name ?? label) || `question_${question.id}`);
    } else {
      listing.attributes[`question_${String(answer.questionId)}`] = values.join(', ');
    }
  }
  const fullName = name.filter((part) => part).join(' ');
  if (fullName !== '') listing.contact.name = fullName;
  listing.consent = consentOf(response.consentResponses, form);
  if (typeof element.testLead === 'boolean') listing.attributes.test_lead = element.testLead;
  if (typeof element.leadType === 'string') listing.attributes.lead_type = element.leadType;
  if (typeof element.versionedLeadGenFormUrn === 'string')
    listing.attributes.form_urn = element.versionedLeadGenFormUrn;
  const campaign = isObject(element.leadMetadata) ? element.leadMetadata.sponsoredLeadMetadata : undefined;
  if (isObject(campaign) && typeof campaign.campaign === 'string')
    listing.attributes.campaign_urn = campaign.campaign;
  return listing;
}

function consentOf(responses: unknown, form: LeadForm): ParsedListing['consent'] {
  if (!Array.isArray(responses) || responses.length === 0) return null;
  const answers: Array<{ key: string; accepted: boolean }> = [];
  const texts: string[] = [];
  for (const r of responses) {
    if (!isObject(r) || (typeof r.consentId !== 'number' && typeof r.consentId !== 'string')) continue;
    const key = String(r.consentId);
    answers.push({ key, accepted: r.accepted === true });
    const text = form.consents.get(key);
    if (text) texts.push(text);
  }
  return { text: texts.length > 0 ? texts.join('\n') : null, answers };
}

const FORM_URN = /^urn:li:versionedLeadGenForm:\(urn:li:leadGenForm:(\d+),(\d+)\)$/;

function pagingOf(raw: unknown, returned: number): LeadResponsesPaging {
  const paging = isObject(raw) ? raw : {};
  const int = (v: unknown): number | null =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
  const start = int(paging.start) ?? 0;
  const count = int(paging.count);
  const total = int(paging.total);
  let nextStart: number | null = null;
  if (returned > 0) {
    if (total !== null) nextStart = start + returned < total ? start + returned : null;
    else if (count !== null && returned >= count) nextStart = start + returned;
  }
  return { start, count, total, nextStart };
}

/**
 * Joins lead form responses (`GET /rest/leadFormResponses` page, or one response) to their forms
 * (`GET /rest/leadForms/{id}`: one form, a list, or a finder page) and maps each to a form_lead listing:
 * predefined fields to contact and address, custom questions by their text, consent with its wording.
 */
export function mapLeadFormResponses(responsesJson: unknown, formJson: unknown): LeadResponsesResult {
  const body = json(responsesJson, 'the responses payload');
  if (!isObject(body)) throw new LinkedInLeadError('the responses are not a JSON object');
  const elements: unknown[] = Array.isArray(body.elements)
    ? body.elements
    : 'formResponse' in body
      ? [body]
      : [];
  if (!Array.isArray(body.elements) && elements.length === 0) {
    throw new LinkedInLeadError('the responses have no elements list');
  }
  const forms = indexForms(json(formJson, 'the form payload'));
  if (forms.size === 0) throw new LinkedInLeadError('no lead form with an id and questions was given');
  const listings: ParsedListing[] = [];
  const errors: LeadResponsesResult['errors'] = [];
  for (const element of elements) {
    if (!isObject(element)) {
      errors.push({ id: null, reason: 'a response is not a JSON object' });
      continue;
    }
    const id = typeof element.id === 'string' ? element.id : null;
    const urn =
      typeof element.versionedLeadGenFormUrn === 'string'
        ? FORM_URN.exec(element.versionedLeadGenFormUrn)
        : null;
    const form = urn ? forms.get(urn[1]!) : forms.size === 1 ? [...forms.values()][0] : undefined;
    if (!form) {
      errors.push({
        id,
        reason: `form ${urn?.[1] ?? '(unknown)'} was not given; fetch /rest/leadForms/${urn?.[1] ?? '{id}'}`,
      });
      continue;
    }
    listings.push(mapResponse(element, form));
  }
  return { listings, errors, paging: pagingOf(body.paging, elements.length) };
}
