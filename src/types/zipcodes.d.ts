// The zipcodes package ships no types; these are the parts the geography and address code use.
declare module 'zipcodes' {
  interface ZipCodeEntry {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    state: string;
    country: string;
  }
  const zipcodes: {
    lookup(zip: string | number): ZipCodeEntry | undefined;
    lookupByName(city: string, state: string): ZipCodeEntry[];
    /** Every ZIP the package knows, keyed by ZIP. */
    codes: Record<string, ZipCodeEntry>;
  };
  export default zipcodes;
}
