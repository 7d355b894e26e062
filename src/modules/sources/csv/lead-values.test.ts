import { describe, expect, it } from 'vitest';
import { recogniseHeader, recogniseQuestion } from './lead-fields.js';
import {
  readArea,
  readCoordinate,
  readDate,
  readListingType,
  readNumber,
  readPhone,
  readPrice,
  readPropertyType,
  readRoomCount,
  readState,
  readZip,
} from './lead-values.js';

const value = <T>(r: { ok: true; value: T | null } | { ok: false; reason: string }) =>
  r.ok ? r.value : r.reason;

describe('cell readers', () => {
  it.each([
    ['$350,000', 350000],
    ['350000', 350000],
    ['1,234.50', 1234.5],
    ['350k', 350000],
    ['$1.2M', 1200000],
    ['415000 USD', 415000],
    ['12,34', null],
    ['call me', null],
    ['', null],
  ])('readNumber(%j) = %j', (raw, expected) => {
    expect(readNumber(raw)).toBe(expected);
  });

  it.each([
    ['$1,800/mo', 1800],
    ['0', null],
    ['-5', 'price is negative: "-5"'],
    ['ask', 'price is not a number: "ask"'],
  ])('readPrice(%j)', (raw, expected) => {
    expect(value(readPrice(raw))).toBe(expected);
  });

  it.each([
    ['3', 'bedrooms', 3],
    ['Studio', 'bedrooms', 0],
    ['2.5 baths', 'bathrooms', 2.5],
    ['two', 'bedrooms', 'bedrooms is not a number: "two"'],
    ['300', 'bedrooms', 'bedrooms out of range (0-100): "300"'],
  ] as const)('readRoomCount(%j, %s)', (raw, what, expected) => {
    expect(value(readRoomCount(raw, what))).toBe(expected);
  });

  it.each([
    ['1,850 sq ft', 'sqft', 1850],
    ['0.25 acres', 'lot_sqft', 10890],
    ['0', 'sqft', null],
    ['big', 'sqft', 'sqft is not a number: "big"'],
  ] as const)('readArea(%j, %s)', (raw, what, expected) => {
    expect(value(readArea(raw, what))).toBe(expected);
  });

  it.each([
    ['Single Family', 'house'],
    ['Condominium', 'condo'],
    ['duplex', 'multi_family'],
    ['Mobile Home', 'manufactured'],
    ['Vacant lot', 'land'],
    ['Houseboat', 'other'],
  ])('readPropertyType(%j) = %s', (raw, expected) => {
    expect(value(readPropertyType(raw))).toBe(expected);
  });

  it.each([
    ['fsbo_sale', 'fsbo_sale'],
    ['Owner Rental', 'owner_rental'],
    ['agent listing', null],
  ])('readListingType(%j) = %j', (raw, expected) => {
    expect(readListingType(raw)).toBe(expected);
  });

  it.each([
    ['ca', 'CA'],
    ['Illinois', 'IL'],
    ['British Columbia', 'BC'],
    ['XX', 'state is not a two-letter state code: "XX"'],
    ['Calif', 'state is not a two-letter state code: "Calif"'],
  ])('readState(%j)', (raw, expected) => {
    expect(value(readState(raw))).toBe(expected);
  });

  it.each([
    ['02134', '02134'],
    ['021341234', '02134-1234'],
    ['v6b 1a1', 'V6B 1A1'],
    ['2134', 'zip has 4 digits (a leading zero lost by a spreadsheet?)'],
    ['ABCDE', 'zip is not a ZIP code: "ABCDE"'],
  ])('readZip(%j)', (raw, expected) => {
    expect(value(readZip(raw))).toBe(expected);
  });

  it.each([
    ['37.7599', 'latitude', 37.7599],
    ['-122.4148', 'longitude', -122.4148],
    ['95.5', 'latitude', 'latitude out of range (-90 to 90): "95.5"'],
    ['181', 'longitude', 'longitude out of range (-180 to 180): "181"'],
    ['north', 'latitude', 'latitude is not a number: "north"'],
  ] as const)('readCoordinate(%j, %s)', (raw, what, expected) => {
    expect(value(readCoordinate(raw, what))).toBe(expected);
  });

  it.each([
    ['2024-03-12', '2024-03-12'],
    ['2015-02-28T08:49:14+0000', '2015-02-28T08:49:14.000Z'],
    ['2024-03-12T10:00-05:00', '2024-03-12T15:00:00.000Z'],
    ['2024-03-12 10:30', '2024-03-12T10:30:00'],
    ['3/12/2024', '2024-03-12'],
    ['12 Mar 2024', '2024-03-12'],
    ['7-Feb-22', '2022-02-07'],
    ['March 12, 2024', '2024-03-12'],
    ['Sept 1, 2023', '2023-09-01'],
    ['2023-02-30', 'date is not a date: "2023-02-30"'],
    ['13/01/2024', 'date is not a date: "13/01/2024"'],
    ['12 Foo 2024', 'date is not a date: "12 Foo 2024"'],
  ])('readDate(%j)', (raw, expected) => {
    expect(value(readDate(raw))).toBe(expected);
  });

  it.each([
    ['(312) 555-0101', '(312) 555-0101'],
    ['312-555-0101 ext 22', '312-555-0101 ext 22'],
    ['555-01', 'phone has 5 digits: "555-01"'],
  ])('readPhone(%j)', (raw, expected) => {
    expect(value(readPhone(raw))).toBe(expected);
  });
});

describe('header and question recognition', () => {
  it.each([
    ['Owner Name', 'contact_name'],
    ['Property Address', 'address_line'],
    ['Zip Code', 'zip'],
    ['Asking Price', 'price'],
    ['Beds', 'bedrooms'],
    ['Baths', 'bathrooms'],
    ['Sq Ft', 'sqft'],
    ['Sq. Ft.', 'sqft'],
    ['PHONE 2', 'phone'],
    ['Mailing Address', null],
    ['First Name', null],
  ])('recogniseHeader(%j) = %j', (header, field) => {
    expect(recogniseHeader(header)).toBe(field);
  });

  it.each([
    ['asking_price', 'price'],
    ['What is your asking price?', 'price'],
    ['property_type', 'property_type'],
    ['What type of property is it?', 'property_type'],
    ['bedrooms', 'bedrooms'],
    ['How many bedrooms does it have?', 'bedrooms'],
    ['timeline', 'timeline'],
    ['when_do_you_want_to_sell', 'timeline'],
    ['car_make', null],
  ])('recogniseQuestion(%j) = %j', (label, target) => {
    expect(recogniseQuestion(label)).toBe(target);
  });
});
