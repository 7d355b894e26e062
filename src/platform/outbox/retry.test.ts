import { describe, expect, it } from 'vitest';
import { nextStep, type RetryPolicy, retryDelayMs, type SendResult } from './retry.js';

const plain: RetryPolicy = { maxAttempts: 3, baseSeconds: 30, jitter: 'none' };
const jittered = (random: number): RetryPolicy => ({
  maxAttempts: 5,
  baseSeconds: 60,
  jitter: 'equal',
  random: () => random,
});

describe('retryDelayMs', () => {
  it.each([
    { attempt: 1, policy: plain, ms: 30_000 },
    { attempt: 2, policy: plain, ms: 60_000 },
    { attempt: 4, policy: plain, ms: 240_000 },
    // Capped at an hour by default, and at maxSeconds when set.
    { attempt: 20, policy: plain, ms: 3_600_000 },
    { attempt: 5, policy: { ...plain, maxSeconds: 100 }, ms: 100_000 },
    // Equal jitter: half fixed, half random.
    { attempt: 1, policy: jittered(0), ms: 30_000 },
    { attempt: 1, policy: jittered(0.5), ms: 45_000 },
    { attempt: 2, policy: jittered(0.999), ms: 119_940 },
    { attempt: 30, policy: jittered(0), ms: 1_800_000 },
  ])('attempt $attempt, $policy.jitter jitter → $ms ms', ({ attempt, policy, ms }) => {
    expect(retryDelayMs(attempt, policy)).toBe(ms);
  });

  it('never calls random without jitter', () => {
    const policy: RetryPolicy = {
      ...plain,
      random: () => {
        throw new Error('random called');
      },
    };
    expect(retryDelayMs(1, policy)).toBe(30_000);
  });
});

describe('nextStep', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const failed: SendResult = { ok: false, retryable: true, error: 'HTTP 503' };
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it.each([
    { name: 'sent', sent: { ok: true, retryable: false }, attempt: 1, step: { status: 'sent' } },
    {
      name: 'sent even if marked retryable',
      sent: { ok: true, retryable: true },
      attempt: 3,
      step: { status: 'sent' },
    },
    {
      name: 'skipped is never retried',
      sent: { ok: false, retryable: true, skipped: true },
      attempt: 1,
      step: { status: 'skipped' },
    },
    {
      name: 'not retryable fails at once',
      sent: { ok: false, retryable: false },
      attempt: 1,
      step: { status: 'failed' },
    },
    {
      name: 'retryable: backoff',
      sent: failed,
      attempt: 1,
      step: { status: 'pending', nextAttemptAt: at(30) },
    },
    { name: 'doubles', sent: failed, attempt: 2, step: { status: 'pending', nextAttemptAt: at(60) } },
    { name: 'attempts spent', sent: failed, attempt: 3, step: { status: 'failed' } },
    { name: 'past the limit', sent: failed, attempt: 4, step: { status: 'failed' } },
    {
      name: 'Retry-After longer than the backoff wins',
      sent: { ...failed, retryAfterMs: 120_000 },
      attempt: 1,
      step: { status: 'pending', nextAttemptAt: at(120) },
    },
    {
      name: 'Retry-After shorter than the backoff is ignored',
      sent: { ...failed, retryAfterMs: 1_000 },
      attempt: 1,
      step: { status: 'pending', nextAttemptAt: at(30) },
    },
  ] satisfies { name: string; sent: SendResult; attempt: number; step: object }[])(
    '$name',
    ({ sent, attempt, step }) => {
      expect(nextStep(sent, attempt, plain, now)).toEqual(step);
    },
  );

  it('applies jitter to the wait', () => {
    expect(nextStep(failed, 1, jittered(0.5), now)).toEqual({ status: 'pending', nextAttemptAt: at(45) });
  });
});
