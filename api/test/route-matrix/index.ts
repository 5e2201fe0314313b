import type { RouteEntry } from './types';
import { ACCOUNT_ROUTES } from './routes-accounts';
import { PSP_ROUTES } from './routes-psp';
import { SITTING_ROUTES } from './routes-sittings';
import { DECISION_AND_STRATEGY_ROUTES } from './routes-strategy';
import { ADMIN_ROUTES } from './routes-admin';

/**
 * The route table of the api, shared by the authorisation matrix (every route as every
 * role) and by the TENANT-1 suite (every route as every role of one département, aimed at
 * the other département's data). A route missing from this table fails both suites, so
 * that a new endpoint cannot ship without a declared and tested permission and isolation.
 */

export * from './types';
export { certificateForm, uniqueEmail } from './bodies';
export * from './context';

/** Every route of the api, in the order of the table's parts (one file a feature). */
export const ROUTE_MATRIX: Record<string, RouteEntry> = {
  ...ACCOUNT_ROUTES,
  ...PSP_ROUTES,
  ...SITTING_ROUTES,
  ...DECISION_AND_STRATEGY_ROUTES,
  ...ADMIN_ROUTES,
};
