import type { Clock } from './fetch.types.js';

/**
 * Ends a turn. `holdNextMs` keeps the next start at least that far from now: the caller passes what is
 * left of the gap counted from when its request surely reached the host (its response headers), so a
 * slow first connection can't bunch two requests together at the server.
 */
export type ReleaseTurn = (holdNextMs?: number) => Promise<void>;

/** Gives out turns per host: at most `concurrency` at once, with a minimum gap between their starts. */
export interface HostGate {
  /**
   * Waits for the host's turn: fewer than `concurrency` in flight to it and `gapMs` since the previous
   * start. `holdMs` bounds how long a turn may stay held if its holder dies (Redis); returns the release.
   */
  acquire(host: string, gapMs: number, holdMs: number): Promise<ReleaseTurn>;
  /** Moves the host's next start at least `delayMs` into the future (Retry-After). */
  defer(host: string, delayMs: number): Promise<void>;
}

interface HostState {
  running: number;
  /** Turns waiting for a free slot, first come first served. */
  queue: (() => void)[];
  /** Settles when the latest admitted turn has waited out the gap: starts are spaced one by one. */
  starts: Promise<void>;
  nextAt: number;
}

/**
 * The in-process gate: per host a FIFO of turns, `concurrency` of them in flight (1 by default: the
 * polite setting), and the time the next start may happen.
 */
export function createLocalHostGate(clock: Clock, concurrency = 1): HostGate {
  const hosts = new Map<string, HostState>();
  const limit = Math.max(1, Math.floor(concurrency));

  function stateOf(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      if (hosts.size > 10_000) prune();
      state = { running: 0, queue: [], starts: Promise.resolve(), nextAt: 0 };
      hosts.set(host, state);
    }
    return state;
  }

  // Forget idle hosts whose gap has passed; their state would be the same as a fresh one.
  function prune(): void {
    const now = clock.now();
    for (const [host, state] of hosts)
      if (state.running === 0 && state.queue.length === 0 && state.nextAt <= now) hosts.delete(host);
  }

  async function waitForGap(state: HostState, gapMs: number): Promise<void> {
    // A Retry-After may arrive while we sleep, so look again after each wait.
    for (let wait = state.nextAt - clock.now(); wait > 0; wait = state.nextAt - clock.now()) {
      await clock.sleep(wait);
    }
    state.nextAt = clock.now() + gapMs;
  }

  return {
    async acquire(host, gapMs) {
      const state = stateOf(host);
      if (state.running < limit && state.queue.length === 0) state.running++;
      else await new Promise<void>((admit) => state.queue.push(admit));
      const start = state.starts.then(() => waitForGap(state, gapMs));
      state.starts = start;
      await start;
      let released = false;
      return async (holdNextMs = 0) => {
        if (released) return;
        released = true;
        state.nextAt = Math.max(state.nextAt, clock.now() + holdNextMs);
        // The slot passes straight to the next in line (running stays counted), else it frees.
        const next = state.queue.shift();
        if (next) next();
        else state.running--;
      };
    },
    async defer(host, delayMs) {
      const state = stateOf(host);
      state.nextAt = Math.max(state.nextAt, clock.now() + delayMs);
    },
  };
}
