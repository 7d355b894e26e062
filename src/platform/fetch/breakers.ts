import {
  type CircuitBreakerPolicy,
  CircuitState,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  SamplingBreaker,
} from 'cockatiel';
import type { BreakerOptions, BreakerStateName } from './fetch.types.js';

/** Thrown inside a breaker execution for outcomes that count as the source failing; carries the outcome. */
export class SourceFailure<T> extends Error {
  constructor(readonly outcome: T) {
    super('source failure');
  }
}

export const DEFAULT_BREAKER: BreakerOptions = {
  threshold: 0.5,
  windowMs: 30_000,
  minimumRequests: 10,
  halfOpenAfterMs: 30_000,
};

export interface Breakers {
  /**
   * Runs one exchange through the source's breaker. Outcomes passed to `fail` count as failures;
   * returns `{ open: true }` when the breaker refused without running it.
   */
  run<T>(source: string, exchange: (fail: (outcome: T) => never) => Promise<T>): Promise<T | { open: true }>;
  state(source: string): BreakerStateName;
  /** True while the breaker is open and not yet due for its trial request: refuse before any work. */
  refusing(source: string): boolean;
}

function nameOf(state: CircuitState): BreakerStateName {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half_open';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'open';
  }
}

/** One cockatiel SamplingBreaker per source, created on first use; state changes go to `onChange`. */
export function createBreakers(
  options: BreakerOptions,
  onChange: (source: string, state: BreakerStateName) => void,
): Breakers {
  const policies = new Map<string, { policy: CircuitBreakerPolicy; openedAt: number }>();

  function policyFor(source: string) {
    const entry = policies.get(source);
    if (entry) return entry;
    const breaker = new SamplingBreaker({
      // cockatiel opens when failures are strictly above the ratio; we promise "at or above".
      threshold: Math.min(0.999, Math.max(0.001, options.threshold - 1e-9)),
      duration: options.windowMs,
      minimumRps: options.minimumRequests / (options.windowMs / 1000),
    });
    const policy = circuitBreaker(
      handleWhen((error) => error instanceof SourceFailure),
      { breaker, halfOpenAfter: options.halfOpenAfterMs },
    );
    const created = { policy, openedAt: 0 };
    policy.onStateChange((state) => {
      // Date.now, not the injectable clock: cockatiel times its half-open delay with Date.now.
      if (state === CircuitState.Open) created.openedAt = Date.now();
      onChange(source, nameOf(state));
    });
    policies.set(source, created);
    return created;
  }

  return {
    async run<T>(source: string, exchange: (fail: (outcome: T) => never) => Promise<T>) {
      const fail = (outcome: T): never => {
        throw new SourceFailure(outcome);
      };
      try {
        return await policyFor(source).policy.execute(() => exchange(fail));
      } catch (error) {
        if (error instanceof SourceFailure) return error.outcome as T;
        if (isBrokenCircuitError(error)) return { open: true as const };
        throw error;
      }
    },
    state(source) {
      const entry = policies.get(source);
      return entry ? nameOf(entry.policy.state) : 'closed';
    },
    refusing(source) {
      const entry = policies.get(source);
      if (!entry) return false;
      const state = entry.policy.state;
      if (state === CircuitState.Isolated) return true;
      return state === CircuitState.Open && Date.now() - entry.openedAt < options.halfOpenAfterMs;
    },
  };
}
