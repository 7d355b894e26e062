import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SourcePayloadError } from '../csv/index.js';
import { idString, isObject, payloadObject } from './facebook-json.js';

/** One new lead announced by a Page `leadgen` webhook. The webhook carries ids only, no personal data. */
export interface LeadgenEvent {
  leadgen_id: string;
  page_id: string;
  form_id: string;
  /** Absent for organic leads and leads sent from the Lead Ads Testing Tool. */
  ad_id: string | null;
  adgroup_id: string | null;
  /** ISO 8601 (the webhook gives epoch seconds); null when neither the change nor its entry has a time. */
  created_time: string | null;
}

export type FacebookWebhookProblem =
  | 'invalid_json'
  | 'not_a_page_event'
  | 'missing_entries'
  | 'invalid_change';

/** A leadgen webhook body that is not what Meta sends; answered with 400, the event is not retried. */
export class FacebookWebhookError extends SourcePayloadError {
  constructor(
    readonly reason: FacebookWebhookProblem,
    message: string,
  ) {
    super('FACEBOOK_WEBHOOK_INVALID', message, 400, { reason });
    this.name = 'FacebookWebhookError';
  }
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed by the app secret>` in
 * constant time. False for a missing, malformed or wrong header, and for an empty secret.
 */
export function verifyFacebookSignature(
  rawBody: Buffer | string,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (!header || appSecret === '') return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type VerificationAnswer =
  | { ok: true; challenge: string }
  | { ok: false; reason: 'not_subscribe' | 'token_mismatch' | 'missing_challenge' };

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

// Meta sends a numeric challenge; anything outside a plain token is refused rather than echoed back.
const CHALLENGE = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * Answers the GET subscription handshake (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`):
 * the challenge to echo when the token matches, otherwise why not.
 */
export function answerVerificationChallenge(
  query: Record<string, unknown>,
  verifyToken: string,
): VerificationAnswer {
  if (first(query['hub.mode']) !== 'subscribe') return { ok: false, reason: 'not_subscribe' };
  const token = first(query['hub.verify_token']);
  if (typeof token !== 'string' || verifyToken === '' || !sameSecret(token, verifyToken)) {
    return { ok: false, reason: 'token_mismatch' };
  }
  const challenge = first(query['hub.challenge']);
  if (typeof challenge !== 'string' || !CHALLENGE.test(challenge))
    return { ok: false, reason: 'missing_challenge' };
  return { ok: true, challenge };
}

// Hashing first gives equal lengths, so the comparison time says nothing about the token.
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function epochToIso(value: unknown): string | null {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds <= 0) return null;
  return new Date(seconds * 1000).toISOString();
}

function readChange(value: unknown, entryId: unknown, entryTime: unknown, where: string): LeadgenEvent {
  if (!isObject(value)) throw new FacebookWebhookError('invalid_change', `${where}.value is not an object`);
  const required = (key: 'leadgen_id' | 'form_id' | 'page_id', fallback?: unknown): string => {
    const id = idString(value[key] ?? fallback);
    if (id === null) throw new FacebookWebhookError('invalid_change', `${where}.value.${key} is not an id`);
    return id;
  };
  const optional = (key: 'ad_id' | 'adgroup_id'): string | null => {
    if (value[key] === undefined || value[key] === null) return null;
    const id = idString(value[key]);
    if (id === null) throw new FacebookWebhookError('invalid_change', `${where}.value.${key} is not an id`);
    return id;
  };
  return {
    leadgen_id: required('leadgen_id'),
    page_id: required('page_id', entryId),
    form_id: required('form_id'),
    ad_id: optional('ad_id'),
    adgroup_id: optional('adgroup_id'),
    created_time: epochToIso(value.created_time) ?? epochToIso(entryTime),
  };
}

/**
 * The leads announced by a Page webhook body: pass the raw text or Buffer (ids beyond 2^53 stay exact; a
 * parsed object works when its ids are strings or safe integers). Changes
 * of other fields are ignored; a body Meta would not send raises FacebookWebhookError.
 */
export function parseLeadgenWebhook(body: unknown): LeadgenEvent[] {
  let json: unknown;
  try {
    json = payloadObject(body);
  } catch {
    throw new FacebookWebhookError('invalid_json', 'the body is not JSON');
  }
  if (!isObject(json) || json.object !== 'page') {
    throw new FacebookWebhookError('not_a_page_event', 'the body is not a Page webhook (object != "page")');
  }
  if (!Array.isArray(json.entry))
    throw new FacebookWebhookError('missing_entries', 'the body has no entry[] list');
  const events: LeadgenEvent[] = [];
  const seen = new Set<string>();
  json.entry.forEach((entry: unknown, e) => {
    if (!isObject(entry) || !Array.isArray(entry.changes)) {
      throw new FacebookWebhookError('missing_entries', `entry[${e}] has no changes[] list`);
    }
    entry.changes.forEach((change: unknown, c) => {
      const where = `entry[${e}].changes[${c}]`;
      if (!isObject(change)) throw new FacebookWebhookError('invalid_change', `${where} is not an object`);
      if (change.field !== 'leadgen') return;
      const event = readChange(change.value, entry.id, entry.time, where);
      // Meta retries deliveries; one body may repeat a lead, and the id is what makes work idempotent.
      if (!seen.has(event.leadgen_id)) {
        seen.add(event.leadgen_id);
        events.push(event);
      }
    });
  });
  return events;
}
