import { randomUUID } from 'node:crypto';
import { Permission, ROLES, Role, hasPermission, isNationalRole } from '@cdlp/shared';
import { UserEntity } from '../src/core/auth/user.entity';
import { DocumentsService } from '../src/documents/documents.service';
import { DEMO_DEPARTEMENTS } from '../src/demo/demo-data';
import { demoPdf } from '../src/demo/demo-psp';
import { createSelfSignedP12 } from '../src/core/signing/p12';
import { freeDepartementCodes } from './national-fixtures';
import { DEMO, TestApp, TestClient } from './test-app';

/**
 * The route table of the api, shared by the authorisation matrix (every route as every
 * role) and by the TENANT-1 suite (every route as every role of one département, aimed at
 * the other département's data). A route missing from this table fails both suites, so
 * that a new endpoint cannot ship without a declared and tested permission and isolation.
 */

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

export const uniqueEmail = () => `matrix-${randomUUID().slice(0, 8)}@example.fr`;

const memberBody = () => ({
  civility: 'MME',
  firstName: 'Test',
  lastName: 'Matrice',
  categoryCode: 'ETAT_SANTE',
  organisation: 'ARS',
  function: 'Chargée de mission',
  email: uniqueEmail(),
  appointingOrderRef: 'Arrêté test',
  termStart: '2026-01-01',
  votingRight: true,
  seat: 'TITULAIRE',
  appointmentKind: 'EX_OFFICIO',
});

let sittingDay = 0;
/** A policy sitting in the future, each on its own day. */
const policySitting = () => {
  sittingDay += 1;
  const d = new Date(Date.UTC(2027, 2, 1 + (sittingDay % 28), 12));
  return {
    kind: 'POLICY',
    mode: 'IN_PERSON',
    startsAtLocal: `${d.toISOString().slice(0, 10)}T14:00`,
    place: 'Préfecture',
  };
};

const associationBody = () => ({
  name: `Association ${randomUUID().slice(0, 6)}`,
  email: uniqueEmail(),
  approvalOrderRef: 'Arrêté agrément test',
  approvalStart: '2026-01-01',
  departementCodes: ['86'],
});

/** Département codes that no demo uses, one per département opened by the table's requests. */
const FREE_CODES = freeDepartementCodes();
let openedCodes = 0;

const openDepartementBody = () => {
  // The matrix and the TENANT-1 suite run in separate databases: each starts from the end
  // of the list so that national.int-spec's codes (from the start) never collide.
  const code = FREE_CODES[FREE_CODES.length - 1 - openedCodes++];
  return {
    code,
    name: `Département ${code}`,
    prefecture: 'Chef-lieu',
    mailSenderName: `CDLP ${code}`,
    secretariatEmail: uniqueEmail(),
    secretariatFirstName: 'Première',
    secretariatLastName: 'Secrétaire',
  };
};

const demoDepartementOf = (code: string) => {
  const d = DEMO_DEPARTEMENTS.find((x) => x.code === code)!;
  return { name: d.name, prefecture: d.prefecture, mailSenderName: d.mailSenderName };
};

/** SIG-1: a valid signing certificate to upload (PKCS#12 and its password). */
export const certificateForm = (subject = 'Prefet de test') => {
  const { p12, password } = createSelfSignedP12({ attributes: [{ name: 'commonName', value: subject }, { name: 'countryName', value: 'FR' }] });
  const form = new FormData();
  form.append('password', password);
  form.append('file', new Blob([p12], { type: 'application/x-pkcs12' }), 'certificat.p12');
  return form;
};

export const ROUTE_MATRIX: Record<string, RouteEntry> = {
  'GET /api/health': { access: 'public', request: () => ({ path: '/health' }) },
  'POST /api/auth/login': {
    access: 'public',
    request: () => ({ path: '/auth/login', body: { email: DEMO.member, password: 'Demo-CDLP-2026!' } }),
    // Logging in replaces the caller's cookies: keep the shared clients untouched.
    freshSession: true,
  },
  'POST /api/auth/logout': { access: Permission.AUTHENTICATED, request: () => ({ path: '/auth/logout' }), freshSession: true },
  'GET /api/auth/me': { access: Permission.AUTHENTICATED, request: () => ({ path: '/auth/me' }) },
  'POST /api/auth/password-reset/request': {
    access: 'public',
    request: () => ({ path: '/auth/password-reset/request', body: { email: 'nobody@example.fr' } }),
  },
  'POST /api/auth/password-reset': {
    access: 'public',
    // An unknown token is a validation error, never an authorisation error.
    request: () => ({ path: '/auth/password-reset', body: { token: 'unknown', newPassword: 'Un-mot-de-passe-long' } }),
    allowedStatus: [400],
  },
  'POST /api/auth/password': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: '/auth/password', body: { currentPassword: 'wrong-password', newPassword: 'Un-mot-de-passe-long' } }),
    allowedStatus: [400],
  },
  'GET /api/auth/sessions': { access: Permission.AUTHENTICATED, request: () => ({ path: '/auth/sessions' }) },
  'GET /api/auth/login-methods': { access: 'public', request: () => ({ path: '/auth/login-methods' }) },
  // Browser navigations: they answer redirects (here to the refusal page, ProConnect not being configured).
  'GET /api/auth/proconnect/login': {
    access: 'public',
    request: () => ({ path: '/auth/proconnect/login?retour=%2F' }),
    allowedStatus: [302],
  },
  'GET /api/auth/proconnect/callback': {
    access: 'public',
    request: () => ({ path: '/auth/proconnect/callback?code=x&state=y' }),
    allowedStatus: [302],
  },
  'DELETE /api/auth/sessions/{id}': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: `/auth/sessions/${randomUUID()}` }),
    foreign: (c) => ({ path: `/auth/sessions/${c.sessionId}` }),
    allowedStatus: [404],
  },
  'GET /api/registry/departement': { access: Permission.DEPARTEMENT_READ, request: () => ({ path: '/registry/departement' }) },
  'GET /api/registry/member-categories': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: '/registry/member-categories' }),
  },
  'GET /api/members': { access: Permission.MEMBERS_READ, request: () => ({ path: '/members' }) },
  'GET /api/members/{id}': { access: Permission.MEMBERS_READ, request: (c) => ({ path: `/members/${c.memberId}` }) },
  'POST /api/members': { access: Permission.MEMBERS_WRITE, request: () => ({ path: '/members', body: memberBody() }) },
  'PUT /api/members/{id}': {
    access: Permission.MEMBERS_WRITE,
    request: async (c) => {
      const r = await (await c.login('SECRETARIAT')).post<{ id: string }>('/members', memberBody());
      return { path: `/members/${r.body.id}`, body: memberBody() };
    },
  },
  'POST /api/members/{id}/end': {
    access: Permission.MEMBERS_WRITE,
    request: async (c) => {
      const r = await (await c.login('SECRETARIAT')).post<{ id: string }>('/members', memberBody());
      return { path: `/members/${r.body.id}/end`, body: { endDate: '2026-06-30', reason: 'Mutation' } };
    },
  },
  'POST /api/members/import': {
    access: Permission.MEMBERS_WRITE,
    request: () => {
      const csv =
        'civilite;prenom;nom;categorie;organisme;fonction;email;arrete;debut_mandat;droit_de_vote;siege;designation\n' +
        `MME;Alice;Import;ETAT_SANTE;ARS;Médecin;${uniqueEmail()};Arrêté 1;2026-01-01;oui;TITULAIRE;EX_OFFICIO\n`;
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'membres.csv');
      return { path: '/members/import', body: form };
    },
  },
  'GET /api/associations': { access: Permission.ASSOCIATIONS_READ, request: () => ({ path: '/associations' }) },
  'GET /api/associations/{id}': {
    access: Permission.ASSOCIATIONS_READ,
    request: (c) => ({ path: `/associations/${c.associationId}` }),
  },
  'POST /api/associations': {
    access: Permission.ASSOCIATIONS_WRITE,
    request: () => ({ path: '/associations', body: associationBody() }),
  },
  'PUT /api/associations/{id}': {
    access: Permission.ASSOCIATIONS_WRITE,
    request: (c) => ({ path: `/associations/${c.associationId}`, body: { ...associationBody(), name: 'Association Passerelles Vienne' } }),
  },
  'POST /api/associations/{id}/end': {
    access: Permission.ASSOCIATIONS_WRITE,
    request: async (c) => {
      const r = await (await c.login('SECRETARIAT')).post<{ id: string }>('/associations', associationBody());
      return { path: `/associations/${r.body.id}/end`, body: { endDate: '2026-06-30', reason: 'Dissolution' } };
    },
  },
  'GET /api/users': { access: Permission.USERS_MANAGE, request: () => ({ path: '/users' }) },
  'POST /api/users': {
    access: Permission.USERS_MANAGE,
    request: () => ({ path: '/users', body: { email: uniqueEmail(), firstName: 'A', lastName: 'B', role: 'SECRETARIAT' } }),
  },
  'PUT /api/users/{id}': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({
      path: `/users/${c.userId}`,
      body: { email: c.userEmail, firstName: 'Cible', lastName: 'Matrice', role: 'SECRETARIAT', active: true },
    }),
  },
  'POST /api/users/{id}/unlock': { access: Permission.USERS_MANAGE, request: (c) => ({ path: `/users/${c.userId}/unlock` }) },
  'POST /api/users/{id}/proconnect-invitation': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/proconnect-invitation` }),
  },
  'DELETE /api/users/{id}/proconnect-invitation': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/proconnect-invitation` }),
  },
  'POST /api/users/{id}/revoke-sessions': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/revoke-sessions` }),
  },
  'GET /api/psp-requests': { access: Permission.PSP_REQUESTS_READ, request: () => ({ path: '/psp-requests' }) },
  'POST /api/psp-requests': {
    access: Permission.PSP_REQUESTS_FILE,
    // The association named in the body belongs to the département of the context.
    tenant: 'body-id',
    request: (c) => ({ path: '/psp-requests', body: { associationId: c.associationId, dossier: { lastName: 'Test' } } }),
  },
  'GET /api/psp-requests/{id}': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}` }),
  },
  'GET /api/psp-requests/{id}/summary': {
    access: Permission.PSP_SUMMARY_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/summary` }),
    // DP-2: a member reads a summary only for a sitting it is convened to; outside it, 403.
    allowedStatus: [403],
  },
  'PUT /api/psp-requests/{id}': {
    access: Permission.PSP_REQUESTS_FILE,
    request: (c) => ({ path: `/psp-requests/${c.requestId}`, body: { dossier: { lastName: 'Test', firstName: 'Matrice' } } }),
  },
  'POST /api/psp-requests/{id}/submit': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => ({ path: `/psp-requests/${await c.newDraft()}/submit` }),
    // An empty draft cannot be submitted: the answer lists the missing fields.
    allowedStatus: [400],
  },
  'POST /api/psp-requests/{id}/withdraw': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => ({ path: `/psp-requests/${await c.newDraft()}/withdraw`, body: { reason: 'Test' } }),
  },
  'POST /api/psp-requests/{id}/nationality-waiver': {
    access: Permission.PSP_COMPLETENESS_DECIDE,
    request: (c) => ({ path: `/psp-requests/${c.submittedRequestId}/nationality-waiver`, body: { accepted: true, reason: 'Documents concordants' } }),
  },
  'POST /api/psp-requests/{id}/documents': {
    access: Permission.PSP_REQUESTS_FILE,
    request: (c) => {
      const form = new FormData();
      form.append('itemCode', 'ETAT_CIVIL');
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'acte.pdf');
      return { path: `/psp-requests/${c.requestId}/documents`, body: form };
    },
  },
  'GET /api/psp-requests/{id}/documents/{documentId}/content': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/documents/${c.documentId}/content` }),
  },
  'DELETE /api/psp-requests/{id}/documents/{documentId}': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => ({ path: `/psp-requests/${c.requestId}/documents/${await c.newDocument()}` }),
  },
  'GET /api/psp-checklist': { access: Permission.DEPARTEMENT_READ, request: () => ({ path: '/psp-checklist?kind=INITIAL' }) },
  'POST /api/psp-checklist': {
    access: Permission.PSP_CHECKLIST_MANAGE,
    request: () => ({ path: '/psp-checklist', body: { kind: 'RENEWAL', label: 'Attestation de suivi', required: false, validFrom: '2031-01-01' } }),
  },
  'PUT /api/psp-checklist/{id}': {
    access: Permission.PSP_CHECKLIST_MANAGE,
    request: async (c) => {
      const list = await c.secretariat.get<{ id: string; code: string; validTo: string | null }[]>('/psp-checklist?kind=INITIAL');
      const item = list.body.find((i) => i.code === 'SITUATION' && i.validTo === null)!;
      c.checklistDay += 1;
      const validFrom = `2030-01-${String(c.checklistDay).padStart(2, '0')}`;
      return { path: `/psp-checklist/${item.id}`, body: { label: 'Pièces sur la situation', required: true, validFrom } };
    },
  },
  'GET /api/pathways': { access: Permission.PATHWAYS_READ, request: () => ({ path: '/pathways' }) },
  'GET /api/pathways/{id}': { access: Permission.PATHWAYS_READ, request: (c) => ({ path: `/pathways/${c.pathwayId}` }) },
  'POST /api/pathways/{id}/renewals': {
    access: Permission.PSP_REQUESTS_FILE,
    request: async (c) => {
      // One renewal may be pending at a time: withdraw the previous one first.
      const page = await c.secretariat.get<{ items: { id: string; state: string; kind: string; pathwayId: string }[] }>(
        '/psp-requests?kind=RENEWAL&pageSize=100',
      );
      for (const r of page.body.items.filter((x) => x.pathwayId === c.pathwayId && x.state === 'DRAFT')) {
        await c.secretariat.post(`/psp-requests/${r.id}/withdraw`, { reason: 'Test' });
      }
      return { path: `/pathways/${c.pathwayId}/renewals`, body: { dossier: { progressReport: 'Bilan' } } };
    },
  },
  'POST /api/pathways/{id}/end': {
    access: Permission.PATHWAYS_MANAGE,
    request: (c) => ({ path: `/pathways/${c.pathwayId}/end`, body: { reason: 'COMPLETED', effectiveDate: '2030-01-01' } }),
    // The first allowed call ends the pathway; the following ones meet an ended pathway.
    allowedStatus: [409],
  },
  'PUT /api/pathways/{id}/residence-permit': {
    access: Permission.PSP_REQUESTS_FILE,
    request: (c) => ({ path: `/pathways/${c.pathwayId}/residence-permit`, body: { status: 'REQUESTED' } }),
  },
  'GET /api/sittings': { access: Permission.SITTINGS_READ, request: () => ({ path: '/sittings' }) },
  'GET /api/sittings/calendar': { access: Permission.SITTINGS_READ, request: () => ({ path: '/sittings/calendar?year=2027' }) },
  'GET /api/sittings/proposals': { access: Permission.SITTINGS_MANAGE, request: () => ({ path: '/sittings/proposals' }) },
  'POST /api/sittings/written-deliberation': {
    access: Permission.SITTINGS_MANAGE,
    // The demo's complete requests go on the first written deliberation; later calls find none left.
    request: (c) => ({ path: '/sittings/written-deliberation', body: { requestIds: c.completeRequestIds } }),
    tenant: 'body-id',
    allowedStatus: [400, 409],
  },
  'POST /api/sittings': { access: Permission.SITTINGS_MANAGE, request: () => ({ path: '/sittings', body: policySitting() }) },
  'GET /api/sittings/{id}': { access: Permission.SITTINGS_READ, request: (c) => ({ path: `/sittings/${c.convenedSittingId}` }), allowedStatus: [403] },
  'PUT /api/sittings/{id}': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}`, body: policySitting() }),
  },
  'POST /api/sittings/{id}/cancel': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}/cancel`, body: { reason: 'Test' } }),
  },
  'POST /api/sittings/{id}/agenda': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}/agenda`, body: { kind: 'POLICY', title: 'Point divers' } }),
  },
  'PUT /api/sittings/{id}/agenda/order': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => {
      const id = await c.newSitting();
      const s = await c.secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${id}`);
      return { path: `/sittings/${id}/agenda/order`, body: { itemIds: s.body.agenda.map((i) => i.id) } };
    },
  },
  'POST /api/sittings/{id}/agenda/reopen': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting(true)}/agenda/reopen` }),
  },
  'POST /api/sittings/{id}/agenda/{itemId}/remove': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => {
      const id = await c.newSitting();
      const s = await c.secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${id}`);
      return { path: `/sittings/${id}/agenda/${s.body.agenda[0].id}/remove`, body: { reason: 'Reporté' } };
    },
  },
  'POST /api/sittings/{id}/agenda/{itemId}/documents': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => {
      const id = await c.newSitting();
      const s = await c.secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${id}`);
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'note.pdf');
      return { path: `/sittings/${id}/agenda/${s.body.agenda[0].id}/documents`, body: form };
    },
  },
  'GET /api/sittings/{id}/agenda/{itemId}/documents/{documentId}': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/agenda/${c.convenedItemId}/documents/${c.agendaDocumentId}` }),
  },
  'GET /api/sittings/{id}/agenda.pdf': { access: Permission.SITTINGS_READ, request: (c) => ({ path: `/sittings/${c.convenedSittingId}/agenda.pdf` }) },
  'GET /api/sittings/{id}/calendar.ics': { access: Permission.SITTINGS_READ, request: (c) => ({ path: `/sittings/${c.convenedSittingId}/calendar.ics` }) },
  'POST /api/sittings/{id}/convocation': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting()}/convocation`, body: { urgent: false } }),
  },
  'POST /api/sittings/{id}/convocation/resend': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/resend`, body: { memberId: c.memberMemberId } }),
  },
  'GET /api/sittings/{id}/convocation/progress': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/progress` }),
  },
  'GET /api/sittings/{id}/convocation/letters': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/letters` }),
  },
  'POST /api/sittings/{id}/convocation/letters.pdf': {
    access: Permission.SITTINGS_MANAGE,
    // CONV-1: every demo member has an e-mail address, so there is no letter to produce (409).
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/convocation/letters.pdf`, body: {} }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/attendance': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/attendance`, body: { answer: 'PRESENT', memberId: c.memberMemberId } }),
    // The president's own member record answers for itself; the member answers for itself.
    allowedStatus: [403],
  },
  'POST /api/sittings/{id}/register': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/register`, body: { memberId: c.memberMemberId, presence: 'PRESENT' } }),
  },
  'POST /api/sittings/{id}/open': {
    access: Permission.SITTINGS_CHAIR,
    request: async (c) => ({ path: `/sittings/${await c.newSitting(true)}/open` }),
    // The test sittings are in the future: opening before the day is refused (409), not forbidden.
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/close': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/close` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/second-convocation': {
    access: Permission.SITTINGS_MANAGE,
    request: async (c) => ({ path: `/sittings/${await c.newSitting(true)}/second-convocation`, body: { startsAtLocal: '2027-04-20T10:00' } }),
  },
  'GET /api/sittings/{id}/events': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/events` }),
    allowedStatus: [403],
    stream: true,
  },
  'GET /api/sittings/{id}/deliberation': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/deliberation` }),
  },
  'PUT /api/sittings/{id}/chair': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/chair`, body: { memberId: c.memberMemberId, delegation: 'Par délégation' } }),
  },
  // The votes below need an open sitting: the convened test sitting answers 409, which is not an authorisation error.
  'POST /api/sittings/{id}/items/{itemId}/vote/open': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/vote/open` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/vote/close': {
    access: Permission.SITTINGS_CHAIR,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/vote/close` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/vote/remind': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/vote/remind` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/ballots': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({
      path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/ballots`,
      body: { choice: 'FAVOURABLE', capacity: 'OWN', clientKey: 'matrix-ballot-key' },
    }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/interests': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/interests`, body: { reason: 'Lien personnel' } }),
  },
  'POST /api/sittings/{id}/items/{itemId}/dissent': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/dissent`, body: { text: 'Désaccord' } }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/items/{itemId}/physical-request': {
    access: Permission.SITTINGS_ANSWER,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/physical-request`, body: { reason: 'Besoin de débat' } }),
    allowedStatus: [409],
  },
  'PUT /api/sittings/{id}/items/{itemId}/notes': {
    access: Permission.SITTINGS_MANAGE,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/items/${c.convenedItemId}/notes`, body: { summary: 'Synthèse' } }),
  },
  'POST /api/sittings/{id}/comments': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/comments`, body: { body: 'Commentaire' } }),
    allowedStatus: [409],
  },
  // Minutes exist once a sitting is closed; on the convened test sitting the allowed callers get 409.
  'GET /api/sittings/{id}/minutes': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/minutes': {
    access: Permission.MINUTES_EDIT,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes` }),
    allowedStatus: [409],
  },
  'PUT /api/sittings/{id}/minutes': {
    access: Permission.MINUTES_EDIT,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes`, body: { introduction: 'Introduction' } }),
    allowedStatus: [409],
  },
  'GET /api/sittings/{id}/minutes/draft.pdf': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/draft.pdf` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/minutes/sign': {
    access: Permission.DOCUMENTS_SIGN,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/sign` }),
    allowedStatus: [409],
  },
  'POST /api/sittings/{id}/minutes/new-version': {
    access: Permission.MINUTES_EDIT,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/new-version` }),
    allowedStatus: [409],
  },
  'GET /api/sittings/{id}/minutes/documents': {
    access: Permission.SITTINGS_READ,
    request: (c) => ({ path: `/sittings/${c.convenedSittingId}/minutes/documents` }),
  },
  'GET /api/psp-requests/{id}/decision': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision` }),
  },
  'PUT /api/psp-requests/{id}/decision': {
    access: Permission.DECISIONS_PREPARE,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision`, body: { kind: 'REFUSED', reasons: 'Motifs' } }),
    // The draft request has no opinion yet: 409, not an authorisation error.
    allowedStatus: [409],
  },
  'GET /api/psp-requests/{id}/decision/draft.pdf': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision/draft.pdf` }),
    allowedStatus: [409],
  },
  'POST /api/psp-requests/{id}/decision/sign': {
    access: Permission.DOCUMENTS_SIGN,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision/sign` }),
    allowedStatus: [409],
  },
  'GET /api/psp-requests/{id}/decision/documents': {
    access: Permission.PSP_REQUESTS_READ,
    request: (c) => ({ path: `/psp-requests/${c.requestId}/decision/documents` }),
  },
  'POST /api/documents/verify': {
    access: Permission.AUTHENTICATED,
    request: () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'doc.pdf');
      return { path: '/documents/verify', body: form };
    },
  },
  'GET /api/documents/{id}/content': {
    access: Permission.DEPARTEMENT_READ,
    request: () => ({ path: `/documents/${randomUUID()}/content` }),
    foreign: (c) => ({ path: `/documents/${c.signedDocumentId}/content` }),
    allowedStatus: [404],
  },
  'GET /api/strategy/reference': { access: Permission.STRATEGY_READ, request: () => ({ path: '/strategy/reference' }) },
  'GET /api/statistics/indicators': { access: Permission.STRATEGY_READ, request: () => ({ path: '/statistics/indicators?from=2025&to=2026' }) },
  'GET /api/strategies': { access: Permission.STRATEGY_READ, request: () => ({ path: '/strategies' }) },
  'POST /api/strategies': {
    access: Permission.STRATEGY_EDIT,
    request: () => ({ path: '/strategies', body: { title: 'Stratégie test', periodStart: 2027, periodEnd: 2029 } }),
  },
  'GET /api/strategies/{id}': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}` }) },
  'POST /api/strategies/{id}/versions': {
    access: Permission.STRATEGY_EDIT,
    request: async (c) => {
      const s = await c.secretariat.get<{ currentVersion: number; content: unknown }>(`/strategies/${c.strategyId}`);
      return { path: `/strategies/${c.strategyId}/versions`, body: { content: s.body.content, baseVersion: s.body.currentVersion, note: 'Matrice' } };
    },
  },
  'GET /api/strategies/{id}/diff': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/diff?from=1&to=2` }) },
  'GET /api/strategies/{id}/comments': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/comments` }) },
  'POST /api/strategies/{id}/comments': {
    access: Permission.STRATEGY_COMMENT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/comments`, body: { targetType: 'RECOMMENDATION', targetKey: '1', body: 'Remarque' } }),
  },
  'POST /api/strategies/{id}/agenda': {
    access: Permission.STRATEGY_EDIT,
    request: async (c) => {
      const created = await c.secretariat.post<{ id: string }>('/strategies', { title: 'À inscrire', periodStart: 2027, periodEnd: 2029 });
      return { path: `/strategies/${created.body.id}/agenda`, body: { sittingId: await c.newSitting(), version: 1 } };
    },
  },
  'POST /api/strategies/{id}/agenda/withdraw': {
    access: Permission.STRATEGY_EDIT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/agenda/withdraw` }),
    // The demo strategy is a draft: withdrawing it is a 409, not an authorisation error.
    allowedStatus: [409],
  },
  'POST /api/strategies/{id}/sign': {
    access: Permission.DOCUMENTS_SIGN,
    request: (c) => ({ path: `/strategies/${c.strategyId}/sign` }),
    allowedStatus: [409],
  },
  'GET /api/strategies/{id}/document.pdf': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/document.pdf` }) },
  'PUT /api/strategies/{id}/indicator-values': {
    access: Permission.STRATEGY_EDIT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/indicator-values`, body: { indicatorKey: c.manualIndicatorKey, year: 2026, value: 50 } }),
  },
  'PUT /api/strategies/{id}/action-progress': {
    access: Permission.STRATEGY_EDIT,
    request: (c) => ({ path: `/strategies/${c.strategyId}/action-progress`, body: { actionKey: c.actionKey, year: 2026, status: 'IN_PROGRESS' } }),
  },
  'GET /api/strategies/{id}/follow-up': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/follow-up?year=2026` }) },
  'GET /api/strategies/{id}/action-statuses': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/action-statuses?year=2025` }) },
  'GET /api/strategies/{id}/follow-up.pdf': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/follow-up.pdf?year=2026` }) },
  'GET /api/strategies/{id}/export.xlsx': { access: Permission.STRATEGY_READ, request: (c) => ({ path: `/strategies/${c.strategyId}/export.xlsx?kind=strategy` }) },
  'GET /api/outbox': { access: Permission.OUTBOX_READ, request: () => ({ path: '/outbox' }) },
  'GET /api/outbox/{id}': { access: Permission.OUTBOX_READ, request: (c) => ({ path: `/outbox/${c.outboxMessageId}` }) },
  'POST /api/outbox/{id}/resend': { access: Permission.OUTBOX_READ, request: (c) => ({ path: `/outbox/${c.outboxMessageId}/resend` }) },
  // TENANT-1: the national administration (national accounts only).
  'GET /api/national/departements': { access: Permission.DEPARTEMENTS_MANAGE, request: () => ({ path: '/national/departements' }) },
  'POST /api/national/departements': {
    access: Permission.DEPARTEMENTS_MANAGE,
    request: () => ({ path: '/national/departements', body: openDepartementBody() }),
  },
  'GET /api/national/departements/{code}': {
    access: Permission.DEPARTEMENTS_MANAGE,
    request: (c) => ({ path: `/national/departements/${c.departement}` }),
  },
  'PUT /api/national/departements/{code}': {
    access: Permission.DEPARTEMENTS_MANAGE,
    // The context's own département, unchanged (and still open).
    request: (c) => ({ path: `/national/departements/${c.departement}`, body: { ...demoDepartementOf(c.departement), active: true } }),
  },
  'GET /api/national/statistics': { access: Permission.NATIONAL_STATISTICS_READ, request: () => ({ path: '/national/statistics?year=2026' }) },
  'GET /api/national/statistics/export.xlsx': {
    access: Permission.NATIONAL_STATISTICS_READ,
    request: () => ({ path: '/national/statistics/export.xlsx?year=2026' }),
  },
  // The configuration of the caller's own département.
  'GET /api/departement-settings/mail-sender': { access: Permission.CONFIG_MANAGE, request: () => ({ path: '/departement-settings/mail-sender' }) },
  'PUT /api/departement-settings/mail-sender': {
    access: Permission.CONFIG_MANAGE,
    request: (c) => ({ path: '/departement-settings/mail-sender', body: { mailSenderName: demoDepartementOf(c.departement).mailSenderName } }),
  },
  'GET /api/departement-settings/signing-certificate': {
    access: Permission.CONFIG_MANAGE,
    request: () => ({ path: '/departement-settings/signing-certificate' }),
  },
  'PUT /api/departement-settings/signing-certificate': {
    access: Permission.CONFIG_MANAGE,
    request: () => ({ path: '/departement-settings/signing-certificate', body: certificateForm() }),
  },
  'DELETE /api/departement-settings/signing-certificate': {
    access: Permission.CONFIG_MANAGE,
    request: () => ({ path: '/departement-settings/signing-certificate' }),
    // Without an uploaded certificate there is nothing to remove.
    allowedStatus: [404],
  },
  // Dated parameters of the caller's own département (the key is no resource of another one).
  'GET /api/parameters': { access: Permission.PARAMETERS_MANAGE, request: () => ({ path: '/parameters' }) },
  'POST /api/parameters/{key}/values': {
    access: Permission.PARAMETERS_MANAGE,
    // A value scheduled far ahead: every allowed caller replaces the same one.
    request: () => ({ path: '/parameters/convocation.reminder_days/values', body: { value: 2, validFrom: '2031-01-01' } }),
    tenant: 'own',
  },
  'GET /api/audit': { access: Permission.AUDIT_READ, request: () => ({ path: '/audit' }) },
  'GET /api/audit/verify': { access: Permission.AUDIT_READ, request: () => ({ path: '/audit/verify' }) },
};
/** The 86 demo accounts and the national ones, as the matrix logs in. */
export const ACCOUNTS: Record<Role, string> = {
  SECRETARIAT: DEMO.secretariat,
  PRESIDENT: DEMO.president,
  MEMBER: DEMO.member,
  ASSOCIATION: DEMO.association,
  ADMIN: DEMO.admin,
  SUPERVISOR: DEMO.supervisor,
  NATIONAL_ADMIN: DEMO.nationalAdmin,
};

/** The demo accounts of a département, by role. */
export function departementAccounts(departement: string): Record<DepartementRole, string> {
  const d = DEMO_DEPARTEMENTS.find((x) => x.code === departement);
  if (!d) throw new Error(`No demo département ${departement}`);
  return Object.fromEntries(d.accounts.map((a) => [a.role, a.email])) as Record<DepartementRole, string>;
}

/**
 * The resources the table's requests address, in one département, created through the api
 * by its demo accounts (and the signed document through the documents service, as the
 * signing flows would). Both suites build it the same way: the matrix for the Vienne, the
 * TENANT-1 suite for both départements.
 */
export async function buildRouteContext(t: TestApp, departement: string): Promise<RouteCtx> {
  const accounts = departementAccounts(departement);
  const login = (role: DepartementRole) => t.login(accounts[role]);
  const secretariat = await login('SECRETARIAT');
  const members = await secretariat.get<{ items: { id: string }[] }>('/members');
  const assos = await secretariat.get<{ items: { id: string; name: string }[] }>('/associations');
  const admin = await login('ADMIN');
  const userEmail = departement === '86' ? 'matrix-target@example.fr' : `matrix-target-${departement}@example.fr`;
  const target = await admin.post<{ id: string }>('/users', { email: userEmail, firstName: 'Cible', lastName: 'Matrice', role: 'SECRETARIAT' });
  const passerelles = assos.body.items.find((a) => a.name === 'Association Passerelles Vienne')!.id;
  const newDraft = async () => {
    const r = await secretariat.post<{ id: string }>('/psp-requests', { associationId: passerelles, dossier: {} });
    return r.body.id;
  };
  const draftId = await newDraft();
  const newDocument = async () => {
    const form = new FormData();
    form.append('itemCode', 'ETAT_CIVIL');
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'acte.pdf');
    const r = await secretariat.request<{ documents: { id: string }[] }>('POST', `/psp-requests/${draftId}/documents`, form);
    return r.body.documents[r.body.documents.length - 1].id;
  };
  const documentId = await newDocument();
  const requests = await secretariat.get<{ items: { id: string; state: string; kind: string }[] }>('/psp-requests?pageSize=100');
  const submitted = requests.body.items.find((r) => r.state === 'INCOMPLETE')!;
  const pathways = await secretariat.get<{ items: { id: string; canRenew: boolean }[] }>('/pathways');
  const newSitting = async (convened = false) => {
    const created = await secretariat.post<{ id: string }>('/sittings', policySitting());
    await secretariat.post(`/sittings/${created.body.id}/agenda`, { kind: 'POLICY', title: 'Stratégie départementale' });
    if (convened) await secretariat.post(`/sittings/${created.body.id}/convocation`, { urgent: false });
    return created.body.id;
  };
  const convenedSittingId = await newSitting();
  const convenedSitting = await secretariat.get<{ agenda: { id: string }[] }>(`/sittings/${convenedSittingId}`);
  const docForm = new FormData();
  docForm.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'note.pdf');
  const withDoc = await secretariat.request<{ agenda: { id: string; documents: { id: string }[] }[] }>(
    'POST',
    `/sittings/${convenedSittingId}/agenda/${convenedSitting.body.agenda[0].id}/documents`,
    docForm,
  );
  await secretariat.post(`/sittings/${convenedSittingId}/convocation`, { urgent: false });
  const memberMe = await (await login('MEMBER')).get<{ memberId: string }>('/auth/me');
  const outbox = await admin.get<{ items: { id: string }[] }>('/outbox?relatedType=sitting');
  type Plan = { indicators: { key: string; automatic: string | null }[]; actions: { key: string }[] };
  const strategies = await secretariat.get<{ id: string }[]>('/strategies');
  const strategy = await secretariat.get<{ content: { recommendations: Plan[] } }>(`/strategies/${strategies.body[0].id}`);
  const plans = strategy.body.content.recommendations;
  const sessions = await secretariat.get<{ id: string; current: boolean }[]>('/auth/sessions');
  const signedDocumentId = await t.inScope(departement, async (m) => {
    const president = await m.getRepository(UserEntity).findOneByOrFail({ email: accounts.PRESIDENT });
    const doc = await t.app.get(DocumentsService).sign(m, {
      kind: 'MINUTES',
      subjectId: randomUUID(),
      title: `Document de test ${departement}`,
      signer: president,
      render: async () => demoPdf(`Document de test ${departement}`),
    });
    return doc.id;
  });
  return {
    departement,
    app: t,
    login,
    secretariat,
    strategyId: strategies.body[0].id,
    manualIndicatorKey: plans.flatMap((p) => p.indicators).find((i) => !i.automatic)!.key,
    actionKey: plans.flatMap((p) => p.actions)[0].key,
    newSitting,
    convenedSittingId,
    convenedItemId: convenedSitting.body.agenda[0].id,
    agendaDocumentId: withDoc.body.agenda[0].documents[0].id,
    memberMemberId: memberMe.body.memberId,
    completeRequestIds: requests.body.items.filter((r) => r.state === 'COMPLETE').map((r) => r.id),
    outboxMessageId: outbox.body.items[0].id,
    requestId: draftId,
    submittedRequestId: submitted.id,
    documentId,
    pathwayId: pathways.body.items.find((p) => p.canRenew)!.id,
    checklistDay: 0,
    newDraft,
    newDocument,
    memberId: members.body.items[0].id,
    associationId: passerelles,
    userId: target.body.id,
    userEmail,
    signedDocumentId,
    sessionId: sessions.body.find((s) => s.current)!.id,
  };
}

/** Calls one route of the table with a prepared request. */
export function callRoute(client: TestClient, route: string, entry: RouteEntry, req: RouteRequest) {
  const method = route.split(' ')[0];
  if (entry.stream) return client.status(req.path);
  return client.request(method, req.path, method === 'GET' ? undefined : (req.body ?? {}));
}
