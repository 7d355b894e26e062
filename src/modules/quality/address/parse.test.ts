import { describe, expect, it } from 'vitest';
import { parseUsAddress } from './parse.js';
import type { AddressComponents } from './types.js';

const CASES: [string, Partial<AddressComponents>][] = [
  // Unit designators (Publication 28, Appendix C2), spelled out, abbreviated, `#`, glued, after the city comma.
  [
    '500 W Madison St Suite 1200, Chicago, IL 60661',
    { suffix: 'ST', unit_type: 'STE', unit: '1200', city: 'CHICAGO' },
  ],
  ['12 Elm Ave Apartment 3B Boston MA 02108', { unit_type: 'APT', unit: '3B', city: 'BOSTON', zip: '02108' }],
  ['77 Oak Ln #5, Austin, TX 78701', { street: 'OAK', suffix: 'LN', unit_type: '#', unit: '5' }],
  ['401 SW Water Street, Unit508', { predirectional: 'SW', unit_type: 'UNIT', unit: '508' }],
  ['10 W 35th St 15th Floor', { street: '35TH', suffix: 'ST', unit_type: 'FL', unit: '15TH' }],
  ['88 Pine St Rear', { suffix: 'ST', unit_type: 'REAR', unit: null }],
  ['123 Main St Apt#4, Springfield, IL 62704', { suffix: 'ST', unit_type: 'APT', unit: '4' }],
  // `Lower Level`: a designator without identifier naming the level, as `Second Floor` names the floor.
  ['45 N Broadway Lower Level, Yonkers NY', { street: 'BROADWAY', unit_type: 'LEVEL', unit: 'LOWER' }],
  // Fractional and lettered house numbers.
  ['123 1/2 Main St', { number: '123 1/2', street: 'MAIN', suffix: 'ST' }],
  [
    '4922 B South Cornell Avenue',
    { number: '4922 B', predirectional: 'S', street: 'CORNELL', suffix: 'AVE' },
  ],
  // Highways and routes: the type word comes before the number and is part of the name.
  [
    '1005 State Highway 116 Sebastopol CA 95472',
    { street: 'STATE HIGHWAY 116', suffix: null, city: 'SEBASTOPOL' },
  ],
  ['133 County Road KK, Amherst, WI 54406', { street: 'COUNTY ROAD KK', suffix: null, city: 'AMHERST' }],
  ['3474 Scenic Hwy 98', { street: 'SCENIC HWY 98', suffix: null }],
  ['9912 S. Avenue H', { predirectional: 'S', street: 'AVENUE H', suffix: null }],
  // PO boxes.
  ['P.O. Box 11418', { street: 'PO BOX 11418', number: null, zip: null }],
  ['PO Box 250, Quincy, IL 62306', { street: 'PO BOX 250', city: 'QUINCY', state: 'IL', zip: '62306' }],
  ['Post Office Box 40177', { street: 'PO BOX 40177' }],
  // Directionals that are the street name, and postdirectionals.
  ['100 N St', { predirectional: null, street: 'N', suffix: 'ST' }],
  [
    '1800 M Street, NW, Washington, DC 20036',
    { street: 'M', suffix: 'ST', postdirectional: 'NW', city: 'WASHINGTON' },
  ],
  ['3555 68th Street Southeast', { street: '68TH', suffix: 'ST', postdirectional: 'SE' }],
  ['5500 N. St. Louis', { predirectional: 'N', street: 'ST LOUIS', suffix: null }],
  // ZIP+4, with and without the hyphen.
  ['1 Main St, Springfield, IL 62704-1234', { zip: '62704', zip4: '1234' }],
  ['1 Main St Springfield IL 627041234', { zip: '62704', zip4: '1234', city: 'SPRINGFIELD' }],
  [
    '1 Main St, North Bend, Oregon, 97045 4321',
    { city: 'NORTH BEND', state: 'OR', zip: '97045', zip4: '4321' },
  ],
  ['1750 Tysons Blvd Fourth Fl', { suffix: 'BLVD', unit_type: 'FL', unit: 'FOURTH', state: null }],
  ['1180 Peachtree Street, NE', { suffix: 'ST', postdirectional: 'NE', state: null }],
  ['# 2 Turner Rd', { number: '# 2', street: 'TURNER', suffix: 'RD' }],
  ['W210 N16570 Glencoe Ln, Jackson, WI 53037', { number: 'W210 N16570', street: 'GLENCOE', suffix: 'LN' }],
  // Missing city, missing state, city without commas found in the gazetteer.
  ['400 South La Salle Street, 60605', { street: 'LA SALLE', city: null, state: null, zip: '60605' }],
  ['2820 N. Greenview Unit 1', { street: 'GREENVIEW', unit_type: 'UNIT', unit: '1', city: null }],
  ['115 Broadway San Francisco CA', { street: 'BROADWAY', suffix: null, city: 'SAN FRANCISCO', state: 'CA' }],
  ['800 N. Lindberg St. Louis MO 63167', { street: 'LINDBERG', suffix: null, city: 'ST LOUIS', state: 'MO' }],
  ['1275 Cromwell Ave Rocky Hill CT', { suffix: 'AVE', city: 'ROCKY HILL', state: 'CT' }],
  ['42 Cedar Crest Ct.', { street: 'CEDAR CREST', suffix: 'CT', state: null }],
  // Routes: a number sign or `No.` inside the name, letter-and-number routes, the city after the number.
  ['3904 Route # A, Arlington, VT 05250', { street: 'ROUTE # A', unit_type: null, unit: null }],
  [
    '1101 U.S. Highway No. 130 North, Burlington, NJ 08016',
    { street: 'US HIGHWAY NO 130', postdirectional: 'N', unit: null, city: 'BURLINGTON' },
  ],
  ['11745 I 10 W', { street: 'I 10', postdirectional: 'W', unit: null }],
  ['4715 F 41 Oscoda, MI 48750', { street: 'F 41', unit: null, city: 'OSCODA' }],
  ['1500 Highway 17 Surfside Beach SC', { street: 'HIGHWAY 17', suffix: null, city: 'SURFSIDE BEACH' }],
  ['12 Cleveland Road # 26, Cleveland OH', { street: 'CLEVELAND', suffix: 'RD', unit_type: '#', unit: '26' }],
  // Name words that look like types or directionals.
  ['1600B Alameda de la Pulga, San Francisco CA', { street: 'ALAMEDA DE LA PULGA', suffix: null }],
  ['550 West Side Pl SW Cedar Rapids IA 52404', { predirectional: null, street: 'WEST SIDE', suffix: 'PL' }],
  ['224 Midway Medical Park Bristol TN 37620', { street: 'MIDWAY MEDICAL', suffix: 'PARK', city: 'BRISTOL' }],
  ['6330 S Stony Island', { street: 'STONY ISLAND', suffix: null }],
  // Units: a bare id with a directional, a second id, a short code, units before a PO box.
  ['1024 Randolph 1 N Oak Park IL 60302', { unit: '1 N', city: 'OAK PARK' }],
  [
    '616 Corporate Way Suite 2 3665 Valley Cottage NY 10989',
    { unit_type: 'STE', unit: '2 3665', city: 'VALLEY COTTAGE' },
  ],
  ['1100 N Dearborn # 403 Rm 306 Chicago IL 60610', { unit_type: 'RM', unit: '403 306', city: 'CHICAGO' }],
  [
    '100 Main Street Bldg 2, Fl 3, Springfield IL',
    { unit_type: 'BLDG', unit: '2 FL 3', city: 'SPRINGFIELD' },
  ],
  ['4315 Webster Avenue LH', { suffix: 'AVE', unit: 'LH', city: null }],
  ['1260 Arrow Highway Blg E Upland CA 91786', { unit_type: 'BLDG', unit: 'E', city: 'UPLAND' }],
  [
    '1950 N Stemmons Freeway, Ste 5010 Lockbox 848104 Dallas TX 75207',
    { street: 'PO BOX 848104', number: null, unit_type: 'STE', unit: '5010', city: 'DALLAS' },
  ],
  // City and state: a lone directional after a comma, the state before the city, a last word as the city.
  ['3313 Hwy. 31, W. White House TN 37188', { street: 'HWY 31', postdirectional: 'W', unit: null }],
  ['101 E Market St Unit 17771 CA Long Beach 90807-9191', { state: 'CA', city: 'LONG BEACH', zip: '90807' }],
  [
    '123 Peachtree St NE Atlanta 30303',
    { suffix: 'ST', postdirectional: 'NE', state: null, city: 'ATLANTA' },
  ],
  ['45 Elm Ct Hartford 06103', { street: 'ELM', suffix: 'CT', state: null, city: 'HARTFORD' }],
  ['5500 N. St. Louis IL 60625', { predirectional: 'N', street: 'ST LOUIS', city: null, state: 'IL' }],
  // City and street without commas or suffix: the state needs a city before it; a big city needs no state.
  ['77 Ridgeview Kentwood MI', { street: 'RIDGEVIEW', city: 'KENTWOOD', state: 'MI' }],
  ['820 Halsted Chicago', { street: 'HALSTED', city: 'CHICAGO', state: null }],
  ['88 Lexington Ave New York', { suffix: 'AVE', city: 'NEW YORK', state: null }],
  ['12 W Oak St East Portland OR', { predirectional: 'W', postdirectional: null, city: 'EAST PORTLAND' }],
  ['350 W. Hubbard St. 200, Chicago, IL 6065460610', { state: 'IL', zip: '6065460610', city: 'CHICAGO' }],
  ['W206N W16282 Marashland Dr, Jackson, WI 53037', { number: 'W206N W16282', street: 'MARASHLAND' }],
  // Rural routes and highway contracts keep their route (Publication 28, sections 24–25).
  ['RR 2 Box 45, Smalltown, KS 67000', { street: 'RR 2 BOX 45', number: null, city: 'SMALLTOWN' }],
  ['Highway Contract 68 Box 23A', { street: 'HC 68 BOX 23A' }],
  ['HC Route 68 Box 23A', { street: 'HC 68 BOX 23A' }],
  // Intersections: both streets in `street`, no house number.
  [
    '5th Ave & 42nd St, New York, NY',
    { number: null, street: '5TH AVE & 42ND ST', suffix: null, city: 'NEW YORK' },
  ],
  ['N Main St and W Oak Avenue Springfield IL', { street: 'N MAIN ST & W OAK AVE', city: 'SPRINGFIELD' }],
  ['Smith and Sons Rd', { street: 'SMITH AND SONS', suffix: 'RD' }],
  ['Hwy 16 And Minnesota Rd NW, Preston, MN 55965', { street: 'HWY 16 & MINNESOTA RD NW', city: 'PRESTON' }],
  // A name with `&` before a street address is not a corner.
  ["Tag's Flowers & Gifts LLC 204 Gault Ave N Fort Payne AL 35968", { city: 'FORT PAYNE', suffix: 'AVE' }],
  // A city found in the gazetteer is not replaced by leftovers; `2nd Floor` after a unit joins it.
  ['123 Main St Apt 4 2nd Floor Chicago IL', { unit_type: 'APT', unit: '4 FL 2ND', city: 'CHICAGO' }],
  // An identifier with no designator between the street and a known city is the unit.
  [
    '20 5th Street, AF 12 Augusta GA 30901',
    { suffix: 'ST', unit_type: null, unit: 'AF 12', city: 'AUGUSTA' },
  ],
  // A two-letter directional written in two words; `No` after a suffix is North.
  [
    '400 Cherry St N E Grand Rapids MI 49503',
    { suffix: 'ST', postdirectional: 'NE', city: 'GRAND RAPIDS', state: 'MI' },
  ],
  ['12 Pine Ave., S. W. # 2 Atlanta, GA 30310', { postdirectional: 'SW', unit_type: '#', unit: '2' }],
  ['1200 4th Ave No St Petersburg FL 33705', { suffix: 'AVE', postdirectional: 'N', city: 'ST PETERSBURG' }],
  ['1200 4th Ave No 5', { suffix: 'AVE', postdirectional: null, unit: 'NO 5' }],
  // The state written twice.
  ['9 Elm St, Memphis TN, TN 38103', { city: 'MEMPHIS', state: 'TN', zip: '38103' }],
  // Box variants: `PO` with no box word, `Lockbox No`, `LB #`, military boxes (Publication 28, 225).
  ['12 Oak St, PO 55', { street: 'PO BOX 55', number: null, city: null }],
  ['Lockbox No 774193 Chicago IL 60677', { street: 'PO BOX 774193', city: 'CHICAGO' }],
  ['1950 Elm Fwy Ste 5 LB # 842467 Dallas TX', { street: 'PO BOX 842467', unit_type: 'STE', unit: '5' }],
  ['PSC 802 Box 74', { street: 'PSC 802 BOX 74', number: null }],
  // Remittance addresses: of two boxes the post office's is the box; lockbox, file, mail code are units.
  ['Lockbox 12 PO Box 900 Boston MA 02205', { street: 'PO BOX 900', unit_type: 'LOCKBOX', unit: '12' }],
  ['PO Box 77 Box # 5 Tampa FL', { street: 'PO BOX 77', unit_type: 'BOX', unit: '5', city: 'TAMPA' }],
  ['PO Box 300 Mail Code 42 Dallas TX', { street: 'PO BOX 300', unit_type: 'MAIL CODE', unit: '42' }],
  ['Ref No 998 PO Box 41 Erie PA', { street: 'PO BOX 41', unit_type: 'REF NO', unit: '998' }],
  ['123 Box Elder Rd', { number: '123', street: 'BOX ELDER', suffix: 'RD', unit_type: null }],
];

describe('parseUsAddress', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(parseUsAddress(text).components).toMatchObject(expected);
  });

  it('writes the canonical one-line USPS form', () => {
    expect(parseUsAddress('123 north main street apt. 4, Springfield, Illinois 62704-1234').canonical).toBe(
      '123 N MAIN ST APT 4, SPRINGFIELD, IL 62704-1234',
    );
    expect(parseUsAddress('77 Oak Ln #5').canonical).toBe('77 OAK LN #5');
  });

  it('writes rural-route boxes as delivery lines and gives corners no canonical form', () => {
    expect(parseUsAddress('Rural Route 2 Box 45, Smalltown, KS 67000').canonical).toBe(
      'RR 2 BOX 45, SMALLTOWN, KS 67000',
    );
    expect(parseUsAddress('5th Ave & 42nd St, New York, NY').canonical).toBeNull();
  });

  it('gives no canonical form to text without a house number or PO box', () => {
    expect(parseUsAddress('Main Street').canonical).toBeNull();
    expect(parseUsAddress('').canonical).toBeNull();
    expect(parseUsAddress(',,, ###').canonical).toBeNull();
  });
});
