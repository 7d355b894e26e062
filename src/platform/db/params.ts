/**
 * Numbered parameters collected while building a statement from fragments: each fragment adds its values
 * and gets their placeholders, so fragments from several modules compose into one statement.
 */
export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder (`$3`), cast when a type is given. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
