import { Permission, ROLES, Role, hasPermission, isNationalRole } from '@cdlp/shared';
import type { TestApp, TestClient } from '../test-app';

/** The roles that belong to a département (TENANT-1). */
export type DepartementRole = Exclude<Role, 'SUPERVISOR' | 'NATIONAL_ADMIN'>;
export const DEPARTEMENT_ROLES = ROLES.filter((r): r is DepartementRole => !isNationalRole(r));

/** What the requests of the table need: resources of one département, built by `buildRouteContext`. */
export interface RouteCtx {
  departement: string;
  app: TestApp;
  /** A fresh session of one of the département's demo accounts. */
  login(role: DepartementRole): Promise<TestClient>;
  secretariat: TestClient;
  memberId: string;
  associationId: string;
  userId: string;
  userEmail: string;
  requestId: string;
  submittedRequestId: string;
  documentId: string;
  pathwayId: string;
  checklistDay: number;
  newDraft(): Promise<string>;
  newDocument(): Promise<string>;
  newSitting(convened?: boolean): Promise<string>;
  convenedSittingId: string;
  convenedItemId: string;
  agendaDocumentId: string;
  memberMemberId: string;
  completeRequestIds: string[];
  outboxMessageId: string;
  strategyId: string;
  manualIndicatorKey: string;
  actionKey: string;
  /** A signed document of the département (SIG-1). */
  signedDocumentId: string;
  /** A live session of the département's secretariat. */
  sessionId: string;
}

export type RouteRequest = { path: string; body?: unknown };

/**
 * TENANT-1: how a route reaches a département's data.
 * - `path-id`: the path names a resource; aimed at the other département's, it answers 403 or 404.
 * - `body-id`: the body names another resource (an association, requests); aimed at the
 *   other département's, it is refused (400 naming the field, 403 or 404), never carried out.
 * - `own`: no id; it works on the caller's own département and answers only its data.
 * - `national`: a national route, which no département's role may call.
 * Without `tenant`, a route with `{` in its path is `path-id`, one that no département role
 * may call is `national`, any other is `own`: a new route is always covered one way or another.
 */
export type TenantAddressing = 'path-id' | 'body-id' | 'own' | 'national';

export interface RouteEntry {
  access: 'public' | Permission;
  /** Builds a valid request; called once per allowed caller. */
  request: (ctx: RouteCtx, role: Role | 'ANON') => Promise<RouteRequest> | RouteRequest;
  /** A logout or similar call that ends the caller's session: use a fresh session each time. */
  freshSession?: boolean;
  /** Status expected from an allowed caller when it is not a plain 2xx. */
  allowedStatus?: number[];
  /** A server-sent events stream: only the status line is read. */
  stream?: boolean;
  tenant?: TenantAddressing;
  /**
   * TENANT-1: the request aimed at the other département's resource, when `request` built
   * with that département's context does not name one (it uses a random id, for instance).
   */
  foreign?: (other: RouteCtx, role: DepartementRole) => Promise<RouteRequest> | RouteRequest;
}

export function tenantAddressing(route: string, entry: RouteEntry): TenantAddressing {
  if (entry.tenant) return entry.tenant;
  if (entry.access !== 'public' && !DEPARTEMENT_ROLES.some((r) => hasPermission(r, entry.access as Permission))) return 'national';
  return route.includes('{') ? 'path-id' : 'own';
}
