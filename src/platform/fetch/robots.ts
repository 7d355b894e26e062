import robotsParserModule from 'robots-parser';
import type { Cache } from '../cache/index.js';
import type { Clock, RobotsDecision, RobotsSource } from './fetch.types.js';

/** What fetching one robots.txt gave, after its redirects (RFC 9309 §2.3.1). */
export type RobotsFetch =
  | { kind: 'robots_txt'; status: number; body: string }
  | { kind: 'unavailable'; status?: number }
  | { kind: 'unreachable'; status?: number; detail: string };

interface RobotsEntry {
  source: Exclude<RobotsSource, 'not_checked'>;
  robotsUrl: string;
  status?: number;
  body?: string;
  fetchedAt: number;
  expiresAt: number;
}

export interface RobotsChecker {
  /** The decision for one URL, fetching its origin's robots.txt at most once per TTL. */
  check(url: URL): Promise<RobotsDecision>;
}

export interface RobotsCheckerOptions {
  userAgent: string;
  ttlMs: number;
  /** How long an unreachable robots.txt (disallow all) is kept before asking again. */
  errorTtlMs: number;
  maxCrawlDelayMs: number;
  clock: Clock;
  /** Shared store (Redis) so every worker asks a site for robots.txt once per TTL. */
  cache?: Cache;
  fetchRobots(robotsUrl: URL): Promise<RobotsFetch>;
}

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getMatchingLineNumber(url: string, ua?: string): number;
  getCrawlDelay(ua?: string): number | undefined;
}
type RobotsParser = (url: string, contents: string) => Robot;

// robots-parser is CommonJS whose typings claim an ES default export: depending on the loader the
// default import is the function itself or an object holding it.
const robotsParser: RobotsParser =
  (robotsParserModule as unknown as { default?: RobotsParser }).default ??
  (robotsParserModule as unknown as RobotsParser);

/** The product token robots.txt groups are matched against: `AIQLeadsBot` of `AIQLeadsBot/0.1 (+…)`. */
export function productToken(userAgent: string): string {
  return userAgent.match(/^[A-Za-z_-]+/)?.[0] ?? userAgent;
}

/** Robots.txt per RFC 9309: 2xx parsed, 4xx allow all, 5xx/429/unreachable disallow all (shorter TTL). */
export function createRobotsChecker(options: RobotsCheckerOptions): RobotsChecker {
  const token = productToken(options.userAgent);
  const entries = new Map<string, RobotsEntry>();
  const loading = new Map<string, Promise<RobotsEntry>>();
  const parsed = new Map<string, { fetchedAt: number; robot: Robot }>();
  const cacheKey = (origin: string) => `robots:${origin}`;
  const fresh = (entry: RobotsEntry | undefined) => entry && entry.expiresAt > options.clock.now();

  async function fetchEntry(origin: string): Promise<RobotsEntry> {
    const shared = await options.cache?.get<RobotsEntry>(cacheKey(origin));
    if (shared && fresh(shared)) return shared;
    const robotsUrl = new URL('/robots.txt', origin);
    const result = await options.fetchRobots(robotsUrl);
    const fetchedAt = options.clock.now();
    const ttl = result.kind === 'unreachable' ? options.errorTtlMs : options.ttlMs;
    const entry: RobotsEntry = {
      source: result.kind,
      robotsUrl: robotsUrl.href,
      status: result.status,
      body: result.kind === 'robots_txt' ? result.body : undefined,
      fetchedAt,
      expiresAt: fetchedAt + ttl,
    };
    await options.cache?.set(cacheKey(origin), entry, Math.max(1, Math.ceil(ttl / 1000)));
    return entry;
  }

  async function entryFor(origin: string): Promise<RobotsEntry> {
    const known = entries.get(origin);
    if (known && fresh(known)) return known;
    // Concurrent requests to one origin share a single robots.txt fetch.
    let pending = loading.get(origin);
    if (!pending) {
      pending = fetchEntry(origin).finally(() => loading.delete(origin));
      loading.set(origin, pending);
    }
    const entry = await pending;
    if (entries.size > 10_000) entries.clear();
    entries.set(origin, entry);
    return entry;
  }

  function robotFor(origin: string, entry: RobotsEntry) {
    const memo = parsed.get(origin);
    if (memo && memo.fetchedAt === entry.fetchedAt) return memo.robot;
    const robot = robotsParser(entry.robotsUrl, entry.body ?? '');
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(origin, { fetchedAt: entry.fetchedAt, robot });
    return robot;
  }

  return {
    async check(url) {
      const entry = await entryFor(url.origin);
      const base = {
        checked: true,
        source: entry.source,
        robotsUrl: entry.robotsUrl,
        status: entry.status,
        fetchedAt: new Date(entry.fetchedAt).toISOString(),
      };
      // RFC 9309 §2.2.2: /robots.txt itself is always allowed.
      if (url.pathname === '/robots.txt') return { ...base, allowed: true };
      if (entry.source === 'unavailable') return { ...base, allowed: true };
      if (entry.source === 'unreachable') return { ...base, allowed: false };
      const robot = robotFor(url.origin, entry);
      const delaySeconds = robot.getCrawlDelay(token);
      return {
        ...base,
        allowed: robot.isAllowed(url.href, token) ?? true,
        line: robot.getMatchingLineNumber(url.href, token),
        crawlDelayMs:
          delaySeconds === undefined
            ? undefined
            : Math.min(options.maxCrawlDelayMs, Math.max(0, delaySeconds * 1000)),
      };
    },
  };
}
