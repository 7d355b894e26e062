import { Counter, type Registry } from 'prom-client';
import { Compile } from 'typebox/compile';
import type { GuardedFetch } from '../../../platform/fetch/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import { extractFromText } from './deterministic.js';
import {
  ExtractedFacts,
  type ExtractionInput,
  MOTIVATION_CODES,
  type TextExtractor,
} from './extract.types.js';

/**
 * The JSON schema sent as `response_format`. Kept to the subset every OpenAI-compatible server enforces
 * (no minimum/multipleOf, which strict mode has refused); the answer is then checked against the full
 * ExtractedFacts schema, bounds included.
 */
export const LLM_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    bedrooms: { type: ['integer', 'null'], description: 'Bedrooms of this property; null unless stated' },
    bathrooms: { type: ['number', 'null'], description: 'Bathrooms, halves as .5; null unless stated' },
    sqft: { type: ['integer', 'null'], description: 'Living area in square feet; null unless stated' },
    lot_sqft: { type: ['integer', 'null'], description: 'Lot size in square feet (1 acre = 43560)' },
    motivation: {
      type: 'array',
      items: { type: 'string', enum: [...MOTIVATION_CODES] },
      description: 'Seller motivation signals the text states',
    },
  },
  required: ['bedrooms', 'bathrooms', 'sqft', 'lot_sqft', 'motivation'],
  additionalProperties: false,
} as const;

const SYSTEM_PROMPT = [
  'You read real-estate listings and return the facts they state as JSON matching the schema.',
  'Use null for any fact the text does not state for this one property; never estimate or guess.',
  'If the text describes several units or floor plans with different values, use null.',
  `Motivation codes (only when the owner says so): ${MOTIVATION_CODES.join(', ')}.`,
].join(' ');

// Descriptions beyond this are boilerplate; the cap bounds cost and latency.
const MAX_TEXT_CHARS = 8_000;

/** Why an LLM answer was not used; also the `outcome` label of the metric. */
export type LlmFallbackReason =
  | 'no_text'
  | 'timeout'
  | 'http_error'
  | 'network'
  | 'breaker_open'
  | 'refused_by_guard'
  | 'bad_response'
  | 'refusal'
  | 'bad_json'
  | 'schema_mismatch';

export interface LlmExtractorOptions {
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1 (the path /chat/completions is added). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  /** The platform's guarded client: every outbound request goes through it. */
  fetch: GuardedFetch;
  registry?: Registry;
  log?: Logger;
}

const counters = new WeakMap<Registry, Counter<'outcome'>>();

function counterFor(registry: Registry | undefined): Counter<'outcome'> | undefined {
  if (!registry) return undefined;
  let counter = counters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'aiqleads_llm_extraction_total',
      help: 'LLM text extractions by outcome: ok, or why the deterministic result was used instead',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    counters.set(registry, counter);
  }
  return counter;
}

// Compiled once: about 60x faster than Value.Check on records this size (measured on ParsedListing).
const factsValidator = Compile(ExtractedFacts);

type Answer = { ok: true; facts: ExtractedFacts } | { ok: false; reason: LlmFallbackReason; detail: string };

/** Reads `choices[0].message.content` as ExtractedFacts; tolerates a ```json fence around it. */
export function readChatAnswer(body: string): Answer {
  let response: { choices?: { message?: { content?: unknown; refusal?: unknown } }[] };
  try {
    response = JSON.parse(body) as typeof response;
  } catch {
    return { ok: false, reason: 'bad_response', detail: 'response is not JSON' };
  }
  const message = response?.choices?.[0]?.message;
  if (typeof message?.refusal === 'string' && message.refusal !== '')
    return { ok: false, reason: 'refusal', detail: 'the model refused' };
  if (typeof message?.content !== 'string')
    return { ok: false, reason: 'bad_response', detail: 'no choices[0].message.content' };
  let facts: unknown;
  try {
    facts = JSON.parse(message.content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { ok: false, reason: 'bad_json', detail: 'content is not JSON' };
  }
  if (!factsValidator.Check(facts)) {
    const [first] = factsValidator.Errors(facts);
    return {
      ok: false,
      reason: 'schema_mismatch',
      detail: `${first?.instancePath ?? ''} ${first?.message ?? ''}`,
    };
  }
  return { ok: true, facts };
}

function userMessage(input: ExtractionInput): string {
  const text = `Title: ${input.title ?? ''}\n\nDescription:\n${input.description ?? ''}`;
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

/**
 * An extractor that asks an OpenAI-compatible chat-completions endpoint with a strict JSON schema, and
 * falls back to the deterministic rules on any failure (the result says so in `fallback_reason`).
 */
export function createLlmExtractor(options: LlmExtractorOptions): TextExtractor {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const counter = counterFor(options.registry);

  async function ask(input: ExtractionInput): Promise<Answer> {
    if (!input.title?.trim() && !input.description?.trim())
      return { ok: false, reason: 'no_text', detail: '' };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    const result = await options.fetch.fetch({
      url,
      source: 'llm',
      kind: 'api',
      method: 'POST',
      headers,
      timeoutMs: options.timeoutMs,
      body: JSON.stringify({
        model: options.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: userMessage(input) },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'listing_facts', strict: true, schema: LLM_RESPONSE_SCHEMA },
        },
      }),
    });
    if (result.ok) return readChatAnswer(result.body);
    const reason: LlmFallbackReason =
      result.kind === 'timeout'
        ? 'timeout'
        : result.kind === 'http'
          ? 'http_error'
          : result.kind === 'breaker_open'
            ? 'breaker_open'
            : result.kind === 'network'
              ? 'network'
              : 'refused_by_guard';
    return { ok: false, reason, detail: result.detail };
  }

  return {
    name: 'llm',
    async extract(input) {
      const answer = await ask(input).catch(
        (error: unknown): Answer => ({ ok: false, reason: 'network', detail: String(error) }),
      );
      if (answer.ok) {
        counter?.inc({ outcome: 'ok' });
        return { ...answer.facts, source: 'llm', fallback_reason: null };
      }
      counter?.inc({ outcome: answer.reason });
      if (answer.reason !== 'no_text')
        options.log?.warn(
          { reason: answer.reason, detail: answer.detail },
          'llm extraction fell back to rules',
        );
      return { ...extractFromText(input), source: 'deterministic', fallback_reason: answer.reason };
    },
  };
}
