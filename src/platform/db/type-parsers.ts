/**
 * Both backends parse values the same way so that code never sees a backend difference: bigint counts and
 * numeric amounts come back as JS numbers (every bigint we store is far below 2^53; numerics are prices
 * and scores with a few decimals).
 */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

export function parseNumber(value: string): number {
  return Number(value);
}
