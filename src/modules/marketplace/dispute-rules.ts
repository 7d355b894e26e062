import { toE164 } from '../quality/index.js';

// The machine rules of disputes: pure functions over facts the service loaded. A rule either refunds
// (the facts prove the buyer right) or leaves the dispute open for an admin; it never rejects, since the
// absence of proof in our data is not proof that the buyer is wrong. Each verdict says what it checked.

export const DISPUTE_REASONS = [
  'invalid_phone',
  'agent_listing',
  'duplicate',
  'off_market',
  'fraud',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** Bumped when a rule changes what it concludes, so a stored machine_check says which rules wrote it. */
export const DISPUTE_RULES_VERSION = 1;

/** A phone's re-validation (the quality validator's checks). */
export interface PhoneCheck {
  e164: string | null;
  valid: boolean;
  fake: boolean;
  reason: string | null;
}

/** The disputed lead as it is now. */
export interface DisputedLead {
  id: string;
  status: string;
  listing_type: string;
  merged_into: string | null;
  phones: readonly string[];
  address_canonical: string | null;
  unit: string | null;
  /** An open fraud review, and whether any review of the lead was confirmed as fraud. */
  fraud_review_open: boolean;
  fraud_confirmed: boolean;
}

/** A lead the buyer holds through another active purchase. */
export interface HeldLead {
  purchase_id: string;
  lead_id: string;
  merged_into: string | null;
  phones: readonly string[];
  address_canonical: string | null;
  unit: string | null;
}

export interface DisputeFacts {
  lead: DisputedLead;
  /** Re-validation of the lead's phones, in order (only the invalid_phone rule reads them). */
  phoneChecks: readonly PhoneCheck[];
  /** The buyer's other active purchases (only the duplicate rule reads them). */
  held: readonly HeldLead[];
}

/** What a rule checked and concluded, stored as the dispute's machine_check. */
export interface MachineCheck {
  rule: DisputeReason;
  rules_version: number;
  /** refund: the rule decided for the buyer; undecided: an admin decides. */
  outcome: 'refund' | 'undecided';
  summary: string;
  checked: Record<string, unknown>;
}

/** A phone shown by its last two digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `••${digits.slice(-2)}`;
}

function phoneFails(check: PhoneCheck): boolean {
  return !check.valid || check.fake;
}

function verdict(
  rule: DisputeReason,
  refund: boolean,
  summary: string,
  checked: Record<string, unknown>,
): MachineCheck {
  return {
    rule,
    rules_version: DISPUTE_RULES_VERSION,
    outcome: refund ? 'refund' : 'undecided',
    summary,
    checked,
  };
}

function invalidPhone(facts: DisputeFacts): MachineCheck {
  const phones = facts.phoneChecks.map((check, index) => ({
    phone: maskPhone(check.e164 ?? facts.lead.phones[index] ?? ''),
    valid: check.valid,
    fake: check.fake,
    reason: check.reason,
    fails: phoneFails(check),
  }));
  // A lead sold without any phone to call is as unusable as one whose phones all fail.
  const allFail = phones.every((phone) => phone.fails);
  return verdict(
    'invalid_phone',
    allFail,
    phones.length === 0
      ? 'The lead has no phone number'
      : allFail
        ? `All ${phones.length} phone number(s) fail re-validation`
        : `${phones.filter((phone) => !phone.fails).length} of ${phones.length} phone number(s) pass re-validation`,
    { phones },
  );
}

function normalisedPhones(phones: readonly string[]): Set<string> {
  return new Set(phones.map((phone) => toE164(phone) ?? phone.replace(/\D/g, '')).filter(Boolean));
}

/** Why the disputed lead is the same owner as a held one (empty when it is not). */
function sameAs(lead: DisputedLead, held: HeldLead): string[] {
  const why: string[] = [];
  if (lead.merged_into === held.lead_id) why.push('merged_into_held_lead');
  if (held.merged_into === lead.id) why.push('held_lead_merged_into_this');
  if (lead.merged_into !== null && lead.merged_into === held.merged_into) why.push('merged_into_same_lead');
  const phones = normalisedPhones(lead.phones);
  if ([...normalisedPhones(held.phones)].some((phone) => phones.has(phone))) why.push('shared_phone');
  if (
    lead.address_canonical !== null &&
    lead.address_canonical === held.address_canonical &&
    (lead.unit ?? '') === (held.unit ?? '')
  )
    why.push('same_address');
  return why;
}

function duplicate(facts: DisputeFacts): MachineCheck {
  const matches = facts.held
    .map((held) => ({ purchase_id: held.purchase_id, lead_id: held.lead_id, by: sameAs(facts.lead, held) }))
    .filter((match) => match.by.length > 0);
  return verdict(
    'duplicate',
    matches.length > 0,
    matches.length > 0
      ? `Same owner as lead ${matches[0]!.lead_id}, which the buyer already holds (${matches[0]!.by.join(', ')})`
      : `No match among the ${facts.held.length} other lead(s) the buyer holds`,
    { merged_into: facts.lead.merged_into, held_leads_checked: facts.held.length, matches },
  );
}

function agentListing(facts: DisputeFacts): MachineCheck {
  const agent = facts.lead.listing_type.startsWith('agent_');
  return verdict(
    'agent_listing',
    agent,
    agent
      ? `The lead is now known as an agent listing (${facts.lead.listing_type})`
      : `The lead is still an owner listing (${facts.lead.listing_type})`,
    { listing_type: facts.lead.listing_type },
  );
}

function offMarket(facts: DisputeFacts): MachineCheck {
  const withdrawn = facts.lead.status === 'withdrawn';
  return verdict(
    'off_market',
    withdrawn,
    withdrawn ? 'The lead was withdrawn' : `The lead is ${facts.lead.status}`,
    { lead_status: facts.lead.status },
  );
}

function fraud(facts: DisputeFacts): MachineCheck {
  const { status, fraud_review_open: open, fraud_confirmed: confirmed } = facts.lead;
  const inReview = status === 'fraud_review' || open;
  return verdict(
    'fraud',
    inReview || confirmed,
    confirmed
      ? 'A fraud review confirmed the lead as fraud'
      : inReview
        ? 'The lead is held in fraud review'
        : 'No open or confirmed fraud review',
    { lead_status: status, fraud_review_open: open, fraud_confirmed: confirmed },
  );
}

const RULES: Record<DisputeReason, (facts: DisputeFacts) => MachineCheck> = {
  invalid_phone: invalidPhone,
  agent_listing: agentListing,
  duplicate,
  off_market: offMarket,
  fraud,
};

/** Runs the machine rule of a dispute's reason over the loaded facts. */
export function judgeDispute(reason: DisputeReason, facts: DisputeFacts): MachineCheck {
  return RULES[reason](facts);
}
