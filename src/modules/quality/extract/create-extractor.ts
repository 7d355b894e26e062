import type { Registry } from 'prom-client';
import type { GuardedFetch } from '../../../platform/fetch/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import { createDeterministicExtractor } from './deterministic.js';
import type { TextExtractor } from './extract.types.js';
import { createLlmExtractor } from './llm-extractor.js';

/** The settings the extractor reads; the names are the config variables, so the app config fits as is. */
export interface TextExtractorSettings {
  LLM_BASE_URL?: string;
  LLM_API_KEY?: string;
  LLM_MODEL: string;
  LLM_TIMEOUT_MS: number;
}

export interface TextExtractorDeps {
  fetch: GuardedFetch;
  registry?: Registry;
  log?: Logger;
}

/** The deterministic extractor, or the LLM one (falling back to it) when LLM_BASE_URL is set. */
export function createTextExtractor(config: TextExtractorSettings, deps: TextExtractorDeps): TextExtractor {
  if (!config.LLM_BASE_URL) return createDeterministicExtractor();
  return createLlmExtractor({
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    ...deps,
  });
}
