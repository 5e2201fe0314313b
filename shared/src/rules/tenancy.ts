/**
 * TENANT-1: one national instance serves every département; each département's data is
 * visible only in its own scope. National accounts work in the national scope, which
 * holds no département's data.
 */
export const NATIONAL_SCOPE = 'NAT';

/** A French département code: 01–95, 2A, 2B, or an overseas 971–976. */
export function isDepartementCode(value: unknown): value is string {
  return typeof value === 'string' && /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$/.test(value);
}
