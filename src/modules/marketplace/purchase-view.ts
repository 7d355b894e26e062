import type { Queryable } from '../../platform/db/index.js';
import { isScrubStale, loadPassport } from '../quality/index.js';
import { contactRules, type PhoneDnc } from './contact-rules.js';
import type { PurchaseView } from './marketplace.schemas.js';
import { type PurchaseRow, readPurchases } from './purchases.repository.js';

const DAY_MS = 86_400_000;

export interface PurchaseViewOptions {
  /** The moment DNC staleness is judged at (default: now). */
  now?: Date;
  /** Days a buyer may dispute a purchase (config DISPUTE_WINDOW_DAYS; default 7). */
  disputeWindowDays?: number;
  /** Load each lead's passport (a few queries per purchase; default true). Lists and exports may skip it. */
  passport?: boolean;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const num = (value: string | null) => (value === null ? null : Number(value));

function phonesOf(row: PurchaseRow): PhoneDnc[] {
  const listed = new Map((row.dnc?.listed ?? []).map((entry) => [entry.phone, entry.lists]));
  const checked = new Set(row.dnc?.checked ?? []);
  return (row.phones ?? []).map((number) => ({
    number,
    dnc_lists: listed.get(number) ?? [],
    // Scrubs before `checked` existed listed only hits; treat a listed number as looked up.
    checked: checked.has(number) || listed.has(number),
  }));
}

function toView(row: PurchaseRow, now: Date, windowDays: number, passport: unknown | null): PurchaseView {
  const scrubbedAt = row.dnc?.scrubbed_at ?? null;
  const stale = isScrubStale(row.dnc, now);
  const phones = phonesOf(row);
  const suppressed = row.suppressed_at !== null;
  return {
    id: row.id,
    checkout_id: row.checkout_id,
    lead_id: row.lead_id,
    status: row.status,
    exclusive: row.exclusive,
    purchased_at: row.purchased_at.toISOString(),
    dispute_deadline: new Date(row.purchased_at.getTime() + windowDays * DAY_MS).toISOString(),
    refunded_at: iso(row.refunded_at),
    refund_reason: row.refund_reason,
    price: { credits: row.credits, price_version: row.price_version, receipt: row.receipt },
    contact: {
      name: row.contact_name,
      phones: phones.map((phone) => ({
        number: phone.number,
        dnc: {
          listed: phone.dnc_lists.length > 0,
          lists: phone.dnc_lists,
          checked: phone.checked,
          scrubbed_at: iso(scrubbedAt),
          stale,
        },
      })),
      emails: row.emails ?? [],
      suppressed,
    },
    lead: {
      status: row.lead_status,
      merged_into: row.merged_into,
      listing_type: row.listing_type,
      property_type: row.property_type,
      title: row.title,
      description: row.description,
      asking_price: num(row.asking_price),
      bedrooms: num(row.bedrooms),
      bathrooms: num(row.bathrooms),
      sqft: row.sqft,
      lot_sqft: row.lot_sqft,
      year_built: row.year_built,
      posted_at: iso(row.posted_at),
      quality_score: row.quality_score,
      address: {
        line: row.address_line,
        unit: row.unit,
        city: row.city,
        state: row.state,
        zip: row.zip,
        canonical: row.address_canonical,
        latitude: row.latitude,
        longitude: row.longitude,
        geo_precision: row.geo_precision,
      },
    },
    dnc: { scrubbed_at: iso(scrubbedAt), stale },
    contact_rules: contactRules({
      phones,
      emails: row.emails ?? [],
      scrubbed_at: iso(scrubbedAt),
      scrub_stale: stale,
      consent: row.consent ?? null,
      suppressed,
    }),
    passport: passport as PurchaseView['passport'],
  };
}

/**
 * The buyer's purchases among `ids` as the purchase API shows them: full contact, lead facts and
 * address, DNC flags per phone, the contact rules, price paid with receipt, status and dispute deadline,
 * and (unless `passport: false`) the lead passport. Ids that are not the buyer's are left out; the result
 * keeps the order of `ids`. The CSV export and the CRM push build on this.
 */
export async function loadPurchaseViews(
  db: Queryable,
  buyerId: string,
  ids: readonly string[],
  options: PurchaseViewOptions = {},
): Promise<PurchaseView[]> {
  const now = options.now ?? new Date();
  const windowDays = options.disputeWindowDays ?? 7;
  const rows = await readPurchases(db, buyerId, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const views: PurchaseView[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const passport = options.passport === false ? null : await loadPassport(db, row.lead_id);
    views.push(toView(row, now, windowDays, passport));
  }
  return views;
}
