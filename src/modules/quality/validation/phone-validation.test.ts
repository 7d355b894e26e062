import { describe, expect, it } from 'vitest';
import { nanpFakeReason, validatePhone } from './phone-validation.js';

describe('validatePhone', () => {
  it.each([
    // input, e164, valid, type, fake, reason
    ['(505) 842-1234', '+15058421234', true, null, false, null],
    ['505.842.1234', '+15058421234', true, null, false, null],
    ['+1 800 275 2273', '+18002752273', true, 'toll_free', false, null],
    ['900-463-2873', '+19004632873', true, 'premium_rate', false, null],
    ['+44 7911 123456', '+447911123456', true, 'mobile', false, null],
    ['+44 20 7183 8750', '+442071838750', true, 'fixed_line', false, null],
    ['505-555-zero142', '+15055550142', true, null, true, 'fictional_555_01xx'],
    ['212-555-0199', '+12125550199', true, null, true, 'fictional_555_01xx'],
    ['212-555-0200', '+12125550200', true, null, true, 'exchange_555'],
    ['312 555 1212', '+13125551212', true, null, true, 'exchange_555'],
    ['212-911-4567', '+12129114567', true, null, true, 'n11_exchange'],
    ['505-411-3827', '+15054113827', true, null, true, 'n11_exchange'],
    ['123-456-7890', '+11234567890', false, null, true, 'invalid_area_code'],
    ['311-842-1234', '+13118421234', false, null, true, 'invalid_area_code'],
    ['222-842-1234', '+12228421234', false, null, true, 'invalid_area_code'],
    ['555-842-1234', '+15558421234', false, null, true, 'invalid_area_code'],
    ['212-222-2222', '+12122222222', true, null, true, 'repeated_digits'],
    ['212-345-6789', '+12123456789', true, null, true, 'sequential_digits'],
    ['505-456-7890', '+15054567890', true, null, true, 'sequential_digits'],
    ['212-765-4321', '+12127654321', true, null, true, 'sequential_digits'],
  ] as const)('%s → %s valid=%s type=%s fake=%s (%s)', (input, e164, valid, type, fake, reason) => {
    expect(validatePhone(input)).toEqual({ e164, valid, possible: true, type, fake, reason });
  });

  it.each(['', 'call me', '505-842', 'show contact info', '1234'])(
    'refuses %j as unparseable, never as a guess',
    (input) => {
      expect(validatePhone(input)).toEqual({
        e164: null,
        valid: false,
        possible: false,
        type: null,
        fake: false,
        reason: 'unparseable',
      });
    },
  );

  it('reports a well-formed number in an unassigned range as invalid, not fake', () => {
    // Right length, area code in service, but exchanges never start with 0.
    const result = validatePhone('212-023-8841');
    expect(result).toMatchObject({ valid: false, fake: false, reason: 'invalid_number' });
  });
});

describe('nanpFakeReason', () => {
  it.each([
    ['5058421234', true, null],
    ['5058421234', false, 'invalid_area_code'],
    ['0128421234', true, 'invalid_area_code'],
    ['9118421234', true, 'invalid_area_code'],
    ['5055550100', true, 'fictional_555_01xx'],
    ['5055550099', true, 'exchange_555'],
    ['5056111234', true, 'n11_exchange'],
    ['7777777777', true, 'repeated_digits'],
    ['9876543210', true, 'sequential_digits'],
    ['5052345679', true, null],
  ] as const)('%s (area code in service: %s) → %s', (national, inService, reason) => {
    expect(nanpFakeReason(national, inService)).toBe(reason);
  });
});
