import { describe, expect, it } from 'vitest';
import { areaCodeRegion, areaCodeTableSize } from './area-codes.js';
import { fraudScore, robustZ } from './fraud-score.js';
import { makeScoringContact, makeScoringLead } from './scoring.fixtures.js';
import type { ContactReuse, FraudInput, MarketStats, ScoringLead } from './scoring.types.js';
import { isSameOrNeighborState, stateBorders } from './state-neighbors.js';

const NO_REUSE: ContactReuse = { phoneLeads: 0, emailLeads: 0, copiedDescriptionLeads: 0 };
const RENT_MARKET: MarketStats = {
  scope: 'zip',
  area: '87106',
  propertyType: 'house',
  comps: 12,
  priceMedian: 2000,
  priceMad: 150,
  ppsfMedian: 1.3,
  ppsfMad: 0.1,
};
const rental = (overrides: Partial<ScoringLead> = {}) =>
  makeScoringLead({ listingType: 'owner_rental', price: 1950, sqft: 1500, ...overrides });
const input = (overrides: Partial<FraudInput> = {}): FraudInput => ({
  lead: rental(),
  contact: makeScoringContact(),
  market: RENT_MARKET,
  reuse: NO_REUSE,
  ...overrides,
});
const codes = (result: ReturnType<typeof fraudScore>) => result.reasons.map((reason) => reason.code);

describe('robustZ', () => {
  const cases: [number, number, number, number][] = [
    [2000, 2000, 150, 0],
    [1700, 2000, 150, -1.349],
    [2300, 2000, 150, 1.349],
    // A MAD of 0 (identical comps) is floored at 5% of the median.
    [1900, 2000, 0, -0.6745],
    [0, 0, 0, 0],
  ];
  it.each(cases)('x=%d median=%d MAD=%d → z %d', (x, median, mad, z) => {
    expect(robustZ(x, median, mad)).toBeCloseTo(z, 3);
  });
});

describe('fraudScore', () => {
  it('finds nothing in an ordinary rental with a local, validated contact', () => {
    expect(fraudScore(input())).toEqual({ score: 0, reasons: [] });
  });

  const priceCases: [string, Partial<ScoringLead>, MarketStats | null, string[]][] = [
    ['at the median', { price: 2000 }, RENT_MARKET, []],
    ['a bit low (z ≈ −2.7)', { price: 1400, sqft: null }, RENT_MARKET, ['PRICE_BELOW_MEDIAN']],
    ['far below (z ≈ −4.5)', { price: 1000, sqft: null }, RENT_MARKET, ['PRICE_FAR_BELOW_MEDIAN']],
    [
      'far below, tiny $/sqft',
      { price: 650, sqft: 1500 },
      RENT_MARKET,
      ['PRICE_FAR_BELOW_MEDIAN', 'PPSF_TOO_LOW'],
    ],
    [
      'cheap per sqft only (a mansion at the median rent)',
      { price: 2000, sqft: 4000 },
      RENT_MARKET,
      ['PPSF_TOO_LOW'],
    ],
    ['far below but no comps', { price: 650 }, null, []],
    ['no price', { price: null }, RENT_MARKET, []],
  ];
  it.each(priceCases)('price %s → %j', (_name, lead, market, expected) => {
    expect(codes(fraudScore(input({ lead: rental(lead), market })))).toEqual(expected);
  });

  it('explains a low price with the comps it was compared to', () => {
    const [reason] = fraudScore(input({ lead: rental({ price: 650, sqft: null }) })).reasons;
    expect(reason).toEqual({
      code: 'PRICE_FAR_BELOW_MEDIAN',
      points: 35,
      detail: '$650/mo is 68% below the median $2,000/mo of 12 house comps in ZIP 87106 (robust z -6.1)',
    });
  });

  const phraseCases: [string, string, string[]][] = [
    [
      'wire transfer',
      'Please wire the deposit and I will mail the keys.',
      ['SCAM_PAYMENT_METHOD', 'SCAM_NO_VIEWING'],
    ],
    ['Western Union', 'Payment by Western Union only.', ['SCAM_PAYMENT_METHOD']],
    ['gift cards', 'I accept gift cards for the first month.', ['SCAM_PAYMENT_METHOD']],
    [
      'overseas owner',
      'I am currently overseas for work so I cannot show the house.',
      ['SCAM_OWNER_AWAY', 'SCAM_NO_VIEWING'],
    ],
    ['out of the country', 'We moved out of the country last spring.', ['SCAM_OWNER_AWAY']],
    ['missionary', 'My husband and I are on a missionary trip in Africa.', ['SCAM_OWNER_AWAY']],
    ['keys by mail', 'The keys will be sent by FedEx once you pay.', ['SCAM_NO_VIEWING']],
    ['drive by only', 'Drive-by only, do not disturb the tenants.', ['SCAM_NO_VIEWING']],
    ['deposit before viewing', 'A deposit is required before the viewing.', ['SCAM_DEPOSIT_FIRST']],
    ['curly apostrophe', 'Sorry, I can\u2019t show the unit myself.', ['SCAM_NO_VIEWING']],
    ['plain listing', 'Showings on Saturday, application fee $35 paid at the leasing office.', []],
    ['relocated seller (a legitimate motive)', 'We moved out of state for work and must sell.', []],
    ['out of state buyers welcome', 'Out of state buyers welcome, virtual tour available.', []],
  ];
  it.each(phraseCases)('phrases: %s', (_name, description, expected) => {
    expect(codes(fraudScore(input({ lead: rental({ description }) }))).sort()).toEqual([...expected].sort());
  });

  const reuseCases: [string, ContactReuse, string[], number][] = [
    ['alone', NO_REUSE, [], 0],
    ['one other listing', { ...NO_REUSE, phoneLeads: 1 }, [], 0],
    ['two others', { ...NO_REUSE, phoneLeads: 2 }, ['CONTACT_REUSED'], 10],
    ['five others by email', { ...NO_REUSE, emailLeads: 5 }, ['CONTACT_REUSED_MANY'], 35],
    ['copied description', { ...NO_REUSE, copiedDescriptionLeads: 1 }, ['DESCRIPTION_COPIED'], 30],
    [
      'reused and copied',
      { phoneLeads: 7, emailLeads: 0, copiedDescriptionLeads: 3 },
      ['CONTACT_REUSED_MANY', 'DESCRIPTION_COPIED'],
      65,
    ],
  ];
  it.each(reuseCases)('reuse: %s → %j = %i', (_name, reuse, expected, score) => {
    const result = fraudScore(input({ reuse }));
    expect(codes(result)).toEqual(expected);
    expect(result.score).toBe(score);
  });

  const areaCases: [string, string[], string, string[]][] = [
    ['local', ['+15052681234'], 'NM', []],
    ['neighbour state (El Paso for NM)', ['+19155550188'], 'NM', []],
    ['far state', ['+12125550188'], 'NM', ['AREA_CODE_FAR']],
    ['one local among far ones', ['+12125550188', '+15752681234'], 'NM', []],
    ['Jamaica', ['+18765550188'], 'FL', ['AREA_CODE_FOREIGN']],
    ['Canada', ['+14165550188'], 'TX', ['AREA_CODE_FAR']],
    ['toll-free', ['+18005550188'], 'TX', []],
    ['outside the NANP', ['+447700900123'], 'TX', ['PHONE_OUTSIDE_NANP']],
    ['Kentucky is not the Cayman Islands', ['+15025550188'], 'KY', []],
  ];
  it.each(areaCases)('area code: %s', (_name, phones, state, expected) => {
    const contact = makeScoringContact({ phones, validation: null });
    expect(codes(fraudScore(input({ lead: rental({ state }), contact })))).toEqual(expected);
  });

  it('flags fake phones and disposable-only emails from the validation results', () => {
    const contact = makeScoringContact({
      validation: {
        phones: [{ e164: '+15052681234', valid: true, fake: true }],
        emails: [{ address: 'owner@example.com', syntax_ok: true, disposable: true, mx: true }],
      },
    });
    expect(codes(fraudScore(input({ contact })))).toEqual(['FAKE_PHONE', 'DISPOSABLE_EMAIL']);
  });

  it('caps the score at 100 and keeps every reason', () => {
    const result = fraudScore(
      input({
        lead: rental({
          price: 500,
          description: 'I am overseas. Wire the deposit by Western Union before the viewing.',
        }),
        contact: makeScoringContact({ phones: ['+18765550188'], validation: null }),
        reuse: { phoneLeads: 9, emailLeads: 0, copiedDescriptionLeads: 2 },
      }),
    );
    expect(result.score).toBe(100);
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBeGreaterThan(100);
  });
});

describe('area-code and border tables', () => {
  it('lists no area code twice', () => {
    const { codes, rows } = areaCodeTableSize();
    expect(codes).toBe(rows);
    expect(codes).toBeGreaterThan(400);
  });

  const regionCases: [string, ReturnType<typeof areaCodeRegion>][] = [
    ['+15055550100', { kind: 'us_state', region: 'NM' }],
    ['+12025550100', { kind: 'us_state', region: 'DC' }],
    ['+17875550100', { kind: 'us_territory', region: 'PR' }],
    ['+16045550100', { kind: 'canada', region: 'CA-BC' }],
    ['+13455550100', { kind: 'caribbean', region: 'Cayman Islands' }],
    ['+18885550100', { kind: 'non_geographic' }],
    ['+19995550100', { kind: 'unknown' }],
    ['+442071838750', { kind: 'unknown' }],
  ];
  it.each(regionCases)('%s → %j', (phone, expected) => {
    expect(areaCodeRegion(phone)).toEqual(expected);
  });

  it('has symmetric borders', () => {
    for (const [state, neighbors] of stateBorders()) {
      for (const neighbor of neighbors)
        expect(isSameOrNeighborState(neighbor, state), `${neighbor}-${state}`).toBe(true);
    }
  });
});
