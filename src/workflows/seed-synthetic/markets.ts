// Per-state figures the generator draws from. Approximate public figures, rounded, good enough to make
// prices and volumes look like the US market; they are not data to quote:
// - population: 2020 Census apportionment counts (millions);
// - sale: typical home value, mid-2024 (Zillow Home Value Index by state), USD;
// - rent: median gross rent (Census ACS 2022 1-year), USD per month;
// - area: one common area code of the state (for fictional 555-01xx numbers).

export interface StateMarket {
  population: number;
  sale: number;
  rent: number;
  area: string;
}

const TABLE = `
AL 5.02 225000 900 205|AK 0.73 360000 1300 907|AZ 7.15 420000 1400 602|AR 3.01 200000 850 501
CA 39.54 770000 1900 213|CO 5.77 540000 1600 303|CT 3.61 390000 1400 203|DE 0.99 380000 1300 302
DC 0.69 600000 1800 202|FL 21.54 390000 1600 305|GA 10.71 320000 1300 404|HI 1.46 840000 1900 808
ID 1.84 450000 1200 208|IL 12.81 260000 1200 312|IN 6.79 240000 1000 317|IA 3.19 215000 900 515
KS 2.94 220000 950 316|KY 4.51 200000 900 502|LA 4.66 195000 1000 504|ME 1.36 390000 1100 207
MD 6.18 410000 1600 410|MA 7.03 610000 1700 617|MI 10.08 240000 1050 313|MN 5.71 330000 1200 612
MS 2.96 180000 850 601|MO 6.15 240000 1000 314|MT 1.08 460000 1050 406|NE 1.96 255000 1000 402
NV 3.10 430000 1400 702|NH 1.38 470000 1400 603|NJ 9.29 520000 1600 201|NM 2.12 300000 1000 505
NY 20.20 470000 1500 212|NC 10.44 320000 1150 704|ND 0.78 255000 950 701|OH 11.80 220000 950 614
OK 3.96 195000 950 405|OR 4.24 490000 1400 503|PA 13.00 255000 1100 215|RI 1.10 450000 1300 401
SC 5.12 290000 1100 803|SD 0.89 300000 900 605|TN 6.91 310000 1150 615|TX 29.15 300000 1300 214
UT 3.27 520000 1350 801|VT 0.64 380000 1200 802|VA 8.63 380000 1500 703|WA 7.71 580000 1700 206
WV 1.79 160000 800 304|WI 5.89 290000 1000 414|WY 0.58 340000 950 307`;

/** The 50 states and DC with their population and market medians. */
export const STATE_MARKETS: ReadonlyMap<string, StateMarket> = new Map(
  TABLE.trim()
    .split(/[|\n]/)
    .map((entry) => {
      const [state, population, sale, rent, area] = entry.trim().split(' ');
      return [
        state as string,
        { population: Number(population), sale: Number(sale), rent: Number(rent), area: area as string },
      ];
    }),
);

export type SyntheticListingType = 'fsbo_sale' | 'owner_rental' | 'form_lead';
export type SyntheticPropertyType =
  | 'house'
  | 'condo'
  | 'townhouse'
  | 'apartment'
  | 'multi_family'
  | 'manufactured'
  | 'land'
  | 'room';

/** Share of each listing type: owner leads are mostly FSBO sales and by-owner rentals. */
export const LISTING_TYPE_SHARES: readonly (readonly [SyntheticListingType, number])[] = [
  ['fsbo_sale', 0.5],
  ['owner_rental', 0.4],
  ['form_lead', 0.1],
];

/** Property types of homes for sale (FSBO and seller forms) and of rentals. */
export const PROPERTY_TYPE_SHARES: Record<
  'sale' | 'rental',
  readonly (readonly [SyntheticPropertyType, number])[]
> = {
  sale: [
    ['house', 0.62],
    ['condo', 0.1],
    ['townhouse', 0.08],
    ['multi_family', 0.05],
    ['manufactured', 0.06],
    ['land', 0.09],
  ],
  rental: [
    ['apartment', 0.45],
    ['house', 0.28],
    ['condo', 0.08],
    ['townhouse', 0.07],
    ['room', 0.1],
    ['multi_family', 0.02],
  ],
};

/** Bedroom counts by property type (weights); land has none, a room is one. */
export const BEDROOM_SHARES: Record<SyntheticPropertyType, readonly (readonly [number, number])[]> = {
  house: [
    [2, 0.15],
    [3, 0.45],
    [4, 0.3],
    [5, 0.1],
  ],
  condo: [
    [1, 0.3],
    [2, 0.5],
    [3, 0.2],
  ],
  townhouse: [
    [2, 0.35],
    [3, 0.5],
    [4, 0.15],
  ],
  apartment: [
    [0, 0.1],
    [1, 0.4],
    [2, 0.38],
    [3, 0.12],
  ],
  multi_family: [
    [4, 0.3],
    [6, 0.4],
    [8, 0.3],
  ],
  manufactured: [
    [2, 0.35],
    [3, 0.55],
    [4, 0.1],
  ],
  land: [[0, 1]],
  room: [[1, 1]],
};

/**
 * Price relative to the state median for a typical home of the type (sale) or a typical rental unit;
 * the size of the home then moves it (`price ∝ sqft^0.7`).
 */
export const TYPE_PRICE_FACTOR: Record<SyntheticPropertyType, number> = {
  house: 1,
  condo: 0.75,
  townhouse: 0.85,
  apartment: 0.9,
  multi_family: 1.6,
  manufactured: 0.45,
  land: 0.2,
  room: 0.5,
};

/** Spread of prices around the local median (sigma of the log): sales vary more than rents. */
export const PRICE_SIGMA = { sale: 0.45, rental: 0.3 } as const;

/** The floor area a home of that type and bedroom count typically has (ft²). */
export function typicalSqft(type: SyntheticPropertyType, bedrooms: number): number {
  if (type === 'room') return 180;
  if (type === 'multi_family') return 700 * bedrooms;
  const perBedroom = type === 'house' ? 550 : type === 'manufactured' ? 450 : 480;
  return 450 + perBedroom * Math.max(bedrooms, 0.6);
}
