/**
 * The numbered parameters of a hand-written statement: `add(value)` keeps the value and
 * returns its placeholder (`$1`, `$2`…), so that a query assembled from optional filters never
 * holds a value in its text, and every combination of filters is one prepared statement.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
