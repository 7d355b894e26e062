import zipcodes from 'zipcodes';

export type GeoPrecision = 'rooftop' | 'zip' | 'city';

export interface Located {
  latitude: number;
  longitude: number;
  precision: GeoPrecision;
}

/**
 * Offline geocoding from the `zipcodes` package's US gazetteer: a ZIP's centroid, or a city's (the mean of
 * its ZIP centroids). Used only when the source gave no position; the precision says how coarse it is.
 */
export function locateByZip(zip: string): Located | null {
  const entry = zipcodes.lookup(zip);
  if (entry?.country !== 'US') return null;
  return { latitude: entry.latitude, longitude: entry.longitude, precision: 'zip' };
}

/** The centroid of a US city's ZIP centroids, or null when the gazetteer doesn't know the city. */
export function locateByCity(city: string, state: string): Located | null {
  const entries = zipcodes.lookupByName(city, state).filter((entry) => entry.country === 'US');
  if (entries.length === 0) return null;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    latitude: Number(mean(entries.map((entry) => entry.latitude)).toFixed(5)),
    longitude: Number(mean(entries.map((entry) => entry.longitude)).toFixed(5)),
    precision: 'city',
  };
}
