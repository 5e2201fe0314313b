import type { ParamMap } from '@angular/router';
import { isIsoDate } from '@cdlp/shared';

/**
 * How one value of a list page's state is read from the URL. Anything unexpected in the address
 * (a hand-edited or outdated link) falls back to a default instead of reaching the API.
 */
export interface QueryParam<T> {
  /** Name in the URL when it differs from the key of the query (the French "annee", "vue"). */
  readonly urlKey?: string;
  parse(raw: string | null): T;
}

/** The parameters of a list page: one QueryParam per key of its query. */
export type QuerySchema<Q> = { readonly [K in keyof Q]: QueryParam<Q[K]> };

/** The query a schema reads. */
export type QueryOf<S> = { [K in keyof S]: S[K] extends QueryParam<infer T> ? T : never };

/** Free text; absent means empty. */
export function textParam(): QueryParam<string> {
  return { parse: (raw) => raw ?? '' };
}

/** One of a fixed list of values, or the fallback. */
export function oneOfParam<T extends string>(values: readonly T[], fallback: T): QueryParam<T> {
  return {
    parse: (raw) => (raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : fallback),
  };
}

/** One of a fixed list of values, or '' (no filter). */
export function optionalOneOfParam<T extends string>(values: readonly T[]): QueryParam<T | ''> {
  return oneOfParam<T | ''>(values, '');
}

/** A YYYY-MM-DD day, or '' (no filter). */
export function dayParam(): QueryParam<string> {
  return { parse: (raw) => (raw !== null && isIsoDate(raw) ? raw : '') };
}

/** A whole number of at most `digits` digits and at most `max`, or null (no filter). */
export function countParam(digits: number, max = Number.MAX_SAFE_INTEGER): QueryParam<number | null> {
  const pattern = new RegExp(`^\\d{1,${digits}}$`);
  return { parse: (raw) => (raw !== null && pattern.test(raw) && Number(raw) <= max ? Number(raw) : null) };
}

/** A whole number between min and max, or the fallback (computed when read: "this year"). */
export function intParam(min: number, max: number, fallback: () => number): QueryParam<number> {
  return {
    parse: (raw) => {
      const n = Number(raw);
      return raw !== null && Number.isInteger(n) && n >= min && n <= max ? n : fallback();
    },
  };
}

/** The page number: a positive whole number, 1 otherwise. */
export function pageParam(): QueryParam<number> {
  return {
    parse: (raw) => {
      const n = Number(raw);
      return Number.isInteger(n) && n > 0 ? n : 1;
    },
  };
}

export type SortOrder = 'asc' | 'desc';

export function orderParam(fallback: SortOrder): QueryParam<SortOrder> {
  return oneOfParam<SortOrder>(['asc', 'desc'], fallback);
}

/** Gives a parameter another name in the URL. */
export function inUrlAs<T>(urlKey: string, param: QueryParam<T>): QueryParam<T> {
  return { ...param, urlKey };
}

export function urlKeyOf<Q>(schema: QuerySchema<Q>, key: keyof Q): string {
  return schema[key].urlKey ?? String(key);
}

/** Reads a query from the URL, keys in the order of the schema (the order of the API's parameters). */
export function parseQuery<Q>(schema: QuerySchema<Q>, params: ParamMap): Q {
  const query = {} as Q;
  for (const key of Object.keys(schema) as (keyof Q)[]) {
    query[key] = schema[key].parse(params.get(urlKeyOf(schema, key)));
  }
  return query;
}
