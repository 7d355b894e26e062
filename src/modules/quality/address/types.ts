/** The parts of a US address, in USPS standard form (upper case, Publication 28 abbreviations). */
export interface AddressComponents {
  number: string | null;
  predirectional: string | null;
  street: string | null;
  suffix: string | null;
  postdirectional: string | null;
  unit_type: string | null;
  unit: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  zip4: string | null;
}

/** A parsed address: its components and the one-line USPS-style form, null when it has no street line. */
export interface ParsedAddress {
  components: AddressComponents;
  canonical: string | null;
}

/** Component names in the order a US address is written; used by scoring and output. */
export const COMPONENT_KEYS = [
  'number',
  'predirectional',
  'street',
  'suffix',
  'postdirectional',
  'unit_type',
  'unit',
  'city',
  'state',
  'zip',
  'zip4',
] as const satisfies readonly (keyof AddressComponents)[];

/** An address with every component absent. */
export function emptyComponents(): AddressComponents {
  return {
    number: null,
    predirectional: null,
    street: null,
    suffix: null,
    postdirectional: null,
    unit_type: null,
    unit: null,
    city: null,
    state: null,
    zip: null,
    zip4: null,
  };
}
