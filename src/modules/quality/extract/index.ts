// Free-text extraction: beds, baths, sqft, lot size and motivation signals from a listing's title and
// description; deterministic rules by default, an OpenAI-compatible LLM when configured. Re-exported from
// the quality module's index.ts.

export {
  createTextExtractor,
  type TextExtractorDeps,
  type TextExtractorSettings,
} from './create-extractor.js';
export { createDeterministicExtractor, extractFromText } from './deterministic.js';
export {
  ExtractedFacts,
  type ExtractionInput,
  MOTIVATION_CODES,
  type MotivationCode,
  type TextExtraction,
  type TextExtractor,
} from './extract.types.js';
export { extractFacts } from './facts.js';
export {
  createLlmExtractor,
  LLM_RESPONSE_SCHEMA,
  type LlmExtractorOptions,
  type LlmFallbackReason,
  readChatAnswer,
} from './llm-extractor.js';
export { extractMotivation } from './motivation.js';
export { prepareText } from './text.js';
