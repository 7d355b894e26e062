import type { Queryable } from '../../../platform/db/index.js';
import {
  deleteNumbers,
  findContactsToScrub,
  findListings,
  finishImport,
  insertImport,
  insertNumbers,
  lockContactPhones,
  saveContactScrubs,
} from './dnc.repository.js';
import type { DncListing, DncScrub } from './dnc.schemas.js';
import { type DncList, e164ToPhone10, parseDncFile, type RejectedLine, toPhone10 } from './dnc-file.js';

// Big enough to keep round trips few on a registry file (an area code holds up to ~millions of lines),
// small enough to keep each statement's parameter array and PGlite's memory modest.
const BATCH_SIZE = 5_000;
/** The registry's rule: a number must have been checked against a list no older than 31 days. */
export const DNC_SCRUB_MAX_AGE_DAYS = 31;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What importing one data file did. */
export interface DncImportResult {
  importId: number;
  fileName: string;
  list: DncList;
  areaCodes: string[];
  rowsRead: number;
  rowsAdded: number;
  rowsRejected: number;
  /** Good lines that added nothing: already on the list, or repeated in the file. */
  rowsDuplicate: number;
  rejected: RejectedLine[];
}

/** Imports one DNC data file in one transaction (batched inserts); bad lines are counted, not thrown. */
export async function importDncFile(
  db: Queryable,
  input: { list: DncList; fileName: string; text: string },
): Promise<DncImportResult> {
  const parsed = parseDncFile(input.text);
  return db.transaction(async (tx) => {
    const importId = await insertImport(tx, {
      list: input.list,
      fileName: input.fileName,
      areaCodes: parsed.areaCodes,
    });
    let rowsAdded = 0;
    for (let start = 0; start < parsed.phones.length; start += BATCH_SIZE) {
      rowsAdded += await insertNumbers(
        tx,
        input.list,
        parsed.phones.slice(start, start + BATCH_SIZE),
        importId,
      );
    }
    const counts = { rowsRead: parsed.rowsRead, rowsAdded, rowsRejected: parsed.rowsRejected };
    await finishImport(tx, importId, counts);
    return {
      importId,
      fileName: input.fileName,
      list: input.list,
      areaCodes: parsed.areaCodes,
      ...counts,
      rowsDuplicate: parsed.rowsRead - parsed.rowsRejected - rowsAdded,
      rejected: parsed.rejected,
    };
  });
}

/** Takes numbers off a list (registry deletions, a lifted internal suppression); returns counts. */
export async function removeDncNumbers(
  db: Queryable,
  list: DncList,
  phones: string[],
): Promise<{ removed: number; rejected: string[] }> {
  const valid: string[] = [];
  const rejected: string[] = [];
  for (const phone of phones) {
    const phone10 = toPhone10(phone);
    if (phone10) valid.push(phone10);
    else rejected.push(phone);
  }
  let removed = 0;
  await db.transaction(async (tx) => {
    for (let start = 0; start < valid.length; start += BATCH_SIZE) {
      removed += await deleteNumbers(tx, list, valid.slice(start, start + BATCH_SIZE));
    }
  });
  return { removed, rejected };
}

/** Checks E.164 phones against both lists; non-NANP phones are reported as unchecked. Writes nothing. */
export async function scrubPhones(
  db: Queryable,
  phonesE164: readonly string[],
  now: Date,
): Promise<DncScrub> {
  return (await scrubPhoneSets(db, new Map([['', phonesE164]]), now)).get('')!;
}

/** scrubPhones for several phone sets with one lookup: each key's scrub covers its own phones. */
async function scrubPhoneSets<K>(
  db: Queryable,
  sets: ReadonlyMap<K, readonly string[]>,
  now: Date,
): Promise<Map<K, DncScrub>> {
  const allPhones10 = [...sets.values()].flat().map(e164ToPhone10);
  const listings = await findListings(db, [
    ...new Set(allPhones10.filter((phone): phone is string => phone !== null)),
  ]);
  const scrubs = new Map<K, DncScrub>();
  for (const [key, phones] of sets) {
    const unique = [...new Set(phones)];
    const checked = unique.filter((phone) => e164ToPhone10(phone) !== null);
    const unchecked = unique.filter((phone) => e164ToPhone10(phone) === null);
    const listed: DncListing[] = [];
    for (const phone of checked) {
      const lists = listings.get(e164ToPhone10(phone)!);
      if (lists) listed.push({ phone, lists });
    }
    scrubs.set(key, { scrubbed_at: now.toISOString(), listed, checked, unchecked });
  }
  return scrubs;
}

/** Scrubs a lead's contact phones and stores the result on the contact; null when the lead has no contact. */
export async function scrubLeadContact(db: Queryable, leadId: string, now: Date): Promise<DncScrub | null> {
  return (await scrubLeadContacts(db, [leadId], now)).get(leadId) ?? null;
}

/** Scrubs the contacts of many leads with one lookup and one write; leads without a contact are absent. */
export async function scrubLeadContacts(
  db: Queryable,
  leadIds: readonly string[],
  now: Date,
): Promise<Map<string, DncScrub>> {
  // The rows are locked while scrubbing so a concurrent phone change can't be stored under an older result.
  return db.transaction(async (tx) => {
    const phones = await lockContactPhones(tx, leadIds);
    const scrubs = await scrubPhoneSets(tx, phones, now);
    await saveContactScrubs(tx, scrubs);
    return scrubs;
  });
}

/** True when there is no scrub or it is more than 31 days old at `now`. */
export function isScrubStale(dnc: Pick<DncScrub, 'scrubbed_at'> | null | undefined, now: Date): boolean {
  if (!dnc) return true;
  const scrubbedAt = Date.parse(dnc.scrubbed_at);
  if (Number.isNaN(scrubbedAt)) return true;
  return now.getTime() - scrubbedAt > DNC_SCRUB_MAX_AGE_DAYS * DAY_MS;
}

/** Lead ids whose contact has phones and no scrub, a stale one, or one that missed a phone (for re-scrub). */
export async function listStaleScrubs(db: Queryable, now: Date, limit = 500): Promise<string[]> {
  return findContactsToScrub(db, new Date(now.getTime() - DNC_SCRUB_MAX_AGE_DAYS * DAY_MS), limit);
}

/**
 * A scrub as events and the passport keep it: counts and the lists, with each listed phone reduced to
 * its last two digits (events outlive a contact's deletion, so they never hold the number).
 */
export function maskedScrub(scrub: DncScrub) {
  return {
    scrubbed_at: scrub.scrubbed_at,
    checked: scrub.checked.length,
    listed: scrub.listed.map(({ phone, lists }) => ({ phone: `••${phone.slice(-2)}`, lists })),
  };
}
