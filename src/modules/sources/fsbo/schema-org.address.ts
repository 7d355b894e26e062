import { firstValue, type SchemaGraph } from './schema-org.graph.js';
import { isObject, type JsonObject, num, text } from './schema-org.values.js';

/** Where a listing is, as its structured data states it. */
export interface Place {
  address_line: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Splits a one-line address ("1234 Example Lane, Austin, TX 78701") into its parts; null when it can't. */
export function splitOneLineAddress(value: unknown): Omit<Place, 'latitude' | 'longitude'> | null {
  const line = text(value);
  if (!line) return null;
  const parts = line.split(',').map((p) => p.trim());
  const last = /^([A-Z]{2})(?:\s+(\d{5}(?:-\d{4})?))?$/.exec(parts.at(-1) ?? '');
  if (parts.length < 3 || !last) return null;
  return {
    address_line: parts.slice(0, -2).join(', ') || null,
    city: parts.at(-2) || null,
    state: last[1] ?? null,
    zip: last[2] ?? null,
  };
}

function coordinates(lat: unknown, lon: unknown): Pick<Place, 'latitude' | 'longitude'> {
  const la = num(lat);
  const lo = num(lon);
  // 0,0 is how pages write "no position"; out-of-range values are not positions at all.
  if (la === null || lo === null || (la === 0 && lo === 0) || Math.abs(la) > 90 || Math.abs(lo) > 180) {
    return { latitude: null, longitude: null };
  }
  return { latitude: la, longitude: lo };
}

/**
 * The address (PostalAddress or a one-line string) and position (GeoCoordinates, or latitude/longitude on the
 * Place itself) of the first node stating them, plus facts with no field (full region name, country).
 */
export function readPlace(
  facts: readonly JsonObject[],
  graph: SchemaGraph,
): { place: Place; extra: Record<string, string> } {
  const place: Place = {
    address_line: null,
    city: null,
    state: null,
    zip: null,
    latitude: null,
    longitude: null,
  };
  const extra: Record<string, string> = {};
  const address = firstValue(facts, 'address', graph);
  if (isObject(address)) {
    const street = [text(address.streetAddress), text(address.postOfficeBoxNumber)]
      .filter(Boolean)
      .join(', ');
    place.address_line = street || null;
    place.city = text(address.addressLocality);
    place.zip = text(address.postalCode);
    const region = text(address.addressRegion);
    // The contract wants a two-letter code; a full name is kept as an attribute rather than guessed into one.
    if (region && /^[A-Za-z]{2}$/.test(region)) place.state = region.toUpperCase();
    else if (region) extra.address_region = region;
    const country = isObject(address.addressCountry)
      ? text(address.addressCountry.name)
      : text(address.addressCountry);
    if (country && !/^(?:US|USA|United States(?: of America)?)$/i.test(country)) extra.country = country;
  } else if (text(address)) {
    const parts = splitOneLineAddress(address);
    if (parts) Object.assign(place, parts);
    else place.address_line = text(address);
  }

  const geo = firstValue(facts, 'geo', graph);
  if (isObject(geo) && geo.latitude !== undefined) {
    Object.assign(place, coordinates(geo.latitude, geo.longitude));
  } else {
    const located = facts.find((n) => n.latitude !== undefined && n.longitude !== undefined);
    if (located) Object.assign(place, coordinates(located.latitude, located.longitude));
  }
  return { place, extra };
}
