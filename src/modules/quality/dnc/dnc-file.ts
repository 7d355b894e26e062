// Pure parsing for DNC data: the registry's files and the phones a scrub is asked about. No SQL here.

/** The two lists a number can be on: the National DNC Registry, or our own suppression list. */
export const DNC_LISTS = ['national', 'internal'] as const;
export type DncList = (typeof DNC_LISTS)[number];

/** A line of a data file that was not a US number, kept (a few) so the operator can see what went wrong. */
export interface RejectedLine {
  line: number;
  text: string;
}

/** What a data file holds once read: unique numbers in file order, and the counts an import reports. */
export interface ParsedDncFile {
  phones: string[];
  rowsRead: number;
  rowsRejected: number;
  /** The first few rejected lines (the counts are exact; the samples are capped). */
  rejected: RejectedLine[];
  areaCodes: string[];
}

const MAX_REJECTED_SAMPLES = 20;
// NANP: area code and exchange start with 2-9. The table's CHECK is looser; this also refuses exchanges
// 0xx/1xx, which no real line has, so a corrupted line is reported instead of stored.
const NANP10 = /^[2-9]\d{2}[2-9]\d{6}$/;

/** Is `value` a list name? For CLI flags and job payloads. */
export function isDncList(value: string): value is DncList {
  return (DNC_LISTS as readonly string[]).includes(value);
}

/**
 * A registry line to its 10-digit number, or null. The registry writes bare digits; a leading 1 or +1 and
 * the usual punctuation are tolerated because internal lists come from people typing numbers.
 */
export function toPhone10(raw: string): string | null {
  let digits = raw.trim().replace(/[\s().-]/g, '');
  if (digits.startsWith('+1')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return NANP10.test(digits) ? digits : null;
}

/** An E.164 phone to its 10-digit number when it is a +1 (NANP) number; other countries can't be checked. */
export function e164ToPhone10(phone: string): string | null {
  return /^\+1\d{10}$/.test(phone) ? toPhone10(phone) : null;
}

/** Reads a data file: one number a line; CRLF and blank lines are fine, bad lines are counted, never thrown. */
export function parseDncFile(text: string): ParsedDncFile {
  const seen = new Set<string>();
  const rejected: RejectedLine[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  // A UTF-8 BOM would otherwise make the first line a "bad" line.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((rawLine, index) => {
    const trimmed = rawLine.trim();
    if (trimmed === '') return;
    rowsRead += 1;
    const phone = toPhone10(trimmed);
    if (phone === null) {
      rowsRejected += 1;
      if (rejected.length < MAX_REJECTED_SAMPLES)
        rejected.push({ line: index + 1, text: trimmed.slice(0, 80) });
      return;
    }
    seen.add(phone);
  });
  const phones = [...seen];
  const areaCodes = [...new Set(phones.map((phone) => phone.slice(0, 3)))].sort();
  return { phones, rowsRead, rowsRejected, rejected, areaCodes };
}
