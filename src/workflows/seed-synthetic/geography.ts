import zipcodes from 'zipcodes';
import { STATE_MARKETS } from './markets.js';
import { type Rng, weightedPicker } from './random.js';

/** A ZIP the generator may place a lead in, with how urban its surroundings are. */
export interface SyntheticZip {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
  /** Distinct ZIP centroids in the same ~0.1° cell: the density proxy (1 for a lone rural ZIP). */
  density: number;
  /** density / the state's mean density: > 1 in cities; prices rise with it. */
  urbanity: number;
}

/** Grid cell of ~11 km (north–south) used to count neighbouring ZIPs. */
const CELL_DEGREES = 0.1;

const cellOf = (lat: number, lng: number) =>
  `${Math.floor(lat / CELL_DEGREES)}:${Math.floor(lng / CELL_DEGREES)}`;

let cached: { zips: SyntheticZip[]; pick: (rng: Rng) => SyntheticZip } | undefined;

/**
 * The ZIPs of the 50 states and DC from the `zipcodes` gazetteer, and a picker weighted by population.
 * The package has no population, so the weight is a proxy: the state's 2020 Census population, spread
 * over its ZIPs in proportion to ZIP density (ZIP centroids in the same 0.1° cell). Dense city cores
 * have many small ZIPs, rural ZIPs are large and alone, so a cell weighs about its ZIP count squared.
 */
export function zipTable(): { zips: SyntheticZip[]; pick: (rng: Rng) => SyntheticZip } {
  if (cached) return cached;
  const entries = Object.values(zipcodes.codes).filter(
    (entry) =>
      entry.country === 'US' &&
      STATE_MARKETS.has(entry.state) &&
      inStateBounds(entry.latitude, entry.longitude),
  );
  // Many PO-box and single-building ZIPs share one centroid (95 of El Paso's at one point): count
  // distinct positions, and let ZIPs at the same position share its weight.
  const position = (entry: { latitude: number; longitude: number }) =>
    `${entry.latitude.toFixed(2)},${entry.longitude.toFixed(2)}`;
  const sharers = new Map<string, number>();
  const positionsPerCell = new Map<string, Set<string>>();
  for (const entry of entries) {
    sharers.set(position(entry), (sharers.get(position(entry)) ?? 0) + 1);
    const cell = cellOf(entry.latitude, entry.longitude);
    const set = positionsPerCell.get(cell) ?? new Set<string>();
    set.add(position(entry));
    positionsPerCell.set(cell, set);
  }
  const stateDensity = new Map<string, { sum: number; count: number }>();
  const zips = entries
    .map((entry) => {
      const density = positionsPerCell.get(cellOf(entry.latitude, entry.longitude))?.size ?? 1;
      const share = 1 / (sharers.get(position(entry)) ?? 1);
      const total = stateDensity.get(entry.state) ?? { sum: 0, count: 0 };
      stateDensity.set(entry.state, { sum: total.sum + density * share, count: total.count + share });
      return { ...entry, zip: entry.zip, density, share, urbanity: 1 };
    })
    .sort((a, b) => a.zip.localeCompare(b.zip));
  for (const zip of zips) {
    const { sum, count } = stateDensity.get(zip.state) as { sum: number; count: number };
    zip.urbanity = zip.density / (sum / count);
  }
  const shares = new Map(zips.map((zip) => [zip.zip, zip.share]));
  const result: SyntheticZip[] = zips.map(({ zip, city, state, latitude, longitude, density, urbanity }) => ({
    zip,
    city,
    state,
    latitude,
    longitude,
    density,
    urbanity,
  }));
  const weights = result.map((zip) => {
    const market = STATE_MARKETS.get(zip.state);
    const { sum } = stateDensity.get(zip.state) as { sum: number };
    const share = shares.get(zip.zip) ?? 1;
    return [zip, ((market?.population ?? 0) * zip.density * share) / sum] as const;
  });
  cached = { zips: result, pick: weightedPicker(weights) };
  return cached;
}

/**
 * Inside the lower 48, Alaska (its Aleutians cross the antimeridian) or Hawaii. The gazetteer files a
 * few outlying islands (Wake Island, 96898) under a state; no owner lists a home there.
 */
function inStateBounds(lat: number, lng: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return false;
  const lower48 = lat > 24.3 && lat < 49.5 && lng > -125 && lng < -66.8;
  const alaska = lat > 51 && lat < 72 && (lng < -129.9 || lng > 172);
  const hawaii = lat > 18.8 && lat < 22.4 && lng > -160.4 && lng < -154.7;
  return lower48 || alaska || hawaii;
}

const KM_PER_DEGREE = 111.32;

/** A point uniformly within `radiusKm` of the centroid (a home somewhere in the ZIP, not on its centre). */
export function jitter(rng: Rng, latitude: number, longitude: number, radiusKm: number): [number, number] {
  const distance = radiusKm * Math.sqrt(rng.next());
  const bearing = 2 * Math.PI * rng.next();
  const dLat = (distance * Math.cos(bearing)) / KM_PER_DEGREE;
  const dLng = (distance * Math.sin(bearing)) / (KM_PER_DEGREE * Math.cos((latitude * Math.PI) / 180));
  return [round6(latitude + dLat), round6(longitude + dLng)];
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
