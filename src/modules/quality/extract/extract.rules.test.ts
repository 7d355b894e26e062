import { describe, expect, it } from 'vitest';
import { extractFromText } from './deterministic.js';

const facts = (title: string | null, description: string | null = null) => {
  const { motivation: _motivation, ...rest } = extractFromText({ title, description });
  return rest;
};
const none = { bedrooms: null, bathrooms: null, sqft: null, lot_sqft: null };

describe('extractFromText: facts', () => {
  it.each([
    ['3br 2ba house', { bedrooms: 3, bathrooms: 2 }],
    ['3 bed / 2.5 ba', { bedrooms: 3, bathrooms: 2.5 }],
    ['2BR/1BA duplex', { bedrooms: 2, bathrooms: 1 }],
    ['three bedroom, two bath ranch', { bedrooms: 3, bathrooms: 2 }],
    ['4-bedroom home with 2 1/2 baths', { bedrooms: 4, bathrooms: 2.5 }],
    ['1 bd 1½ bath condo', { bedrooms: 1, bathrooms: 1.5 }],
    ['2 full baths and 1 half bath', { bathrooms: 2.5 }],
    ['beds: 2 baths: 1.5', { bedrooms: 2, bathrooms: 1.5 }],
    ['1,850 sq ft colonial', { sqft: 1850 }],
    ['approx. 1850 sqft', { sqft: 1850 }],
    ['920 SF unit', { sqft: 920 }],
    ['2,400 square feet of living space', { sqft: 2400 }],
    ['0.25 acre lot', { lot_sqft: 10890 }],
    ['on 1/2 acre', { lot_sqft: 21780 }],
    ['sits on a quarter acre', { lot_sqft: 10890 }],
    ['0.25 acre (10,890 sq ft) lot', { lot_sqft: 10890 }],
    ['lot size: 7,500 sq ft', { lot_sqft: 7500 }],
    ['1,600 sq ft home on a 6,000 sq ft lot', { sqft: 1600, lot_sqft: 6000 }],
    ['2 acres', { lot_sqft: 87120 }],
    ['this is a 2 bedroom, 2 bath, approximately 1044 sq. ft.', { bedrooms: 2, bathrooms: 2, sqft: 1044 }],
  ])('%j', (title, expected) => {
    expect(facts(title)).toEqual({ ...none, ...expected });
  });

  it.each([
    ['1, 2, and 3-bedroom floor plans', 'a list of floor plans'],
    ['one-, two-, or three-bedroom apartments', 'a hyphenated list'],
    ['3 4 and 5 bedroom available', 'a list without commas'],
    ['1 bed x 1 bath & studio apartments', 'a list that continues after the count'],
    ['2 bedroom and 3 bedroom units', 'two different counts'],
    ['cozy studio', 'studio states no number'],
    ['can flex to 1 bed', 'a possible layout'],
    ['2-3 bedrooms', 'a range'],
    ['approximately 1000 - 1100 sq. ft.', 'an area range'],
    ['over 2,000 sq ft', 'a bound, not a value'],
    ['a 2,000 square foot state-of-the-art fitness center', 'an amenity'],
    ['400 sq ft garage', 'a garage'],
    ['$1.50/sq ft', 'a price per sqft'],
    ['near a 100-acre park', 'a park, not the lot'],
    ['1 full bath', 'full baths alone do not rule out a half bath'],
    ['call 505-842-1234', 'no facts'],
  ])('%j gives nulls (%s)', (title) => {
    expect(facts(title)).toEqual(none);
  });

  it('drops bath and area figures when the text describes several units', () => {
    expect(facts('1 bed 1 bath 700 sq ft and 2 bed 2 bath 1000 sq ft')).toEqual(none);
  });

  it('reads title and description together, and they must agree', () => {
    expect(facts('2br apartment', 'Sunny 2 bedroom with 1 bath.')).toEqual({
      ...none,
      bedrooms: 2,
      bathrooms: 1,
    });
    expect(facts('2br apartment', 'Sunny 3 bedroom.')).toEqual(none);
  });
});

describe('extractFromText: motivation', () => {
  const motivation = (text: string) => extractFromText({ title: null, description: text }).motivation;

  it.each([
    ['MUST SELL by June!', ['must_sell']],
    ['Motivated seller, bring all offers', ['motivated']],
    ['We are relocating for work', ['relocating']],
    ['Price reduced again', ['price_reduced']],
    ['Estate sale - probate approved', ['estate_sale']],
    ['selling due to divorce', ['divorce']],
    ['pre-foreclosure, behind on payments', ['foreclosure']],
    ['short sale', ['foreclosure']],
    ['Sold as-is', ['as_is']],
    ['selling as is, where is', ['as_is']],
    ['cash only, no financing', ['cash_only']],
    ['Owner financing available', ['owner_financing']],
    ['rent to own option', ['owner_financing']],
    ['House is vacant, easy to show', ['vacant']],
    ['needs some TLC; fixer-upper', ['needs_work']],
    ['handyman special', ['needs_work']],
    ['can close in 10 days', ['quick_close']],
    ['must sell fast, as-is, cash only', ['must_sell', 'as_is', 'cash_only', 'quick_close']],
  ])('%j → %j', (text, codes) => {
    expect(motivation(text)).toEqual(codes);
  });

  it.each([
    'no owner financing',
    'not a short sale',
    'This is not vacant',
    'thinking of relocating to Atlanta? We would love to have you',
    'flexible & short-term lease options',
    'as is the case with all our homes',
    'great home, move-in ready',
  ])('%j carries no signal', (text) => {
    expect(motivation(text)).toEqual([]);
  });
});
