import { HttpParams } from '@angular/common/http';

/** Query parameters without the empty ones (undefined, null, ''). */
export function queryParams(
  values: Record<string, string | number | boolean | null | undefined>,
): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
