import type { Clock } from './fetch.types.js';

/**
 * Ends a turn. `holdNextMs` keeps the next start at least that far from now: the caller passes what is
 * left of the gap counted from when its request surely reached the host (its response headers), so a
 * slow first connection can't bunch two requests together at the server.
 */
export type ReleaseTurn = (holdNextMs?: number) => Promise<void>;

/** Gives out one turn at a time per host, with a minimum gap between the starts of turns. */
export interface HostGate {
  /**
   * Waits for the host's turn: nothing else in flight to it and `gapMs` since the previous start.
   * `holdMs` bounds how long a turn may stay held if its holder dies (Redis); returns the release.
   */
  acquire(host: string, gapMs: number, holdMs: number): Promise<ReleaseTurn>;
  /** Moves the host's next start at least `delayMs` into the future (Retry-After). */
  defer(host: string, delayMs: number): Promise<void>;
}

interface HostState {
  /** Settles when the turn before the newest one is released: the FIFO queue. */
  tail: Promise<void>;
  nextAt: number;
  waiting: number;
}

/** The in-process gate: a promise chain per host (FIFO) and the time the next start may happen. */
export function createLocalHostGate(clock: Clock): HostGate {
  const hosts = new Map<string, HostState>();

  function stateOf(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      if (hosts.size > 10_000) prune();
      state = { tail: Promise.resolve(), nextAt: 0, waiting: 0 };
      hosts.set(host, state);
    }
    return state;
  }

  // Forget idle hosts whose gap has passed; their state would be the same as a fresh one.
  function prune(): void {
    const now = clock.now();
    for (const [host, state] of hosts) if (state.waiting === 0 && state.nextAt <= now) hosts.delete(host);
  }

  return {
    async acquire(host, gapMs) {
      const state = stateOf(host);
      const previous = state.tail;
      let releaseTurn!: () => void;
      state.tail = new Promise<void>((resolve) => {
        releaseTurn = resolve;
      });
      state.waiting++;
      await previous;
      // A Retry-After may arrive while we sleep, so look again after each wait.
      for (let wait = state.nextAt - clock.now(); wait > 0; wait = state.nextAt - clock.now()) {
        await clock.sleep(wait);
      }
      state.nextAt = clock.now() + gapMs;
      state.waiting--;
      let released = false;
      return async (holdNextMs = 0) => {
        if (released) return;
        released = true;
        state.nextAt = Math.max(state.nextAt, clock.now() + holdNextMs);
        releaseTurn();
      };
    },
    async defer(host, delayMs) {
      const state = stateOf(host);
      state.nextAt = Math.max(state.nextAt, clock.now() + delayMs);
    },
  };
}
