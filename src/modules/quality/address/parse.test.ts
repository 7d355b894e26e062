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

  it('gives no canonical form to text without a house number or PO box', () => {
    expect(parseUsAddress('Main Street').canonical).toBeNull();
    expect(parseUsAddress('').canonical).toBeNull();
    expect(parseUsAddress(',,, ###').canonical).toBeNull();
  });
});
