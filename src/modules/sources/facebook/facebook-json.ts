/**
 * JSON.parse for Meta payloads. Meta's docs print ids as JSON numbers and real ids exceed 2^53
 * (e.g. 120226863088130609), which JSON.parse rounds before any reviver sees them. Integer literals
 * that are not safe integers are quoted in the raw text first, so they arrive as exact digit strings.
 */
export function parseJsonKeepingLongIntegers(text: string): unknown {
  const n = text.length;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string literal so digits inside it are never touched.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else {
          i++;
          if (d === 34) break;
        }
      }
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = c === 45 ? i + 1 : i;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const next = text[j];
      const integer = next !== '.' && next !== 'e' && next !== 'E';
      if (integer && j > i && !Number.isSafeInteger(Number(text.slice(i, j)))) {
        out += `${text.slice(copied, i)}"${text.slice(i, j)}"`;
        copied = j;
      }
      while (j < n && /[0-9.eE+-]/.test(text[j]!)) j++;
      i = j;
      continue;
    }
    i++;
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A Meta id as a digit string: digit strings pass, safe integers are converted, anything else is null. */
export function idString(value: unknown): string | null {
  if (typeof value === 'string') return /^\d+$/.test(value) ? value : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

/** Reads a payload given as text, bytes or an already-parsed object. */
export function payloadObject(payload: unknown): unknown {
  if (typeof payload === 'string') return parseJsonKeepingLongIntegers(payload);
  if (Buffer.isBuffer(payload)) return parseJsonKeepingLongIntegers(payload.toString('utf8'));
  return payload;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
