import { areaCodeRegion } from './area-codes.js';
import type {
  FraudInput,
  MarketStats,
  ScoreReason,
  ScoreResult,
  ScoringContact,
  ScoringLead,
} from './scoring.types.js';
import { totalScore } from './scoring.types.js';
import { isSameOrNeighborState } from './state-neighbors.js';
import { listingText, matchScamPhrases } from './text-signals.js';

// Fraud 0..100: the sum of the signals found, capped. A lead at FRAUD_REVIEW_THRESHOLD (60) or more
// waits for an admin: one strong signal alone never gets there, two usually do. docs/QUALITY.md
// ("Scores") explains every code and weight.

/** Iglewicz & Hoaglin's cut-off for an outlier on the modified z-score. */
export const OUTLIER_Z = -3.5;
const LOW_Z = -2.5;
/** A MAD below 5% of the median (near-identical comps) would make any small gap an outlier. */
const MIN_MAD_SHARE = 0.05;
export const MANY_REUSES = 5;
const SOME_REUSES = 2;

const reason = (code: string, points: number, detail: string): ScoreReason => ({ code, points, detail });

/** Modified z-score 0.6745·(x − median)/MAD, with the MAD floored at 5% of the median. */
export function robustZ(value: number, median: number, mad: number): number {
  const spread = Math.max(mad, Math.abs(median) * MIN_MAD_SHARE);
  if (spread === 0) return 0;
  return (0.6745 * (value - median)) / spread;
}

const money = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;

function where(market: MarketStats): string {
  const type = market.propertyType === '*' ? '' : ` ${market.propertyType}`;
  const area = market.scope === 'zip' ? `ZIP ${market.area}` : market.area.replace('|', ', ');
  return `${market.comps}${type} comps in ${area}`;
}

function priceReasons(lead: ScoringLead, market: MarketStats | null): ScoreReason[] {
  if (!market || lead.price === null || lead.price <= 0) return [];
  const reasons: ScoreReason[] = [];
  const rental = lead.listingType === 'owner_rental' || lead.listingType === 'agent_rental';
  const unit = rental ? '/mo' : '';
  const z = robustZ(lead.price, market.priceMedian, market.priceMad);
  const below = Math.round((1 - lead.price / market.priceMedian) * 100);
  const detail = `${money(lead.price)}${unit} is ${below}% below the median ${money(market.priceMedian)}${unit} of ${where(market)} (robust z ${z.toFixed(1)})`;
  if (z <= OUTLIER_Z) reasons.push(reason('PRICE_FAR_BELOW_MEDIAN', 35, detail));
  else if (z <= LOW_Z) reasons.push(reason('PRICE_BELOW_MEDIAN', 15, detail));
  if (lead.sqft && market.ppsfMedian !== null && market.ppsfMad !== null) {
    const ppsf = lead.price / lead.sqft;
    const zPpsf = robustZ(ppsf, market.ppsfMedian, market.ppsfMad);
    if (zPpsf <= OUTLIER_Z) {
      reasons.push(
        reason(
          'PPSF_TOO_LOW',
          15,
          `${ppsf.toFixed(2)} $/sqft${unit} against a median ${market.ppsfMedian.toFixed(2)} $/sqft${unit} (robust z ${zPpsf.toFixed(1)})`,
        ),
      );
    }
  }
  return reasons;
}

function phraseReasons(lead: ScoringLead): ScoreReason[] {
  return matchScamPhrases(listingText(lead.title, lead.description)).map((rule) =>
    reason(rule.code, rule.points, `the text ${rule.what}`),
  );
}

function reuseReasons(input: FraudInput): ScoreReason[] {
  const { phoneLeads, emailLeads, copiedDescriptionLeads } = input.reuse;
  const reasons: ScoreReason[] = [];
  const most = Math.max(phoneLeads, emailLeads);
  const what = phoneLeads >= emailLeads ? 'phone' : 'email';
  if (most >= MANY_REUSES) {
    reasons.push(
      reason('CONTACT_REUSED_MANY', 35, `the same ${what} is on ${most} other unrelated listings`),
    );
  } else if (most >= SOME_REUSES) {
    reasons.push(reason('CONTACT_REUSED', 10, `the same ${what} is on ${most} other unrelated listings`));
  }
  if (copiedDescriptionLeads > 0) {
    reasons.push(
      reason(
        'DESCRIPTION_COPIED',
        30,
        `the description was posted earlier on ${copiedDescriptionLeads} listing(s) with a different contact`,
      ),
    );
  }
  return reasons;
}

function contactReasons(lead: ScoringLead, contact: ScoringContact | null): ScoreReason[] {
  if (!contact) return [];
  const reasons: ScoreReason[] = [];
  const phones = contact.validation?.phones ?? [];
  if (phones.some((check) => check.fake)) {
    reasons.push(reason('FAKE_PHONE', 15, 'a phone is in a fictional or test number range'));
  }
  const emails = contact.validation?.emails ?? [];
  if (emails.length > 0 && emails.every((check) => check.disposable)) {
    reasons.push(reason('DISPOSABLE_EMAIL', 10, 'only a disposable email address'));
  }
  return [...reasons, ...areaCodeReasons(lead, contact.phones)];
}

function areaCodeReasons(lead: ScoringLead, phones: string[]): ScoreReason[] {
  if (!lead.state || phones.length === 0) return [];
  const outside = phones.filter((phone) => !phone.startsWith('+1'));
  const regions = phones
    .filter((phone) => phone.startsWith('+1'))
    .map((phone) => ({ phone, at: areaCodeRegion(phone) }));
  const local = regions.some(({ at }) =>
    at.kind === 'us_state' || at.kind === 'us_territory'
      ? isSameOrNeighborState(at.region, lead.state!)
      : false,
  );
  if (local) return [];
  if (outside.length > 0 && outside.length === phones.length) {
    return [
      reason(
        'PHONE_OUTSIDE_NANP',
        20,
        `the only phone is outside North America for a listing in ${lead.state}`,
      ),
    ];
  }
  const foreign = regions.find(({ at }) => at.kind === 'caribbean');
  if (foreign && foreign.at.kind === 'caribbean') {
    return [
      reason(
        'AREA_CODE_FOREIGN',
        20,
        `area code ${foreign.phone.slice(2, 5)} is ${foreign.at.region}, not ${lead.state}`,
      ),
    ];
  }
  const far = regions.find(
    ({ at }) => at.kind === 'us_state' || at.kind === 'us_territory' || at.kind === 'canada',
  );
  if (far && 'region' in far.at) {
    return [
      reason(
        'AREA_CODE_FAR',
        10,
        `area code ${far.phone.slice(2, 5)} is ${far.at.region}, far from ${lead.state}`,
      ),
    ];
  }
  return [];
}

/** Scores how likely a lead is a scam or a fake (0..100), with every reason. Pure. */
export function fraudScore(input: FraudInput): ScoreResult {
  const reasons = [
    ...priceReasons(input.lead, input.market),
    ...phraseReasons(input.lead),
    ...reuseReasons(input),
    ...contactReasons(input.lead, input.contact),
  ];
  return { score: totalScore(reasons), reasons };
}
