import type { BlockDetector, BlockProbe } from './fetch.types.js';

interface BlockRule {
  reason: string;
  pattern: RegExp;
  /** Only on these statuses; some markers are too common in ordinary pages to trust on a 200. */
  statuses?: number[];
}

const REFUSAL_STATUSES = [403, 429, 503];

// Markers of the anti-bot pages the sources are known to serve (Cloudflare, PerimeterX, Akamai, Craigslist).
const RULES: BlockRule[] = [
  { reason: 'cloudflare_attention', pattern: /<title>\s*Attention Required!\s*\|\s*Cloudflare/i },
  {
    reason: 'cloudflare_challenge',
    pattern: /<title>\s*Just a moment\.\.\.|cf-chl-|\/cdn-cgi\/challenge-platform\//i,
    statuses: REFUSAL_STATUSES,
  },
  { reason: 'press_and_hold', pattern: /press\s*(?:&|&amp;)\s*hold/i },
  { reason: 'perimeterx_captcha', pattern: /px-captcha|captcha\.px-cdn\.net/i },
  {
    reason: 'ip_blocked',
    pattern: /this IP has been automatically blocked|your IP (?:address )?has been blocked/i,
  },
  { reason: 'access_denied', pattern: /Access Denied/i, statuses: [403] },
  { reason: 'captcha', pattern: /captcha/i, statuses: REFUSAL_STATUSES },
];

/** The built-in checks: generic block and captcha pages, on HTML responses only. */
export const detectGenericBlock: BlockDetector = (response: BlockProbe) => {
  const type = response.headers['content-type'];
  if (type && !/html|text\/plain/i.test(type)) return null;
  for (const rule of RULES) {
    if (rule.statuses && !rule.statuses.includes(response.status)) continue;
    if (rule.pattern.test(response.body)) return rule.reason;
  }
  return null;
};

/** The source's own detector first (it knows its pages best), then the generic checks. */
export function detectBlock(response: BlockProbe, custom?: BlockDetector): string | null {
  return custom?.(response) ?? detectGenericBlock(response);
}
