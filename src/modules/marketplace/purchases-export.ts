import type { Queryable } from '../../platform/db/index.js';
import type { PurchaseView } from './marketplace.schemas.js';
import { loadPurchaseViews } from './purchase-view.js';
import {
  type ExportFilter,
  type ExportKeyset,
  exportPurchaseIdsPage,
} from './purchases-export.repository.js';

// The buyer's purchases as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a
// comma, a quote or a line break. Built from the same purchase view the API shows (one source of truth
// for contact, DNC flags and rules), one page at a time, so 10,000 rows never sit in memory together.

type Cell = string | number | boolean | null;

const joinList = (values: readonly string[]) => values.join('; ');

/** The export's columns, in order: header and how each row's cell is read from a purchase. */
export const CSV_COLUMNS: readonly [string, (purchase: PurchaseView) => Cell][] = [
  ['purchase_id', (p) => p.id],
  ['purchased_at', (p) => p.purchased_at],
  ['status', (p) => p.status],
  ['refunded_at', (p) => p.refunded_at],
  ['refund_reason', (p) => p.refund_reason],
  ['exclusive', (p) => p.exclusive],
  ['credits_paid', (p) => p.price.credits],
  ['dispute_deadline', (p) => p.dispute_deadline],
  ['lead_id', (p) => p.lead_id],
  ['lead_status', (p) => p.lead.status],
  ['listing_type', (p) => p.lead.listing_type],
  ['property_type', (p) => p.lead.property_type],
  ['title', (p) => p.lead.title],
  ['description', (p) => p.lead.description],
  ['asking_price', (p) => p.lead.asking_price],
  ['bedrooms', (p) => p.lead.bedrooms],
  ['bathrooms', (p) => p.lead.bathrooms],
  ['sqft', (p) => p.lead.sqft],
  ['lot_sqft', (p) => p.lead.lot_sqft],
  ['year_built', (p) => p.lead.year_built],
  ['posted_at', (p) => p.lead.posted_at],
  ['quality_score', (p) => p.lead.quality_score],
  ['address', (p) => p.lead.address.line],
  ['unit', (p) => p.lead.address.unit],
  ['city', (p) => p.lead.address.city],
  ['state', (p) => p.lead.address.state],
  ['zip', (p) => p.lead.address.zip],
  ['latitude', (p) => p.lead.address.latitude],
  ['longitude', (p) => p.lead.address.longitude],
  ['contact_name', (p) => p.contact.name],
  ['phones', (p) => joinList(p.contact.phones.map((phone) => phone.number))],
  ['emails', (p) => joinList(p.contact.emails)],
  ['dnc_listed_phones', (p) => joinList(p.contact.phones.filter((x) => x.dnc.listed).map((x) => x.number))],
  [
    'dnc_unchecked_phones',
    (p) => joinList(p.contact.phones.filter((x) => !x.dnc.checked).map((x) => x.number)),
  ],
  ['dnc_scrubbed_at', (p) => p.dnc.scrubbed_at],
  ['dnc_scrub_stale', (p) => p.dnc.stale],
  ['contact_suppressed', (p) => p.contact.suppressed],
  ['contact_rules', (p) => joinList(p.contact_rules.map((rule) => rule.code))],
];

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. Text (owner-written titles, names, and anything else that is a string) that a spreadsheet
 * would run as a formula gets a leading `'`, which makes it text; numbers we format ourselves (a negative
 * longitude) stay numbers. Fields with a comma, quote or line break are quoted, quotes doubled.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF. */
export function csvRecord(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export interface ExportDeps {
  db: Queryable;
  disputeWindowDays: number;
  /** Purchases per page (one id query and one view query each). */
  pageSize?: number;
  now?: () => Date;
}

/**
 * The buyer's purchases as CSV text, chunk by chunk (the header, then one chunk per page), oldest first.
 * Pages follow a keyset, so purchases made while the export runs neither repeat nor shift rows.
 */
export async function* purchasesCsv(
  deps: ExportDeps,
  buyerId: string,
  filter: ExportFilter = {},
): AsyncGenerator<string> {
  const pageSize = deps.pageSize ?? 500;
  const now = deps.now?.() ?? new Date();
  yield csvRecord(CSV_COLUMNS.map(([header]) => header));
  let after: ExportKeyset | null = null;
  for (;;) {
    const page = await exportPurchaseIdsPage(deps.db, buyerId, filter, after, pageSize);
    if (page.length === 0) return;
    const views = await loadPurchaseViews(
      deps.db,
      buyerId,
      page.map((row) => row.id),
      { now, disputeWindowDays: deps.disputeWindowDays, passport: false },
    );
    let chunk = '';
    for (const view of views) chunk += csvRecord(CSV_COLUMNS.map(([, read]) => read(view)));
    yield chunk;
    if (page.length < pageSize) return;
    after = page.at(-1)!.keyset;
  }
}
