// zipcodes' `codes` map is ZIP → { city, state }, offline (US Census data); typed in src/types/zipcodes.d.ts.
import zipcodes from 'zipcodes';

/** Words a city name is written both long and short (`Saint Louis`, `St. Louis`); compared in short form. */
const CITY_WORDS: Readonly<Record<string, string>> = {
  SAINT: 'ST',
  SAINTE: 'STE',
  FORT: 'FT',
  MOUNT: 'MT',
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
  // County rolls and mailing lists shorten place-name words the way Appendix C1 shortens suffixes.
  HILL: 'HL',
  HILLS: 'HLS',
  PARK: 'PK',
  BRANCH: 'BR',
  VALLEY: 'VY',
  HEIGHTS: 'HTS',
  SPRINGS: 'SPGS',
  TOWNSHIP: 'TWP',
  JUNCTION: 'JCT',
  VILLAGE: 'VLG',
};

function cityKey(name: string): string {
  return name
    .toUpperCase()
    .replace(/[.']/g, '')
    .split(/\s+/)
    .map((word) => CITY_WORDS[word] ?? word)
    .join(' ');
}

let byState: Map<string, Set<string>> | null = null;
let everywhere: Set<string> | null = null;
/** ZIPs per city name across all states: a rough size of the place (Chicago 86, a village 1). */
const zipCounts = new Map<string, number>();
const MAJOR_CITY_ZIPS = 20;

/** Builds the city index once, on first use: about 44,000 ZIPs, a few milliseconds. */
function index(): { byState: Map<string, Set<string>>; everywhere: Set<string> } {
  if (byState === null || everywhere === null) {
    byState = new Map();
    everywhere = new Set();
    for (const record of Object.values(zipcodes.codes)) {
      const city = cityKey(record.city);
      const cities = byState.get(record.state) ?? new Set<string>();
      byState.set(record.state, cities);
      cities.add(city);
      everywhere.add(city);
      zipCounts.set(city, (zipCounts.get(city) ?? 0) + 1);
    }
  }
  return { byState, everywhere };
}

/** The state a ZIP belongs to, or null (used only to pick the city list, never to fill in the state). */
export function stateOfZip(zip: string | null): string | null {
  return zip === null ? null : (zipcodes.codes[zip]?.state ?? null);
}

/** Whether `city` (upper case) is a US place name, in `state` when one is given. */
export function isKnownCity(city: string, state: string | null): boolean {
  const cities = index();
  const key = cityKey(city);
  return state === null ? cities.everywhere.has(key) : (cities.byState.get(state)?.has(key) ?? false);
}

/**
 * Whether a name is that of a city with many ZIPs (20 or more, summed over the states that have a
 * place so named): `Chicago`, `Brooklyn`, not `Park` or `Avon`. Such a name ending a line is the city
 * even with no state or ZIP after it.
 */
export function isMajorCity(city: string): boolean {
  index();
  return (zipCounts.get(cityKey(city)) ?? 0) >= MAJOR_CITY_ZIPS;
}
