import { type Static, Type } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Motivation signal codes a seller's text can carry; scoring weighs them. */
export const MOTIVATION_CODES = [
  'must_sell',
  'motivated',
  'relocating',
  'price_reduced',
  'estate_sale',
  'divorce',
  'foreclosure',
  'as_is',
  'cash_only',
  'owner_financing',
  'vacant',
  'needs_work',
  'quick_close',
] as const;
export type MotivationCode = (typeof MOTIVATION_CODES)[number];

/**
 * What a listing's free text states about the property. A fact the text does not state, or states two
 * different ways, is null: never a guess. Also the JSON schema the LLM extractor asks the model for.
 */
export const ExtractedFacts = Type.Object(
  {
    bedrooms: Nullable(Type.Integer({ minimum: 0, maximum: 50 })),
    bathrooms: Nullable(Type.Number({ minimum: 0, maximum: 50, multipleOf: 0.25 })),
    sqft: Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    lot_sqft: Nullable(Type.Integer({ minimum: 1 })),
    motivation: Type.Array(Type.Enum(MOTIVATION_CODES), { uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ExtractedFacts = Static<typeof ExtractedFacts>;

/** An extraction with where it came from; `fallback_reason` says why the LLM answer was not used. */
export type TextExtraction = ExtractedFacts & {
  source: 'llm' | 'deterministic';
  fallback_reason: string | null;
};

/** The text an extractor reads: a listing's title and description. */
export interface ExtractionInput {
  title: string | null;
  description: string | null;
}

/** Reads property facts and motivation signals out of a listing's free text. */
export interface TextExtractor {
  name: string;
  extract(input: ExtractionInput): Promise<TextExtraction>;
}
