import type { ExtractedFacts, ExtractionInput, TextExtractor } from './extract.types.js';
import { extractFacts } from './facts.js';
import { extractMotivation } from './motivation.js';
import { prepareText } from './text.js';

/** Facts and motivation signals from a title and description by fixed rules (pure, synchronous). */
export function extractFromText(input: ExtractionInput): ExtractedFacts {
  const text = prepareText(input.title, input.description);
  return { ...extractFacts(text), motivation: extractMotivation(text) };
}

/** The default extractor: the rules above, no network. */
export function createDeterministicExtractor(): TextExtractor {
  return {
    name: 'deterministic',
    async extract(input) {
      return { ...extractFromText(input), source: 'deterministic', fallback_reason: null };
    },
  };
}
