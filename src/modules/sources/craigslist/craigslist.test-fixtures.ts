import { readdirSync, readFileSync } from 'node:fs';

/** Test data only: the project's Craigslist fixtures (real formats, contact data made fictional). */
const ROOT = new URL('../../../../fixtures/craigslist/', import.meta.url);

/** The text of a file under fixtures/craigslist/ (e.g. "corpus/postings/x.html"). */
export function fixture(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** The file names in a folder under fixtures/craigslist/. */
export function fixtureNames(folder: string): string[] {
  return readdirSync(new URL(`${folder}/`, ROOT)).sort();
}
