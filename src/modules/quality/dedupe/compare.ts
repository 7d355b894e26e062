// Pairwise comparison: each field that both records state adds or subtracts points (a log-odds style
// weight of evidence, after Fellegi–Sunter); fields one side lacks say nothing. The sum decides, except
// that a different stated unit or a sale-vs-rental pair vetoes a merge, and owner-vs-agent caps it at 'possible'.
import type { ListingType } from '../../sources/index.js';
import { FIELD_RULES } from './field-rules.js';
import { type MatchInput, type MatchRecord, prepareRecord } from './match-record.js';

export type MatchDecision = 'match' | 'possible' | 'distinct';

/** One field's part in a decision: how alike the two values are and the points that gave. */
export interface MatchReason {
  field: string;
  /** 0 (nothing alike) … 1 (equal). */
  similarity: number;
  /** Points this field added to (or took from) the score. */
  weight: number;
  detail: string;
  /** Set when this field alone rules the pair out (a different stated unit). */
  veto?: true;
}

export interface MatchResult {
  score: number;
  decision: MatchDecision;
  reasons: MatchReason[];
}

/** A score at or above this is a duplicate; the repository attaches it to the lead. Tuned on the labelled set. */
export const MATCH_THRESHOLD = 8;
/** At or above this (below MATCH_THRESHOLD) the pair is worth a human look, but is not merged. */
export const POSSIBLE_THRESHOLD = 4;
/** Bumped whenever weights or thresholds change; stored with each match's evidence. */
export const MATCHER_VERSION = 'dedupe-1';

type Offer = 'sale' | 'rent' | 'any';
type Party = 'owner' | 'agent';

const OFFER: Record<ListingType, Offer> = {
  fsbo_sale: 'sale',
  agent_sale: 'sale',
  owner_rental: 'rent',
  agent_rental: 'rent',
  // A form or an imported contact states no offer: it may be the owner of a listed property.
  form_lead: 'any',
  contact_import: 'any',
};
const PARTY: Record<ListingType, Party> = {
  fsbo_sale: 'owner',
  owner_rental: 'owner',
  form_lead: 'owner',
  contact_import: 'owner',
  agent_sale: 'agent',
  agent_rental: 'agent',
};

/**
 * Listing types: a sale and a rental are never one lead (the same house can be both, by different deals).
 * An owner lead and an agent listing are at most 'possible': merging would either sell an agent's listing
 * as an owner lead or hide an owner lead behind an agent's; a person decides (the property may have been
 * listed with an agent since).
 */
function listingTypeRule(a: ListingType, b: ListingType): { reason: MatchReason; cap: MatchDecision | null } {
  const offers = [OFFER[a], OFFER[b]];
  if (!offers.includes('any') && offers[0] !== offers[1])
    return {
      reason: {
        field: 'listing_type',
        similarity: 0,
        weight: 0,
        detail: `${a} vs ${b}: sale and rental never merge`,
      },
      cap: 'distinct',
    };
  if (PARTY[a] !== PARTY[b])
    return {
      reason: {
        field: 'listing_type',
        similarity: 0.5,
        weight: 0,
        detail: `${a} vs ${b}: owner vs agent, review only`,
      },
      cap: 'possible',
    };
  return {
    reason: { field: 'listing_type', similarity: 1, weight: 0, detail: `${a} vs ${b}: compatible` },
    cap: null,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Compares two records field by field; the reasons list every field that was compared, strongest first. */
export function compareRecords(left: MatchInput | MatchRecord, right: MatchInput | MatchRecord): MatchResult {
  const a = 'textShingles' in left ? left : prepareRecord(left);
  const b = 'textShingles' in right ? right : prepareRecord(right);
  const reasons: MatchReason[] = [];
  for (const rule of FIELD_RULES) {
    const reason = rule(a, b);
    if (reason) reasons.push({ ...reason, similarity: round(reason.similarity) });
  }
  const score = round(reasons.reduce((sum, reason) => sum + reason.weight, 0));
  const typeRule = listingTypeRule(a.facts.listing_type, b.facts.listing_type);
  reasons.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  reasons.push(typeRule.reason);
  let decision: MatchDecision =
    score >= MATCH_THRESHOLD ? 'match' : score >= POSSIBLE_THRESHOLD ? 'possible' : 'distinct';
  if (typeRule.cap === 'distinct' || reasons.some((reason) => reason.veto)) decision = 'distinct';
  else if (typeRule.cap === 'possible' && decision === 'match') decision = 'possible';
  return { score, decision, reasons };
}

/** Re-exported so callers can type records they prepare once and compare many times. */
export type { MatchRecord };
