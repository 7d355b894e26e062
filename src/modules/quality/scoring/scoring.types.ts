// The inputs and outputs of the pure scoring rules. Plain data, no database types: the repository
// builds these from rows, the rules read them, and tests write them by hand.

/** One contribution to a score: a stable code, its points (negative for penalties) and why. */
export interface ScoreReason {
  code: string;
  points: number;
  detail: string;
}

/** A score clamped to 0..100 with every reason that moved it. */
export interface ScoreResult {
  score: number;
  reasons: ScoreReason[];
}

export type ScoringListingType =
  | 'fsbo_sale'
  | 'owner_rental'
  | 'form_lead'
  | 'contact_import'
  | 'agent_sale'
  | 'agent_rental';

/** The lead facts scoring reads (a subset of the `leads` row). */
export interface ScoringLead {
  listingType: ScoringListingType;
  propertyType: string | null;
  title: string | null;
  description: string | null;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  geoPrecision: 'rooftop' | 'zip' | 'city' | null;
  postedAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  imageCount: number;
  /** Motivation signal codes from the extractor (`attributes.motivation`). */
  motivation: string[];
}

/** Per-phone validation as the validation step stores it in `contacts.validation.phones`. */
export interface PhoneValidation {
  e164: string | null;
  valid: boolean;
  possible?: boolean;
  type?: string | null;
  fake?: boolean;
  reason?: string | null;
}

/** Per-email validation as stored in `contacts.validation.emails`. */
export interface EmailValidation {
  address: string;
  syntax_ok: boolean;
  disposable: boolean;
  mx: boolean | null;
  reason?: string | null;
}

export interface ContactValidation {
  phones?: PhoneValidation[];
  emails?: EmailValidation[];
}

/** The contact facts scoring reads; `validation` is absent until the validation step has run. */
export interface ScoringContact {
  phones: string[];
  emails: string[];
  /** Phones (E.164) the last DNC scrub found on any list. */
  dncListed: string[];
  validation: ContactValidation | null;
}

/** Local price statistics for the lead's market (see market_price_stats). */
export interface MarketStats {
  /** Which level answered: the ZIP, or the city/state fallback when the ZIP has too few comps. */
  scope: 'zip' | 'city' | 'state';
  area: string;
  /** The property type compared against, or '*' for all types of the market. */
  propertyType: string;
  comps: number;
  priceMedian: number;
  priceMad: number;
  ppsfMedian: number | null;
  ppsfMad: number | null;
}

/** How often the lead's contact shows up on other, unrelated live leads. */
export interface ContactReuse {
  /** Other leads holding any of this lead's phones. */
  phoneLeads: number;
  /** Other leads holding any of this lead's emails. */
  emailLeads: number;
  /** Earlier leads with the same (long) description but no shared phone or email. */
  copiedDescriptionLeads: number;
}

export interface QualityInput {
  lead: ScoringLead;
  contact: ScoringContact | null;
  sourceIds: string[];
  now: Date;
}

export interface FraudInput {
  lead: ScoringLead;
  contact: ScoringContact | null;
  market: MarketStats | null;
  reuse: ContactReuse;
}

/** Clamps the sum of the reasons' points to 0..100. */
export function totalScore(reasons: ScoreReason[]): number {
  const sum = reasons.reduce((total, reason) => total + reason.points, 0);
  return Math.max(0, Math.min(100, Math.round(sum)));
}
