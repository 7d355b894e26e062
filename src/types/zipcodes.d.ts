// The zipcodes package ships no types; these are the two look-ups the gazetteer uses.
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
  };
  export default zipcodes;
}
