import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { splitOneLineAddress } from './schema-org.address.js';
import { buildGraph, reachable } from './schema-org.graph.js';
import { floorSizeSqft, isoDate, propertyTypeOf } from './schema-org.values.js';
import { readMicrodata } from './structured-data.read.js';

const $ = (html: string) => load(html, { xml: { xmlMode: false, decodeEntities: true } });

describe('readMicrodata', () => {
  it('reads nested items, meta/link/img/time values, multiple names and repeated properties', () => {
    const items = readMicrodata(
      $(`<div itemscope itemtype="https://schema.org/House" itemid="#h">
           <span itemprop="name description">Small &amp; sweet</span>
           <img itemprop="image" src="/a.jpg"><img itemprop="image" src="b.jpg">
           <meta itemprop="numberOfBedrooms" content="2">
           <link itemprop="url" href="/h/1">
           <time itemprop="datePosted" datetime="2024-01-05">Jan 5</time>
           <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
             <span itemprop="postalCode">02139</span>
           </div>
         </div>`),
      'https://example.com/dir/page',
    );
    expect(items).toEqual([
      {
        '@type': 'https://schema.org/House',
        '@id': '#h',
        name: 'Small & sweet',
        description: 'Small & sweet',
        image: ['https://example.com/a.jpg', 'https://example.com/dir/b.jpg'],
        numberOfBedrooms: '2',
        url: 'https://example.com/h/1',
        datePosted: '2024-01-05',
        address: { '@type': 'https://schema.org/PostalAddress', postalCode: '02139' },
      },
    ]);
  });

  it('follows itemref and keeps a nested item out of the outer one', () => {
    const items = readMicrodata(
      $(`<div itemscope itemtype="https://schema.org/Offer" itemref="p"></div>
         <p id="p"><span itemprop="price" content="100">$100</span></p>
         <div itemscope itemtype="https://schema.org/Person"><span itemprop="name">A</span></div>`),
      null,
    );
    expect(items).toEqual([
      { '@type': 'https://schema.org/Offer', price: '100' },
      { '@type': 'https://schema.org/Person', name: 'A' },
    ]);
  });
});

describe('schema.org graph', () => {
  it('resolves @id references and does not cross into the seller', () => {
    const graph = buildGraph([
      {
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'RealEstateListing', '@id': '#l', offers: { '@id': '#o' } },
          { '@type': 'Offer', '@id': '#o', 'schema:price': 5, seller: { '@id': '#s' } },
          { '@type': 'Person', '@id': '#s', address: { '@type': 'PostalAddress' } },
        ],
      },
    ]);
    const found = reachable(graph.byId.get('#l')!, graph).map((n) => n['@type']);
    expect(found).toEqual(['RealEstateListing', 'Offer']);
    expect(graph.byId.get('#o')!.price).toBe(5);
  });
});

describe('schema.org value helpers', () => {
  it.each([
    ['2024-03-12', '2024-03-12T00:00:00.000Z'],
    ['2024-03-20T08:15:00-05:00', '2024-03-20T13:15:00.000Z'],
    ['2022-06-27T10:07:49-0400', '2022-06-27T14:07:49.000Z'],
    ['2024-03-20T08:15:00Z', '2024-03-20T08:15:00.000Z'],
    ['2024-03-20T08:15:00', null],
    ['March 12', null],
    ['2024-13-40', null],
  ])('isoDate(%j) = %j', (input, expected) => {
    expect(isoDate(input)).toBe(expected);
  });

  it.each([
    [{ '@type': 'SingleFamilyResidence' }, 'house'],
    [{ '@type': 'House' }, 'house'],
    [{ '@type': 'Apartment' }, 'apartment'],
    [{ '@type': 'Apartment', accommodationCategory: 'Condominium' }, 'condo'],
    [{ '@type': 'Residence', accommodationCategory: 'Townhouse' }, 'townhouse'],
    [{ '@type': 'Accommodation', accommodationCategory: 'Duplex' }, 'multi_family'],
    [{ '@type': 'Accommodation', accommodationCategory: 'Mobile Home' }, 'manufactured'],
    [{ '@type': 'Product', category: 'Vacant Land' }, 'land'],
    [{ '@type': 'Room' }, 'room'],
    [{ '@type': 'Accommodation' }, null],
    [{ '@type': 'ApartmentComplex' }, null],
  ] as const)('propertyTypeOf(%j) = %j', (node, expected) => {
    expect(propertyTypeOf({ ...node })).toBe(expected);
  });

  it.each([
    [{ value: '1,850', unitCode: 'SQF' }, 1850],
    [{ value: 50, unitText: 'm2' }, 538],
    ['750ft2', 750],
    [{ value: 0, unitCode: 'FTK' }, null],
    ['large', null],
  ])('floorSizeSqft(%j) = %j', (input, expected) => {
    expect(floorSizeSqft(input)).toBe(expected);
  });

  it.each([
    ['1234 Example Lane, Austin, TX 78701', ['1234 Example Lane', 'Austin', 'TX', '78701']],
    ['Apt 2, 55 Example St, Denver, CO', ['Apt 2, 55 Example St', 'Denver', 'CO', null]],
  ])('splitOneLineAddress(%j)', (line, [address_line, city, state, zip]) => {
    expect(splitOneLineAddress(line)).toEqual({ address_line, city, state, zip });
  });

  it('splitOneLineAddress refuses a line it cannot split', () => {
    expect(splitOneLineAddress('Downtown Austin')).toBeNull();
  });
});
