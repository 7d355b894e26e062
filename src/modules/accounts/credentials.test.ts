import { describe, expect, it } from 'vitest';
import { normalizeEmail, passwordProblem } from './credentials.js';

describe('normalizeEmail', () => {
  it.each([
    ['Alice@Example.COM', 'alice@example.com'],
    ['  bob@mail.example.org ', 'bob@mail.example.org'],
    ['first.last+tag@example.co.uk', 'first.last+tag@example.co.uk'],
    ['no-at-sign.example.com', null],
    ['two@@example.com', null],
    ['space in@example.com', null],
    ['nodot@localhost', null],
    ['trailing@example.', null],
    ['@example.com', null],
    [`${'a'.repeat(250)}@example.com`, null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });
});

describe('passwordProblem', () => {
  const email = 'homeowner@example.com';
  it.each([
    ['correct horse battery staple', null],
    ['0123456789', null],
    ['ünïcødé-pw', null],
    ['short', 'must be at least 10 characters'],
    ['123456789', 'must be at least 10 characters'],
    ['          ', 'must not be only spaces'],
    ['x'.repeat(257), 'must be at most 256 characters'],
    ['HomeOwner@Example.com', 'must not be your email address'],
    ['homeowner', 'must be at least 10 characters'],
  ])('%j → %j', (password, expected) => {
    expect(passwordProblem(password, email)).toBe(expected);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordProblem('🔑'.repeat(10), email)).toBeNull();
    expect(passwordProblem('🔑'.repeat(9), email)).toBe('must be at least 10 characters');
  });

  it('refuses the local part of the email as the password', () => {
    expect(passwordProblem('longlocalpart', 'longlocalpart@example.com')).toBe(
      'must not be your email address',
    );
  });
});
