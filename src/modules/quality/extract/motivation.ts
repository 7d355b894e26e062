import type { MotivationCode } from './extract.types.js';
import { before } from './text.js';

/**
 * Phrases per motivation signal, matched on prepared text (lower case, single spaces). Phrases are kept
 * specific: "as is" alone is ordinary English, "sold as is" is a signal.
 */
const PHRASES: Record<MotivationCode, RegExp> = {
  must_sell: /\b(?:must sell|must be sold|need(?:s)? to sell|have to sell|has to sell|must go\b)/,
  motivated:
    /\b(?:motivated (?:seller|owner|landlord)s?|(?:seller|owner)s? (?:is|are) (?:very |highly )?motivated|highly motivated|priced to sell|bring (?:all|any|your) offers|make (?:me |us )?an offer|all offers (?:will be )?considered|below market value)/,
  // The owner relocates; "thinking of relocating to Atlanta?" speaks to the tenant, so a subject is required.
  relocating:
    /\b(?:(?:i am|i'm|im|we are|we're|owners? (?:is|are)|sellers? (?:is|are)|landlord is|(?:have|has|need|needs) to|must)\s+(?:\w+\s+)?relocat\w*|due to (?:a |my |our |the owner's )?(?:job |work )?relocation|job (?:relocation|transfer)|relocating (?:out of (?:state|town|the country)|for (?:work|a job))|moving (?:out of (?:state|the country)|overseas|abroad))/,
  price_reduced:
    /\b(?:price (?:reduced|reduction|drop(?:ped)?|cut|improvement|lowered)|reduced (?:price|to sell)|just reduced|new (?:lower )?price|lowered (?:the )?price)/,
  estate_sale:
    /\b(?:estate sale|probate|inherited (?:home|house|property)|heirs?\b|executor|estate of the late)/,
  divorce: /\bdivorc(?:e|ing|ed)\b/,
  foreclosure:
    /\b(?:pre-?foreclosure|foreclosure|facing foreclosure|short sale|behind on (?:the )?(?:payments|mortgage)|notice of default)/,
  as_is:
    /(?:\bas-is\b|\b(?:sold|selling|sell|sale|offered|priced|condition|bought|purchased?) ["']?as is\b|\bas is,? where is\b|"as is")/,
  cash_only: /\b(?:cash only|cash buyers? only|cash offers? only|all cash offers?|cash buyers? preferred)/,
  owner_financing:
    /\b(?:owner financ(?:e|ed|ing)|seller financ(?:e|ed|ing)|owner (?:will )?carry|rent to own|rent-to-own|lease option\b|lease to own|land contract|contract for deed)/,
  vacant:
    /\b(?:vacant (?:house|home|property|lot|land)?|unoccupied|sitting empty|is vacant|currently vacant)/,
  needs_work:
    /\b(?:needs (?:some |a lot of |lots of )?(?:work|tlc|repairs?|updating|updates|rehab|renovation|a new roof)|tlc\b|fixer[- ]?upper|handyman special|investor special|contractor special|sweat equity|needs? (?:to be )?(?:gutted|rehabbed))/,
  quick_close:
    /\b(?:quick (?:close|closing|sale)|close (?:quickly|fast|asap)|fast (?:close|closing|sale)|closing (?:quickly|fast)|close in \d{1,2} days|immediate (?:close|closing)|sell (?:fast|quickly|asap))/,
};

// "no owner financing", "not a short sale", "isn't vacant": a phrase right after a negation is not a signal.
const NEGATED =
  /\b(?:no|not|never|without|isn't|isnt|is not|aren't|non)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?$/;

// Global copies built once (matchAll needs the flag; building them per text cost a compile each time).
const GLOBAL_PHRASES = (Object.entries(PHRASES) as [MotivationCode, RegExp][]).map(
  ([code, phrase]) => [code, new RegExp(phrase.source, 'g')] as const,
);

/** The motivation signal codes the text carries, in the order of MOTIVATION_CODES. */
export function extractMotivation(text: string): MotivationCode[] {
  const found: MotivationCode[] = [];
  for (const [code, global] of GLOBAL_PHRASES) {
    // matchAll clones the regex, so the shared one's lastIndex is never touched.
    for (const match of text.matchAll(global)) {
      if (!NEGATED.test(before(text, match.index, 25))) {
        found.push(code);
        break;
      }
    }
  }
  return found;
}
