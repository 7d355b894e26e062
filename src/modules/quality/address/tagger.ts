import { componentsFromLabels } from './labeled.js';
import { directionalCode, stateCode, suffixCode, unitTypeCode } from './normalize.js';
import { NUMBER_WORDS, ORDINAL, PRE_TYPES } from './street-words.js';
import type { Token } from './tokens.js';
import { type AddressComponents, COMPONENT_KEYS } from './types.js';
import { STATE_ABBREVIATION_VARIANTS, USPS_STATE_CODES, USPS_STATES } from './usps-places.js';

/**
 * The token tagger: a linear-chain model (averaged structured perceptron, Viterbi decoding) that labels
 * each word of an address with the component it belongs to, the way usaddress's CRF does. One of its
 * features is the rule parser's own answer for the word, so it learns where the rules go wrong.
 */

/** Token tags: our components, with the PO box words apart and `other` for words no component keeps. */
export const TAGS = [
  'number',
  'predir',
  'street',
  'suffix',
  'postdir',
  'unit_type',
  'unit',
  'city',
  'state',
  'zip',
  'box',
  'box_id',
  'other',
] as const;
export type Tag = (typeof TAGS)[number];

/** usaddress labels → our tags; a label not listed (recipient, building name…) is `other`. */
const TAG_OF_LABEL: Readonly<Record<string, Tag>> = {
  AddressNumberPrefix: 'number',
  AddressNumber: 'number',
  AddressNumberSuffix: 'number',
  StreetNamePreDirectional: 'predir',
  StreetNamePreModifier: 'street',
  StreetNamePreType: 'street',
  StreetName: 'street',
  StreetNamePostModifier: 'street',
  StreetNamePostType: 'suffix',
  StreetNamePostDirectional: 'postdir',
  OccupancyType: 'unit_type',
  SubaddressType: 'unit_type',
  OccupancyIdentifier: 'unit',
  SubaddressIdentifier: 'unit',
  PlaceName: 'city',
  StateName: 'state',
  ZipCode: 'zip',
  ZipPlus4: 'zip',
  USPSBoxType: 'box',
  USPSBoxID: 'box_id',
};

/** One usaddress label per tag, so tagged words go through the same conversion as the labelled file. */
const LABEL_OF_TAG: Readonly<Record<Tag, string>> = {
  number: 'AddressNumber',
  predir: 'StreetNamePreDirectional',
  street: 'StreetName',
  suffix: 'StreetNamePostType',
  postdir: 'StreetNamePostDirectional',
  unit_type: 'OccupancyType',
  unit: 'OccupancyIdentifier',
  city: 'PlaceName',
  state: 'StateName',
  zip: 'ZipCode',
  box: 'USPSBoxType',
  box_id: 'USPSBoxID',
  other: 'Other',
};

export function tagOfLabel(label: string): Tag {
  return TAG_OF_LABEL[label] ?? 'other';
}

/** Components from tagged words, converted exactly as the labelled file's answers are. */
export function componentsFromTags(tokens: readonly Token[], tags: readonly Tag[]): AddressComponents {
  const labelled = tokens.map((token, index) => ({
    label: LABEL_OF_TAG[tags[index] ?? 'other'],
    text: token.word,
  }));
  return componentsFromLabels(labelled, tags.includes('box'));
}

/**
 * Whether tagged words make a well-formed address; when not, the caller keeps the rules' answer.
 * Each component one run of words, codes that normalise, a house number and street (or a box).
 */
export function tagsAreConsistent(tags: readonly Tag[], parts: AddressComponents): boolean {
  const seen = new Set<Tag>();
  for (let index = 0; index < tags.length; index += 1) {
    const tag = tags[index] as Tag;
    if (tag === 'other' || (index > 0 && tag === tags[index - 1])) continue;
    if (seen.has(tag)) return false;
    seen.add(tag);
  }
  if (seen.has('box')) {
    if (!seen.has('box_id') || seen.has('number')) return false;
  } else if (parts.number === null || parts.street === null || seen.has('box_id')) return false;
  // A house number has a digit, or is a number word or a lettered lot (`B`, `G-J`), not `SMITH` or `HWY`.
  const number = parts.number ?? '';
  if (parts.number !== null && !/\d|^[A-Z](?:-[A-Z])?$/.test(number) && !NUMBER_WORDS.has(number))
    return false;
  // A designator read as the unit's identifier (`Unit508`, `Rear`): the rules know the designators.
  const unitWord = parts.unit?.split(' ')[0];
  if (parts.unit_type === null && unitWord !== undefined && unitTypeCode(unitWord) !== null) return false;
  const codeOk = (value: string | null, code: (text: string) => string | null) =>
    value === null || code(value) === value;
  return (
    codeOk(parts.predirectional, directionalCode) &&
    codeOk(parts.postdirectional, directionalCode) &&
    codeOk(parts.suffix, suffixCode) &&
    (parts.unit_type === null || parts.unit_type === '#' || unitTypeCode(parts.unit_type) !== null) &&
    (parts.state === null || USPS_STATE_CODES.has(parts.state)) &&
    (parts.zip === null || /^\d{5}$/.test(parts.zip)) &&
    (parts.zip4 === null || /^\d{4}$/.test(parts.zip4))
  );
}

/** Every tag `ruleTags` gives, and the line's edges; the tagger numbers them in this order. */
const RULE_TAGS = ['none', 'BOS', 'EOS', ...COMPONENT_KEYS] as const;
const BOS = 1;
const EOS = 2;

/** Rule components in writing order, each with how a written word is compared to its value. */
const RULE_ORDER: readonly [keyof AddressComponents, (word: string) => string | null][] = [
  ['number', (word) => word],
  ['predirectional', (word) => wordInfo(word).dir],
  ['street', (word) => word],
  ['suffix', (word) => wordInfo(word).suffix],
  ['postdirectional', (word) => wordInfo(word).dir],
  ['unit_type', (word) => wordInfo(word).unit],
  ['unit', (word) => word],
  ['city', (word) => word],
  ['zip', (word) => word],
  ['zip4', (word) => word],
];

/**
 * The rule parser's component for each word (`none` when no component kept it), found by matching the
 * words back to the components' values in writing order; the state may take several words.
 */
export function ruleTags(tokens: readonly Token[], parts: AddressComponents): string[] {
  const items: { key: string; value: string; compare: (word: string) => string | null }[] = [];
  for (const [key, compare] of RULE_ORDER) {
    const value = parts[key];
    if (value === null) continue;
    const values = key === 'zip' || key === 'zip4' ? [value] : value.split(' ');
    for (const one of values) items.push({ key, value: one, compare });
  }
  const used = new Array<boolean>(items.length).fill(false);
  const out = new Array<string>(tokens.length).fill('none');
  let next = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    const word = (tokens[index] as Token).word;
    // A state name (not a code) comes after the city: `New York, NY` is the city, then the state.
    const cityLeft = items.some((item, k) => item.key === 'city' && !used[k]);
    if (parts.state !== null && !(cityLeft && word.length > 2)) {
      const size = stateWords(tokens, index, parts.state);
      if (size > 0) {
        for (let k = 0; k < size; k += 1) out[index + k] = 'state';
        index += size - 1;
        continue;
      }
    }
    if (parts.zip !== null && word.startsWith(parts.zip) && /^\d{5}-?\d{4}$/.test(word)) {
      out[index] = 'zip';
      continue;
    }
    let found = -1;
    for (let step = 0; step < items.length && found < 0; step += 1) {
      // From the next unused component on, then wrapping round (units written before the number).
      const k = (next + step) % items.length;
      const item = items[k] as (typeof items)[number];
      if (!used[k] && item.compare(word) === item.value) found = k;
    }
    if (found < 0) continue;
    used[found] = true;
    next = found + 1;
    out[index] = (items[found] as { key: string }).key;
  }
  return out;
}

/** How many words from `index` spell `state` (a code or a name of up to four words), or 0. */
function stateWords(tokens: readonly Token[], index: number, state: string): number {
  const first = wordInfo((tokens[index] as Token).word);
  if (!first.stateStart) return first.state === state ? 1 : 0;
  for (let size = 4; size >= 1; size -= 1) {
    if (index + size > tokens.length) continue;
    const words = tokens
      .slice(index, index + size)
      .map((token) => token.word)
      .join(' ');
    if (stateCode(words) === state) return size;
  }
  return 0;
}

function shape(word: string): string {
  const pattern = word
    .replace(/[0-9]/g, 'd')
    .replace(/[A-Z]/g, 'a')
    .replace(/(.)\1{2,}/g, '$1$1+');
  return pattern;
}

function wordClass(word: string): string {
  if (/^\d+$/.test(word)) return word.length === 5 ? 'd5' : word.length === 4 ? 'd4' : 'd';
  if (/^[A-Z]+$/.test(word)) return word.length === 1 ? 'a1' : word.length === 2 ? 'a2' : 'a';
  if (ORDINAL.test(word)) return 'ord';
  if (word === '#') return '#';
  if (/^\d/.test(word)) return 'dmix';
  return 'mix';
}

/**
 * What the tables say a word can be, and the names of the features that depend on the word alone:
 * its own, and those it gives the words one and two places after and before it. Computed once per
 * distinct word (see `wordInfo`).
 */
interface WordInfo {
  suffix: string | null;
  unit: string | null;
  dir: string | null;
  state: string | null;
  /** Whether a state name of several words can start with this word (`NEW`, `NORTH`, `DISTRICT`). */
  stateStart: boolean;
  cls: string;
  lex: string;
  own: readonly string[];
  asPrev: readonly string[];
  asNext: readonly string[];
  asPrev2: readonly string[];
  asNext2: readonly string[];
}

const STATE_NAME_STARTS: ReadonlySet<string> = new Set(
  [...Object.keys(USPS_STATES), ...Object.keys(STATE_ABBREVIATION_VARIANTS)]
    .filter((name) => name.includes(' '))
    .map((name) => name.split(' ')[0] as string),
);

const WORD_CACHE_MAX = 20_000;
const wordCache = new Map<string, WordInfo>();

/** The table lookups for a word, cached: the same few thousand words make up most addresses. */
function wordInfo(word: string): WordInfo {
  const cached = wordCache.get(word);
  if (cached !== undefined) return cached;
  const suffix = suffixCode(word);
  const unit = word === '#' ? '#' : unitTypeCode(word);
  const dir = directionalCode(word);
  const state = stateCode(word);
  const kinds: string[] = [];
  if (suffix !== null) kinds.push('sfx');
  if (unit !== null && word !== '#') kinds.push('unit');
  if (dir !== null) kinds.push('dir');
  if (state !== null) kinds.push(word.length === 2 ? 'st2' : 'stname');
  if (PRE_TYPES.has(word)) kinds.push('pretype');
  if (NUMBER_WORDS.has(word)) kinds.push('numword');
  if (/^(?:BOX|BX|POB|PO|P|O|POST|OFFICE|DRAWER|LOCKBOX)$/.test(word)) kinds.push('box');
  const lex = kinds.length === 0 ? '-' : kinds.join('+');
  const cls = wordClass(word);
  const own = [
    'b',
    `w=${word}`,
    `s=${shape(word)}`,
    `c=${cls}`,
    `x=${lex}`,
    `len=${Math.min(word.length, 8)}`,
  ];
  own.push(`cx=${cls}|${lex}`);
  if (word.length > 3) own.push(`p3=${word.slice(0, 3)}`, `s3=${word.slice(-3)}`);
  const info: WordInfo = {
    suffix,
    unit,
    dir,
    state,
    stateStart: STATE_NAME_STARTS.has(word),
    cls,
    lex,
    own,
    asPrev: [`pw=${word}`, `pcx=${cls}|${lex}`],
    asNext: [`nw=${word}`, `ncx=${cls}|${lex}`],
    asPrev2: [`ppx=${lex}`],
    asNext2: [`nnx=${lex}`],
  };
  if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
  wordCache.set(word, info);
  return info;
}

/** What the start and end of the line give the words next to them. */
const EDGE = {
  asPrev: ['pw=BOS', 'pcx=BOS|BOS'],
  asPrev2: ['ppx=BOS'],
  asNext: ['nw=EOS', 'ncx=EOS|EOS'],
  asNext2: ['nnx=EOS'],
} as const;

/** Where a word sits: index from the start and from the end (capped), commas after it, commas around it. */
interface Place {
  index: number;
  fromEnd: number;
  commasAfter: number;
  comma: number;
  prevComma: number;
  dot: number;
}

function placesOf(tokens: readonly Token[]): Place[] {
  const n = tokens.length;
  const places = new Array<Place>(n);
  let commas = 0;
  for (let index = n - 1; index >= 0; index -= 1) {
    const token = tokens[index] as Token;
    // Commas from this word on, the last word's own excepted (it ends the line).
    if (token.comma && index < n - 1) commas += 1;
    places[index] = {
      index: Math.min(index, 6),
      fromEnd: Math.min(n - 1 - index, 6),
      commasAfter: Math.min(commas, 3),
      comma: token.comma ? 1 : 0,
      // Negative indexes are property lookups in V8, far slower than array reads: test the bound.
      prevComma: index > 0 && (tokens[index - 1] as Token).comma ? 1 : 0,
      dot: token.raw.includes('.') ? 1 : 0,
    };
  }
  return places;
}

/** Features of where the word sits. */
const placeNames = (at: Place) => [
  `i=${at.index}`,
  `e=${at.fromEnd}`,
  `ca=${at.commasAfter}`,
  `cm=${at.comma}`,
  `pc=${at.prevComma}`,
  `dot=${at.dot}`,
];

/** Features of the rule parser's tags for the word and its neighbours. */
const ruleNames = (before: string, rule: string, after: string) => [
  `r=${rule}`,
  `rp=${before}`,
  `rn=${after}`,
  `rr=${before}|${rule}|${after}`,
];

/** The rule tag together with where the word sits. */
const rulePlaceNames = (rule: string, at: Place) => [
  `re=${rule}|${at.fromEnd}`,
  `rca=${rule}|${at.commasAfter}|${at.comma}`,
];

/** The rule tag together with the word and its kind. */
const ruleWordNames = (rule: string, word: string, info: WordInfo) => [
  `rx=${rule}|${info.lex}`,
  `rc=${rule}|${info.cls}`,
  `rw=${rule}|${word}`,
];

const ruleAt = (rules: readonly string[], index: number, edge: string) =>
  index < 0 || index >= rules.length ? edge : (rules[index] as string);

/**
 * Every feature name of each word, for training: the word's own (word, shape, table lookups), its
 * neighbours' words and kinds, where it sits and the rule parser's tags. The tagger computes the same sums with the
 * word-only part cached per word.
 */
export function tokenFeatures(tokens: readonly Token[], rules: readonly string[]): string[][] {
  const infos = tokens.map((token) => wordInfo(token.word));
  const places = placesOf(tokens);
  return tokens.map((token, index) => [
    ...(infos[index] as WordInfo).own,
    ...(index > 0 ? (infos[index - 1] as WordInfo).asPrev : EDGE.asPrev),
    ...(infos[index + 1]?.asNext ?? EDGE.asNext),
    ...(index > 1 ? (infos[index - 2] as WordInfo).asPrev2 : EDGE.asPrev2),
    ...(infos[index + 2]?.asNext2 ?? EDGE.asNext2),
    ...placeNames(places[index] as Place),
    ...ruleNames(
      ruleAt(rules, index - 1, 'BOS'),
      ruleAt(rules, index, 'none'),
      ruleAt(rules, index + 1, 'EOS'),
    ),
    ...rulePlaceNames(ruleAt(rules, index, 'none'), places[index] as Place),
    ...ruleWordNames(ruleAt(rules, index, 'none'), token.word, infos[index] as WordInfo),
  ]);
}

/** Serialised model: tags, transition weights (row 0 is the start), and per-feature weights per tag. */
export interface TaggerWeights {
  tags: readonly string[];
  transitions: number[][];
  features: Record<string, number[]>;
}

/** A word's summed weights for its word-only features, per role (itself, one or two places away). */
interface WordScores {
  /** Scores of the rule-and-word features, per rule tag. */
  byRule: Map<string, Float64Array>;
  own: Float64Array;
  asPrev: Float64Array;
  asNext: Float64Array;
  asPrev2: Float64Array;
  asNext2: Float64Array;
}

/** A trained tagger: scores tags per word and picks the best sequence with Viterbi. */
export class TokenTagger {
  private readonly size: number;
  private readonly transitions: Float64Array;
  /** Every feature's weights in one array, `size` per feature, found through `rows`. */
  private readonly weights: Float64Array;
  private readonly rows: Map<string, number>;
  private readonly wordScores = new Map<string, WordScores>();
  // Sums of feature groups whose values are few, keyed by a number built from the values.
  private readonly placeScores = new Map<number, Float64Array>();
  private readonly ruleScores = new Map<number, Float64Array>();
  private readonly rulePlaceScores = new Map<number, Float64Array>();
  private readonly ruleIds = new Map<string, number>();
  private readonly edge: WordScores;

  constructor(weights: TaggerWeights) {
    if (weights.tags.join() !== TAGS.join()) throw new Error('address model: tag set differs');
    const size = TAGS.length;
    this.size = size;
    this.transitions = Float64Array.from(weights.transitions.flat());
    const entries = Object.entries(weights.features);
    this.weights = new Float64Array(entries.length * size);
    this.rows = new Map();
    entries.forEach(([name, values], row) => {
      this.rows.set(name, row * size);
      this.weights.set(values.slice(0, size), row * size);
    });
    const none: readonly string[] = [];
    this.edge = this.scoresOf({ own: none, ...EDGE });
    for (const [id, rule] of RULE_TAGS.entries()) this.ruleIds.set(rule, id);
  }

  private sum(names: readonly string[]): Float64Array {
    const out = new Float64Array(this.size);
    for (const name of names) this.add(out, 0, name);
    return out;
  }

  private add(into: Float64Array, at: number, name: string): void {
    const row = this.rows.get(name);
    if (row === undefined) return;
    for (let t = 0; t < this.size; t += 1) {
      into[at + t] = (into[at + t] as number) + (this.weights[row + t] as number);
    }
  }

  private scoresOf(info: Pick<WordInfo, 'own' | 'asPrev' | 'asNext' | 'asPrev2' | 'asNext2'>): WordScores {
    return {
      byRule: new Map(),
      own: this.sum(info.own),
      asPrev: this.sum(info.asPrev),
      asNext: this.sum(info.asNext),
      asPrev2: this.sum(info.asPrev2),
      asNext2: this.sum(info.asNext2),
    };
  }

  private scoresOfWord(word: string): WordScores {
    let scores = this.wordScores.get(word);
    if (scores === undefined) {
      scores = this.scoresOf(wordInfo(word));
      if (this.wordScores.size >= WORD_CACHE_MAX) this.wordScores.clear();
      this.wordScores.set(word, scores);
    }
    return scores;
  }

  /**
   * The best tag sequence for the words, given the rule parser's tag of each (see `ruleTags`). The
   * features are the training ones (`tokenFeatures`), summed in groups whose sums are cached: per word,
   * per word and rule tag, per place, per rule-tag triple, per rule tag and place.
   */
  tag(tokens: readonly Token[], rules: readonly string[]): Tag[] {
    const { size } = this;
    const n = tokens.length;
    const words = tokens.map((token) => this.scoresOfWord(token.word));
    const places = placesOf(tokens);
    const ids = new Array<number>(n);
    for (let index = 0; index < n; index += 1) ids[index] = this.ruleIds.get(rules[index] as string) ?? 0;
    const kinds = RULE_TAGS.length;
    const emissions = scratch(n * size).emissions;
    for (let index = 0; index < n; index += 1) {
      const base = index * size;
      const word = words[index] as WordScores;
      const at = places[index] as Place;
      const rule = rules[index] as string;
      const id = ids[index] as number;
      const before = index > 0 ? (ids[index - 1] as number) : BOS;
      const after = index + 1 < n ? (ids[index + 1] as number) : EOS;
      const placeKey =
        ((((at.index * 7 + at.fromEnd) * 4 + at.commasAfter) * 2 + at.comma) * 2 + at.prevComma) * 2 + at.dot;
      // On a cache miss the group's feature names are spelled and summed once. (No closures here:
      // this loop runs for every word parsed.)
      let byRule = word.byRule.get(rule);
      if (byRule === undefined) {
        const text = (tokens[index] as Token).word;
        byRule = this.sum(ruleWordNames(rule, text, wordInfo(text)));
        word.byRule.set(rule, byRule);
      }
      let place = this.placeScores.get(placeKey);
      if (place === undefined) {
        place = this.sum(placeNames(at));
        this.placeScores.set(placeKey, place);
      }
      const ruleKey = (before * kinds + id) * kinds + after;
      let ruleTriple = this.ruleScores.get(ruleKey);
      if (ruleTriple === undefined) {
        ruleTriple = this.sum(ruleNames(RULE_TAGS[before] as string, rule, RULE_TAGS[after] as string));
        this.ruleScores.set(ruleKey, ruleTriple);
      }
      const rulePlaceKey = (id * 7 + at.fromEnd) * 8 + at.commasAfter * 2 + at.comma;
      let rulePlace = this.rulePlaceScores.get(rulePlaceKey);
      if (rulePlace === undefined) {
        rulePlace = this.sum(rulePlaceNames(rule, at));
        this.rulePlaceScores.set(rulePlaceKey, rulePlace);
      }
      const prev = index > 0 ? (words[index - 1] as WordScores).asPrev : this.edge.asPrev;
      const next = index + 1 < n ? (words[index + 1] as WordScores).asNext : this.edge.asNext;
      const prev2 = index > 1 ? (words[index - 2] as WordScores).asPrev2 : this.edge.asPrev2;
      const next2 = index + 2 < n ? (words[index + 2] as WordScores).asNext2 : this.edge.asNext2;
      const own = word.own;
      for (let t = 0; t < size; t += 1) {
        emissions[base + t] =
          (own[t] as number) +
          (prev[t] as number) +
          (next[t] as number) +
          (prev2[t] as number) +
          (next2[t] as number) +
          (byRule[t] as number) +
          (place[t] as number) +
          (ruleTriple[t] as number) +
          (rulePlace[t] as number);
      }
    }
    return viterbi(n, size, this.transitions, emissions).map((t) => TAGS[t] as Tag);
  }
}

/**
 * Work arrays reused from parse to parse (parsing is synchronous): allocating typed arrays for every
 * address cost more than the arithmetic done in them.
 */
let buffers = { emissions: new Float64Array(512), best: new Float64Array(512), back: new Int32Array(512) };

function scratch(cells: number): typeof buffers {
  if (buffers.best.length < cells) {
    const length = 2 ** Math.ceil(Math.log2(cells));
    buffers = {
      emissions: new Float64Array(length),
      best: new Float64Array(length),
      back: new Int32Array(length),
    };
  }
  return buffers;
}

/**
 * Viterbi over a first-order chain: `emissions` holds each word's tag scores (`size` per word);
 * transitions are (size + 1) × size, row 0 for the first word. Returns tag indexes.
 */
export function viterbi(
  length: number,
  size: number,
  transitions: Float64Array,
  emissions: Float64Array,
): number[] {
  if (length === 0) return [];
  const { best, back } = scratch(length * size);
  for (let t = 0; t < size; t += 1) best[t] = (transitions[t] as number) + (emissions[t] as number);
  for (let index = 1; index < length; index += 1) {
    const here = index * size;
    const before = here - size;
    for (let t = 0; t < size; t += 1) {
      let top = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let p = 0; p < size; p += 1) {
        const value = (best[before + p] as number) + (transitions[(p + 1) * size + t] as number);
        if (value > top) {
          top = value;
          arg = p;
        }
      }
      best[here + t] = top + (emissions[here + t] as number);
      back[here + t] = arg;
    }
  }
  const lastRow = (length - 1) * size;
  let last = 0;
  for (let t = 1; t < size; t += 1)
    if ((best[lastRow + t] as number) > (best[lastRow + last] as number)) last = t;
  const path = new Array<number>(length);
  path[length - 1] = last;
  for (let index = length - 1; index > 0; index -= 1) {
    last = back[index * size + last] as number;
    path[index - 1] = last;
  }
  return path;
}
