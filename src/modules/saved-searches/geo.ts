// Plane-and-sphere geometry for saved searches: distances, boxes and polygons, in plain functions so that
// matching a lead against thousands of candidate searches costs no database round trip per search.

/** [minLng, minLat, maxLng, maxLat], like GeoJSON bbox and the search API's `bbox` parameter. */
export type Box = [number, number, number, number];
/** [lng, lat] */
export type Position = [number, number];

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = 111.32;
const toRad = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km (haversine; within 0.5 % of PostGIS's spheroid distance). */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = toRad(lat2 - lat1);
  const dLng = toRad(lng2 - lng1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Parses `minLng,minLat,maxLng,maxLat`; null when it is not four numbers in range and order. */
export function parseBbox(text: string): Box | null {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 4 || parts.some((value) => !Number.isFinite(value))) return null;
  const [minLng, minLat, maxLng, maxLat] = parts as Box;
  const inRange = (lng: number, lat: number) => Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
  if (!inRange(minLng, minLat) || !inRange(maxLng, maxLat)) return null;
  if (minLng >= maxLng || minLat >= maxLat) return null;
  return [minLng, minLat, maxLng, maxLat];
}

/** The box around a circle, widened in longitude by the cosine of its farthest latitude; clamped at the poles. */
export function circleBox(lat: number, lng: number, radiusKm: number): Box {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const farLat = Math.min(89.9, Math.abs(lat) + dLat);
  const dLng = Math.min(180, radiusKm / (KM_PER_DEGREE_LAT * Math.cos(toRad(farLat))));
  return [
    Math.max(-180, lng - dLng),
    Math.max(-90, lat - dLat),
    Math.min(180, lng + dLng),
    Math.min(90, lat + dLat),
  ];
}

/** The bounding box of a polygon's outer ring. */
export function polygonBox(rings: Position[][]): Box {
  const outer = rings[0] ?? [];
  const lngs = outer.map((position) => position[0]);
  const lats = outer.map((position) => position[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

/** The overlap of two boxes, or null when they do not meet. */
export function intersectBoxes(a: Box, b: Box): Box | null {
  const box: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}

/** Whether a point lies in a box (edges included). */
export function inBox(box: Box, lng: number, lat: number): boolean {
  return lng >= box[0] && lng <= box[2] && lat >= box[1] && lat <= box[3];
}

/** Even-odd ray casting over one ring. */
function inRing(ring: Position[], lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside a GeoJSON polygon: in the outer ring and in none of its holes. */
export function inPolygon(rings: Position[][], lng: number, lat: number): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(outer, lng, lat)) return false;
  return !holes.some((hole) => inRing(hole, lng, lat));
}

function orientation(a: Position, b: Position, c: Position): number {
  const value = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
  return value === 0 ? 0 : value > 0 ? 1 : -1;
}

/** Proper crossing of segments ab and cd (touching at a shared end does not count). */
function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

/**
 * Why a polygon cannot be used, or null: rings must be closed, have at least three distinct corners and
 * not cross themselves (O(n²) per ring, fine for the 1,000-position cap).
 */
export function polygonProblem(rings: Position[][]): string | null {
  for (const [index, ring] of rings.entries()) {
    const first = ring[0];
    const last = ring.at(-1);
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1])
      return `ring ${index} is not closed (first and last positions differ)`;
    if (new Set(ring.map((position) => position.join(','))).size < 3)
      return `ring ${index} needs at least three distinct positions`;
    const edges = ring.length - 1;
    for (let i = 0; i < edges; i++) {
      for (let j = i + 2; j < edges; j++) {
        if (i === 0 && j === edges - 1) continue; // first and last edges share the closing position
        if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!))
          return `ring ${index} intersects itself (edges ${i} and ${j})`;
      }
    }
  }
  return null;
}
