import { type Static, Type } from 'typebox';

// The shape stored in contacts.dnc and returned by a scrub; one schema so a route or job can reuse it.

/** One phone found on a DNC list, with every list it is on. */
export const DncListing = Type.Object({
  phone: Type.String({ description: 'E.164, e.g. +15055550142' }),
  lists: Type.Array(Type.Union([Type.Literal('national'), Type.Literal('internal')]), { minItems: 1 }),
});
export type DncListing = Static<typeof DncListing>;

/** The result of scrubbing a set of phones against the DNC lists at one moment. */
export const DncScrub = Type.Object({
  scrubbed_at: Type.String({ format: 'date-time' }),
  listed: Type.Array(DncListing),
  /** +1 phones that were looked up (listed or not): a contact whose phones are not all here needs a re-scrub. */
  checked: Type.Array(Type.String()),
  /** Phones outside the NANP: the registry can't say anything about them. */
  unchecked: Type.Array(Type.String()),
});
export type DncScrub = Static<typeof DncScrub>;
