/**
 * Contact details written in a posting's text, kept exactly as written (obfuscations included): the normaliser
 * turns them into E.164 / lower-case addresses later, and a raw substring lets it show its work.
 */

const NUMBER_WORD = 'zero|one|two|three|four|five|six|seven|eight|nine';
const DIGITISH_TOKEN = new RegExp(`^(?:\\d|${NUMBER_WORD}|[oil])+$`, 'i');
const DIGIT_UNIT = new RegExp(`\\d|${NUMBER_WORD}|[oil]`, 'gi');
const NUMBER_WORDS = new RegExp(NUMBER_WORD, 'gi');
// Only words made of digits, number words and digit look-alikes can be part of a number.
const CANDIDATE = new RegExp(`(?<![A-Za-z0-9])(?:\\d|${NUMBER_WORD}|[oil])+(?![A-Za-z0-9])`, 'gi');
// Between the groups of one number: spaces, dashes, dots, brackets and the quote/star/plus junk posters use to
// dodge scrapers ("786'*'555'*'0106"). No newline and no comma: those separate different numbers.
const GROUP_GAP = /^[ \t.\-\u2013\u2014*'\u2019+/()_~]{1,5}$/;
const LOCAL_NUMBER_CONTEXT = /\b(?:call|text|phone|tel|cell|office|contact|at)\b[^\n]{0,20}$/i;

interface Token {
  start: number;
  end: number;
  units: number;
  realDigits: number;
  leadingOne: boolean;
}

/** How many phone digits a token stands for ("5five5" → 3, "O1O2" → 4), or null when it is not a number. */
function tokenUnits(token: string): Omit<Token, 'start' | 'end'> | null {
  if (!DIGITISH_TOKEN.test(token)) return null;
  const realDigits = token.replace(/\D/g, '').length;
  const lookalikes = /[oil]/i.test(token.replace(NUMBER_WORDS, ''));
  // "O" for 0 and "l"/"I" for 1 only count next to real digits; alone they are words.
  if (lookalikes && realDigits === 0) return null;
  const units = token.match(DIGIT_UNIT)?.length ?? 0;
  const leadingOne = /^(?:1|one|[il])/i.test(token);
  return { units, realDigits, leadingOne };
}

// Where the groups of a written number may split: 617|555|0100 or 1|617|555|0100. Digits written one by one
// ("(8 1 7) 5 5 5-…") also pass; "1990 *1991* *91" (years in keyword spam) does not.
const SPLITS_10 = new Set([3, 6]);
const SPLITS_11 = new Set([1, 4, 7]);

function isPhone(tokens: Token[]): boolean {
  const units = tokens.reduce((n, t) => n + t.units, 0);
  const real = tokens.reduce((n, t) => n + t.realDigits, 0);
  if (real < 5) return false;
  const splits = units === 10 ? SPLITS_10 : units === 11 && tokens[0]!.leadingOne ? SPLITS_11 : null;
  if (!splits) return false;
  if (tokens.every((t) => t.units === 1)) return true;
  let at = 0;
  for (const t of tokens.slice(0, -1)) {
    at += t.units;
    if (!splits.has(at)) return false;
  }
  return true;
}

/** The tokens of a run that form one phone number: the whole run, else its tail, else its head. */
function phoneTokens(run: Token[]): Token[] | null {
  if (isPhone(run)) return run;
  for (let i = 1; i < run.length; i++) if (isPhone(run.slice(i))) return run.slice(i);
  for (let j = run.length - 1; j > 0; j--) if (isPhone(run.slice(0, j))) return run.slice(0, j);
  return null;
}

/** True when the digits sit inside a URL or query string (ids such as `?uid=2521595912`), not in prose. */
function insideUrl(text: string, start: number, end: number): boolean {
  const from = text.lastIndexOf(' ', start) + 1;
  const nl = text.lastIndexOf('\n', start) + 1;
  const word = text.slice(Math.max(from, nl), end);
  return /[=?]|:\/\/|www\./i.test(word);
}

function digitRuns(text: string): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const unit = tokenUnits(m[0]);
    const start = m.index ?? 0;
    const last = run[run.length - 1];
    if (!unit) {
      if (run.length) runs.push(run);
      run = [];
      continue;
    }
    const token = { ...unit, start, end: start + m[0].length };
    if (last && !GROUP_GAP.test(text.slice(last.end, start))) {
      runs.push(run);
      run = [];
    }
    run.push(token);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Phone numbers written in free text, as written: "(617) 555-0141", "505-555-zero142", "786'*'555'*'O1O6". */
export function findPhones(text: string): string[] {
  const found: string[] = [];
  for (const run of digitRuns(text)) {
    let tokens = phoneTokens(run);
    if (!tokens && run.length === 2) {
      // A seven-digit local number ("555-0116") only counts right after a word that introduces a phone.
      const [a, b] = run as [Token, Token];
      const gap = text.slice(a.end, b.start);
      const local = a.realDigits === 3 && a.units === 3 && b.realDigits === 4 && b.units === 4;
      if (
        local &&
        /^[-.]$/.test(gap) &&
        LOCAL_NUMBER_CONTEXT.test(text.slice(Math.max(0, a.start - 40), a.start))
      )
        tokens = run;
    }
    if (!tokens || insideUrl(text, tokens[0]!.start, tokens[0]!.end)) continue;
    let start = tokens[0]!.start;
    let end = tokens[tokens.length - 1]!.end;
    const before = /(?:\+\s?|\(\s?)$/.exec(text.slice(Math.max(0, start - 2), start));
    if (before) start -= before[0].length;
    // "(8) (3) … (9)": close the last bracket the number opened.
    const opened = text.slice(start, end).split('(').length - text.slice(start, end).split(')').length;
    if (opened > 0 && text[end] === ')') end += 1;
    const raw = text.slice(start, end);
    if (!found.includes(raw)) found.push(raw);
  }
  return found;
}

const DOT = String.raw`\s?(?:\.|\(dot\)|\[dot\]|\bdot\b)\s?`;
const EMAIL = new RegExp(
  String.raw`[A-Za-z0-9][A-Za-z0-9._%+-]*\s?(?:@|\(at\)|\[at\])\s?[A-Za-z0-9-]+(?:${DOT}[A-Za-z0-9-]+)*${DOT}(?:com|net|org|edu|gov|us|io|co|info|biz|me)\b`,
  'gi',
);

/** E-mail addresses written in free text, as written ("BenC @ example . com" included). */
export function findEmails(text: string): string[] {
  const found: string[] = [];
  if (!/@|\(at\)|\[at\]/i.test(text)) return found;
  for (const m of text.matchAll(EMAIL)) if (!found.includes(m[0])) found.push(m[0]);
  return found;
}

const NOT_A_NAME = new Set(
  (
    'us me now today our the office leasing apartment apartments info information management team agent for or and ' +
    'please text call anytime any number phone owner landlord property manager front desk email reply asap us! ' +
    'immediately quick fast here this that with from to a an'
  ).split(' '),
);
const NAME = "([A-Z][a-z]+(?:[ '-][A-Z][a-z]+){0,2})";
const ACTION = '(?:[Cc]all|CALL|[Tt]ext|TEXT|[Cc]ontact|CONTACT|[Mm]essage|[Ee]mail|[Aa]sk for)';
const NAME_PATTERNS = [
  // "Contact Agent: Dana Examplar", "Contact info: Terry Sample | …", "Leasing Contact: Gus Example at …"
  new RegExp(
    String.raw`\b(?:[Cc]ontact(?: [Aa]gent| [Ii]nfo(?:rmation)?| [Pp]erson)?|[Ll]easing [Cc]ontact)\s*:\s*${NAME}`,
  ),
  // "Call Juan at (773) 555-0104", "Call/Text Ryan 407-555-0141", "email Ben with any questions"
  new RegExp(
    String.raw`\b${ACTION}(?:\s*(?:\/|or|&)\s*${ACTION})*\s+${NAME}(?=\s*[(\d@]|\s+(?:at|with|from|for|to|on)\b)`,
  ),
];

/** The contact's name when the text states it next to a way to reach them, else null. */
export function findContactName(text: string): string | null {
  for (const pattern of NAME_PATTERNS) {
    for (const m of text.matchAll(new RegExp(pattern.source, 'g'))) {
      const words = (m[1] ?? '').split(/\s+/);
      while (words.length && NOT_A_NAME.has(words[words.length - 1]!.toLowerCase())) words.pop();
      if (words.length && !NOT_A_NAME.has(words[0]!.toLowerCase())) return words.join(' ');
    }
  }
  return null;
}
