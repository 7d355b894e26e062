import { describe, expect, it } from 'vitest';
import { type ContactRuleInput, contactRules } from './contact-rules.js';

const base: ContactRuleInput = {
  phones: [{ number: '+15055550142', dnc_lists: [], checked: true }],
  emails: ['owner@example.com'],
  scrubbed_at: '2026-11-20T00:00:00.000Z',
  scrub_stale: false,
  consent: null,
  suppressed: false,
};

const codes = (input: Partial<ContactRuleInput>) =>
  contactRules({ ...base, ...input }).map((rule) => rule.code);

describe('contactRules', () => {
  it.each<[string, Partial<ContactRuleInput>, string[]]>([
    ['a clean, freshly scrubbed contact', {}, ['CALLING_HOURS', 'NO_AUTODIALER', 'EMAIL_OPT_OUT']],
    [
      'a DNC-listed phone',
      { phones: [{ number: '+15055550142', dnc_lists: ['national'], checked: true }] },
      ['DNC_LISTED', 'CALLING_HOURS', 'NO_AUTODIALER', 'EMAIL_OPT_OUT'],
    ],
    [
      'a stale scrub',
      { scrub_stale: true },
      ['DNC_SCRUB_STALE', 'CALLING_HOURS', 'NO_AUTODIALER', 'EMAIL_OPT_OUT'],
    ],
    [
      'never scrubbed',
      { scrubbed_at: null, scrub_stale: true },
      ['DNC_NOT_SCRUBBED', 'CALLING_HOURS', 'NO_AUTODIALER', 'EMAIL_OPT_OUT'],
    ],
    [
      'a phone the scrub did not look up',
      { phones: [{ number: '+447700900123', dnc_lists: [], checked: false }] },
      ['DNC_PHONE_UNCHECKED', 'CALLING_HOURS', 'NO_AUTODIALER', 'EMAIL_OPT_OUT'],
    ],
    [
      'consent from a lead form',
      { consent: { text: 'Contact me about my home' } },
      ['FORM_CONSENT', 'CALLING_HOURS', 'NO_AUTODIALER', 'EMAIL_OPT_OUT'],
    ],
    ['no phones, only email', { phones: [], scrubbed_at: null, scrub_stale: true }, ['EMAIL_OPT_OUT']],
    [
      'a suppressed contact: nothing else applies',
      { suppressed: true, scrub_stale: true },
      ['CONTACT_SUPPRESSED'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('names the listed number and its lists, and the stale scrub date', () => {
    const listed = contactRules({
      ...base,
      phones: [{ number: '+15055550199', dnc_lists: ['national', 'internal'], checked: true }],
      scrub_stale: true,
    });
    expect(listed[0]!.rule).toContain('+15055550199');
    expect(listed[0]!.rule).toContain('national and internal');
    expect(listed[0]!.rule).toContain('no cold calls or texts');
    expect(listed[1]!.rule).toContain('2026-11-20T00:00:00.000Z');
  });
});
