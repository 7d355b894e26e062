import {
  type QualityInput,
  type ScoreReason,
  type ScoreResult,
  type ScoringContact,
  type ScoringLead,
  totalScore,
} from './scoring.types.js';
import { findAgentPhrase, listingText } from './text-signals.js';

// Quality 0..100 = contact (30) + completeness (25) + freshness (20) + owner-vs-agent (10) +
// motivation (10) + source reliability (5). Penalties (agent listing, not seen lately) are negative
// points. docs/QUALITY.md ("Scores") explains every code and weight.

const DAY_MS = 24 * 60 * 60 * 1000;
const OWNER_TYPES = new Set(['fsbo_sale', 'owner_rental', 'form_lead', 'contact_import']);
/** Property types where bedrooms and bathrooms don't apply, so their absence costs nothing. */
const NO_ROOMS_TYPES = new Set(['land']);

/** Per-source reliability: consented forms first, open classifieds last (most scams, least structure). */
export const SOURCE_WEIGHTS: Readonly<Record<string, number>> = {
  facebook_leadads: 5,
  linkedin: 5,
  zillow: 4,
  fsbo: 4,
  csv: 3,
  craigslist: 2,
};
const UNKNOWN_SOURCE_WEIGHT = 2;

/** Freshness bands: at most this many days since posting earns these points. */
const FRESHNESS_BANDS: readonly [maxDays: number, points: number][] = [
  [3, 20],
  [7, 16],
  [14, 12],
  [30, 8],
  [60, 4],
];
const NOT_SEEN_DAYS = 14;

const reason = (code: string, points: number, detail: string): ScoreReason => ({ code, points, detail });

function phoneReasons(contact: ScoringContact): ScoreReason | null {
  if (contact.phones.length === 0) return null;
  const checks = new Map((contact.validation?.phones ?? []).map((check) => [check.e164, check]));
  const dnc = new Set(contact.dncListed);
  const usable = contact.phones.filter((phone) => {
    const check = checks.get(phone);
    return !check || (check.valid && !check.fake);
  });
  if (usable.length === 0) return reason('PHONE_INVALID', 0, 'no phone is a valid, real number');
  const callable = usable.filter((phone) => !dnc.has(phone));
  if (callable.some((phone) => checks.has(phone)))
    return reason('PHONE_VALID', 20, 'a validated phone that is not on a Do-Not-Call list');
  if (callable.length > 0)
    return reason(
      'PHONE_UNVERIFIED',
      14,
      'a well-formed phone, not validated yet, not on a Do-Not-Call list',
    );
  return reason('PHONE_DNC', 6, 'every phone is on a Do-Not-Call list: no cold calls or texts');
}

function emailReasons(contact: ScoringContact): ScoreReason | null {
  if (contact.emails.length === 0) return null;
  const checks = new Map((contact.validation?.emails ?? []).map((check) => [check.address, check]));
  const verdicts = contact.emails.map((email) => {
    const check = checks.get(email);
    if (!check) return 'unverified';
    if (!check.syntax_ok || check.mx === false) return 'invalid';
    return check.disposable ? 'disposable' : 'valid';
  });
  if (verdicts.includes('valid')) return reason('EMAIL_VALID', 10, 'a validated email on a real mail domain');
  if (verdicts.includes('unverified')) return reason('EMAIL_UNVERIFIED', 7, 'an email, not validated yet');
  if (verdicts.includes('disposable'))
    return reason('EMAIL_DISPOSABLE', 2, 'only a disposable email address');
  return reason('EMAIL_INVALID', 0, 'no email is deliverable (bad syntax or no mail server)');
}

function contactReasons(contact: ScoringContact | null): ScoreReason[] {
  const found = contact ? [phoneReasons(contact), emailReasons(contact)].filter((r) => r !== null) : [];
  return found.length > 0 ? found : [reason('NO_CONTACT', 0, 'no phone or email to reach the owner')];
}

function completenessReasons(lead: ScoringLead): ScoreReason[] {
  const reasons: ScoreReason[] = [];
  const missing: string[] = [];
  const add = (has: boolean, code: string, points: number, detail: string, name: string) => {
    if (has) reasons.push(reason(code, points, detail));
    else missing.push(name);
  };
  const noRooms = NO_ROOMS_TYPES.has(lead.propertyType ?? '');
  add(lead.price !== null && lead.price > 0, 'HAS_PRICE', 5, 'asking price or rent given', 'price');
  add(noRooms || lead.bedrooms !== null, 'HAS_BEDROOMS', 3, 'bedrooms given', 'bedrooms');
  add(noRooms || lead.bathrooms !== null, 'HAS_BATHROOMS', 2, 'bathrooms given', 'bathrooms');
  add(lead.sqft !== null, 'HAS_SQFT', 3, 'living area given', 'square feet');
  if (lead.addressLine && (lead.zip || lead.city))
    reasons.push(reason('HAS_ADDRESS', 4, 'street address given'));
  else if (lead.zip) reasons.push(reason('HAS_ZIP_ONLY', 1, 'only the ZIP code, no street address'));
  else missing.push('address');
  if (lead.geoPrecision === 'rooftop') reasons.push(reason('POSITION_ROOFTOP', 3, 'exact map position'));
  else if (lead.geoPrecision === 'zip')
    reasons.push(reason('POSITION_ZIP', 1, 'map position of the ZIP only'));
  else missing.push('exact position');
  if (lead.imageCount >= 5) reasons.push(reason('HAS_PHOTOS', 3, `${lead.imageCount} photos`));
  else if (lead.imageCount > 0) reasons.push(reason('FEW_PHOTOS', 1, `only ${lead.imageCount} photo(s)`));
  else missing.push('photos');
  const length = lead.description?.trim().length ?? 0;
  if (length >= 300) reasons.push(reason('DETAILED_DESCRIPTION', 2, `${length}-character description`));
  else if (length >= 80) reasons.push(reason('SHORT_DESCRIPTION', 1, `${length}-character description`));
  else missing.push('description');
  if (missing.length > 0) reasons.push(reason('INCOMPLETE', 0, `missing: ${missing.join(', ')}`));
  return reasons;
}

function freshnessReasons(lead: ScoringLead, now: Date): ScoreReason[] {
  const posted = lead.postedAt ?? lead.firstSeenAt;
  const ageDays = Math.max(0, Math.floor((now.getTime() - posted.getTime()) / DAY_MS));
  const band = FRESHNESS_BANDS.find(([maxDays]) => ageDays <= maxDays);
  const reasons = [
    band
      ? reason('FRESH_POSTING', band[1], `posted ${ageDays} day(s) ago`)
      : reason('STALE_POSTING', 0, `posted ${ageDays} days ago`),
  ];
  const unseenDays = Math.floor((now.getTime() - lead.lastSeenAt.getTime()) / DAY_MS);
  if (unseenDays > NOT_SEEN_DAYS) {
    reasons.push(
      reason('NOT_SEEN_RECENTLY', -10, `last seen on its source ${unseenDays} days ago: it may be gone`),
    );
  }
  return reasons;
}

function ownerReasons(lead: ScoringLead): ScoreReason[] {
  if (!OWNER_TYPES.has(lead.listingType)) {
    return [reason('AGENT_LISTING', -20, 'listed by an agent or broker: not an owner lead')];
  }
  const reasons = [reason('OWNER_LISTING', 10, 'listed by the owner')];
  const phrase = findAgentPhrase(listingText(lead.title, lead.description));
  if (phrase)
    reasons.push(reason('AGENT_WORDS', -15, `the text reads like an agent's listing ("${phrase}")`));
  return reasons;
}

function motivationReasons(lead: ScoringLead): ScoreReason[] {
  const codes = [...new Set(lead.motivation)];
  if (codes.length === 0) return [];
  return [reason('MOTIVATED_SELLER', Math.min(10, 4 * codes.length), `motivation: ${codes.join(', ')}`)];
}

function sourceReasons(sourceIds: string[]): ScoreReason[] {
  const ids = [...new Set(sourceIds)];
  if (ids.length === 0) return [];
  const best = Math.max(...ids.map((id) => SOURCE_WEIGHTS[id] ?? UNKNOWN_SOURCE_WEIGHT));
  // Seen on more than one source: another site confirms the listing exists.
  const points = Math.min(5, best + (ids.length > 1 ? 1 : 0));
  return [reason('SOURCE_RELIABILITY', points, `source: ${ids.sort().join(', ')}`)];
}

/** Scores how good a lead is to buy (0..100), with every reason. Pure. */
export function qualityScore(input: QualityInput): ScoreResult {
  const reasons = [
    ...contactReasons(input.contact),
    ...completenessReasons(input.lead),
    ...freshnessReasons(input.lead, input.now),
    ...ownerReasons(input.lead),
    ...motivationReasons(input.lead),
    ...sourceReasons(input.sourceIds),
  ];
  return { score: totalScore(reasons), reasons };
}
