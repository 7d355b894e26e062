import { describe, expect, it } from 'vitest';
import {
  type DisputedLead,
  type DisputeFacts,
  type DisputeReason,
  type HeldLead,
  judgeDispute,
  maskPhone,
  type PhoneCheck,
} from './dispute-rules.js';

const LEAD: DisputedLead = {
  id: 'lead-1',
  status: 'published',
  listing_type: 'fsbo_sale',
  merged_into: null,
  phones: ['+15058421937'],
  address_canonical: '12 MAIN ST, SANTA FE, NM 87501',
  unit: null,
  fraud_review_open: false,
  fraud_confirmed: false,
};

const HELD: HeldLead = {
  purchase_id: 'purchase-2',
  lead_id: 'lead-2',
  merged_into: null,
  phones: ['+15057771234'],
  address_canonical: '99 OTHER RD, SANTA FE, NM 87501',
  unit: null,
};

const good: PhoneCheck = { e164: '+15058421937', valid: true, fake: false, reason: null };
const fake: PhoneCheck = { e164: '+15055550142', valid: true, fake: true, reason: 'fictional_555_01xx' };
const invalid: PhoneCheck = { e164: null, valid: false, fake: false, reason: 'unparseable' };

function facts(lead: Partial<DisputedLead> = {}, more: Partial<DisputeFacts> = {}): DisputeFacts {
  return { lead: { ...LEAD, ...lead }, phoneChecks: [], held: [], ...more };
}

const cases: [string, DisputeReason, DisputeFacts, 'refund' | 'undecided'][] = [
  ['every phone fails', 'invalid_phone', facts({}, { phoneChecks: [fake, invalid] }), 'refund'],
  ['no phone at all', 'invalid_phone', facts({ phones: [] }, { phoneChecks: [] }), 'refund'],
  ['one phone passes', 'invalid_phone', facts({}, { phoneChecks: [fake, good] }), 'undecided'],
  ['merged into a held lead', 'duplicate', facts({ merged_into: 'lead-2' }, { held: [HELD] }), 'refund'],
  [
    'a held lead merged into this one',
    'duplicate',
    facts({}, { held: [{ ...HELD, merged_into: 'lead-1' }] }),
    'refund',
  ],
  [
    'both merged into the same lead',
    'duplicate',
    facts({ merged_into: 'lead-9' }, { held: [{ ...HELD, merged_into: 'lead-9' }] }),
    'refund',
  ],
  [
    'a phone shared, written differently',
    'duplicate',
    facts({}, { held: [{ ...HELD, phones: ['(505) 842-1937'] }] }),
    'refund',
  ],
  [
    'the same normalised address',
    'duplicate',
    facts({}, { held: [{ ...HELD, address_canonical: LEAD.address_canonical }] }),
    'refund',
  ],
  [
    'the same address, another unit',
    'duplicate',
    facts({ unit: '2' }, { held: [{ ...HELD, address_canonical: LEAD.address_canonical, unit: '3' }] }),
    'undecided',
  ],
  [
    'merged into a lead not held',
    'duplicate',
    facts({ merged_into: 'lead-7' }, { held: [HELD] }),
    'undecided',
  ],
  ['nothing held', 'duplicate', facts({}, { held: [] }), 'undecided'],
  ['now an agent sale', 'agent_listing', facts({ listing_type: 'agent_sale' }), 'refund'],
  ['now an agent rental', 'agent_listing', facts({ listing_type: 'agent_rental' }), 'refund'],
  ['still an owner listing', 'agent_listing', facts({ listing_type: 'owner_rental' }), 'undecided'],
  ['withdrawn', 'off_market', facts({ status: 'withdrawn' }), 'refund'],
  ['still published', 'off_market', facts(), 'undecided'],
  ['merged is not off market', 'off_market', facts({ status: 'merged', merged_into: 'lead-2' }), 'undecided'],
  ['held in fraud review', 'fraud', facts({ status: 'fraud_review', fraud_review_open: true }), 'refund'],
  ['confirmed as fraud', 'fraud', facts({ status: 'withdrawn', fraud_confirmed: true }), 'refund'],
  ['no review', 'fraud', facts(), 'undecided'],
  ['withdrawn without a fraud review', 'fraud', facts({ status: 'withdrawn' }), 'undecided'],
];

describe('judgeDispute', () => {
  it.each(cases)('%s (%s) → %s', (_name, reason, input, outcome) => {
    const check = judgeDispute(reason, input);
    expect(check.outcome).toBe(outcome);
    expect(check.rule).toBe(reason);
    expect(check.summary.length).toBeGreaterThan(5);
  });

  it('says which held lead matched and why', () => {
    const check = judgeDispute(
      'duplicate',
      facts({ merged_into: 'lead-2' }, { held: [HELD, { ...HELD, lead_id: 'lead-3', purchase_id: 'p-3' }] }),
    );
    expect(check.checked).toMatchObject({
      held_leads_checked: 2,
      matches: [{ purchase_id: 'purchase-2', lead_id: 'lead-2', by: ['merged_into_held_lead'] }],
    });
  });

  it('keeps phones masked in what it stores', () => {
    const check = judgeDispute(
      'invalid_phone',
      facts({ phones: ['+15055550142', '+15058421937'] }, { phoneChecks: [fake, invalid] }),
    );
    expect(JSON.stringify(check)).not.toContain('5550142');
    expect(check.checked).toEqual({
      phones: [
        { phone: '••42', valid: true, fake: true, reason: 'fictional_555_01xx', fails: true },
        { phone: '••37', valid: false, fake: false, reason: 'unparseable', fails: true },
      ],
    });
    expect(maskPhone('+1 (505) 555-0199')).toBe('••99');
  });
});
