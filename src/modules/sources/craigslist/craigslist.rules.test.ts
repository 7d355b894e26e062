import { describe, expect, it } from 'vitest';
import {
  agentSignals,
  categoryVerdict,
  isCollectedCategory,
  listingTypeFor,
  propertyTypeForTag,
  tagAttribute,
} from './craigslist.rules.js';

describe('categoryVerdict', () => {
  it.each([
    ['apa', 'owner_rental'],
    ['abo', 'owner_rental'],
    ['roo', 'owner_rental'],
    ['sub', 'owner_rental'],
    ['swp', 'owner_rental'],
    ['vac', 'owner_rental'],
    ['fee', 'agent_rental'],
    ['nfb', 'agent_rental'],
    ['rea', 'fsbo_sale'],
    ['reo', 'fsbo_sale'],
    ['reb', 'agent_sale'],
  ] as const)('collects %s as %s', (category, listingType) => {
    expect(categoryVerdict(category)).toEqual({ collect: true, listingType });
    expect(isCollectedCategory(category)).toBe(true);
  });

  it.each([
    ['cto', 'category "cto" is not housing'],
    ['fuo', 'category "fuo" is not housing'],
    ['zip', 'category "zip" is not housing'],
    ['off', 'housing category "off" is not collected'],
    ['prk', 'housing category "prk" is not collected'],
    ['hsw', 'housing category "hsw" is not collected'],
    ['rew', 'housing category "rew" is not collected'],
  ])('skips %s', (category, detail) => {
    expect(categoryVerdict(category)).toEqual({ collect: false, detail });
    expect(isCollectedCategory(category)).toBe(false);
  });

  it('collects an unknown category with no listing type', () => {
    expect(categoryVerdict(null)).toEqual({ collect: true, listingType: null });
  });
});

describe('propertyTypeForTag', () => {
  it.each([
    ['apartment', 'apartment'],
    ['condo', 'condo'],
    ['cottage/cabin', 'house'],
    ['duplex', 'multi_family'],
    ['triplex', 'multi_family'],
    ['fourplex', 'multi_family'],
    ['flat', 'apartment'],
    ['house', 'house'],
    ['in-law', 'apartment'],
    ['loft', 'apartment'],
    ['townhouse', 'townhouse'],
    ['manufactured', 'manufactured'],
    ['land', 'land'],
    ['assisted living', 'other'],
    ['w/d in unit', null],
    ['carport', null],
  ])('%s → %j', (tag, expected) => {
    expect(propertyTypeForTag(tag)).toBe(expected);
  });
});

describe('tagAttribute', () => {
  it.each([
    ['apartment', ['housing_type', 'apartment']],
    ['w/d in unit', ['laundry', 'w/d in unit']],
    ['no laundry on site', ['laundry', 'no laundry on site']],
    ['carport', ['parking', 'carport']],
    ['attached garage', ['parking', 'attached garage']],
    ['no parking', ['parking', 'no parking']],
    ['cats are OK - purrr', ['cats_ok', true]],
    ['dogs are OK - wooof', ['dogs_ok', true]],
    ['furnished', ['furnished', true]],
    ['EV charging', ['ev_charging', true]],
    ['broker fee', ['broker_fee', true]],
  ])('%s', (tag, expected) => {
    expect(tagAttribute(tag)).toEqual(expected);
  });
});

describe('agentSignals', () => {
  it.each([
    ['Text Drew from Precise Realty to show', ['realty']],
    ["the broker's fee is 1 month's rent", ['broker']],
    ['~~lic. agent', ['licensed agent']],
    ['I am a Licensed Real Estate Broker.', ['broker', 'licensed agent', 'real estate agent']],
    ['Contact our leasing office today!', ['leasing office']],
    ['M C Property Managment', ['property management']],
    ['managed by Morgan Properties', ['managed by']],
    ['our professionally managed community', ['professional management']],
    ['Under New Management', ['professional management']],
    ['Please contact agent for additional questions', ['agent']],
    ['Equal Housing Opportunity', ['equal housing opportunity']],
    ['I am a realtor/apartment locator in the area', ['realtor', 'apartment locator']],
  ])('%j → %j', (text, expected) => {
    expect(agentSignals(text, {})).toEqual(expected);
  });

  it.each([
    ['No broker fee, low security deposit'],
    ['-no realtor fee, no application fee'],
    ["I'm not a realtor, just the owner"],
    ["can't afford deposits or any broker's fees"],
    ['No brokers please'],
    ['owner managed, owner occupied building'],
    ['Beautiful 2 bedroom with a yard'],
  ])('finds none in %j', (text) => {
    expect(agentSignals(text, {})).toEqual([]);
  });

  it.each([
    [{ broker_fee: true }, ['broker fee tag']],
    [{ broker_fee_details: '1/2 month commission' }, ['broker fee details']],
    [{ broker_fee_details: '0.00' }, []],
    [{ broker_fee_details: 'No Fee' }, []],
    [{ broker_fee_details: 'None' }, []],
    [{ listed_by: 'Century 21 Avon' }, ['listed by a business']],
    [{ listed_by: 'apartment rental experts' }, ['listed by a business']],
    [{ listed_by: 'Avery Testwood' }, []],
    [{ no_broker_fee: true }, []],
  ])('reads attributes %j', (attributes, expected) => {
    expect(agentSignals('', attributes)).toEqual(expected);
  });
});

describe('listingTypeFor', () => {
  it.each([
    ['owner_rental', [], 'owner_rental'],
    ['owner_rental', ['realty'], 'agent_rental'],
    ['fsbo_sale', [], 'fsbo_sale'],
    ['fsbo_sale', ['broker'], 'agent_sale'],
    ['agent_rental', [], 'agent_rental'],
    ['agent_sale', [], 'agent_sale'],
    [null, ['realty'], null],
  ] as const)('%j with %j → %j', (base, signals, expected) => {
    expect(listingTypeFor(base, signals)).toBe(expected);
  });
});
