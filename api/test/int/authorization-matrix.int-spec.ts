import { randomUUID } from 'node:crypto';
import { Permission, ROLES, Role, hasPermission } from '@cdlp/shared';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

/**
 * The authorisation matrix: every route of the api, called as every role and as an
 * anonymous user. A route missing from this table fails the test, so that a new
 * endpoint cannot ship without a declared and tested permission.
 */
interface Ctx {
  memberId: string;
  associationId: string;
  userId: string;
  app: TestApp;
}

interface Entry {
  access: 'public' | Permission;
  /** Builds a valid request; called once per allowed caller. */
  request: (ctx: Ctx, role: Role | 'ANON') => Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown };
  /** A logout or similar call that ends the caller's session: use a fresh session each time. */
  freshSession?: boolean;
  /** Status expected from an allowed caller when it is not a plain 2xx. */
  allowedStatus?: number[];
}

const uniqueEmail = () => `matrix-${randomUUID().slice(0, 8)}@example.fr`;

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

const associationBody = () => ({
  name: `Association ${randomUUID().slice(0, 6)}`,
  email: uniqueEmail(),
  approvalOrderRef: 'Arrêté agrément test',
  approvalStart: '2026-01-01',
  departementCodes: ['86'],
});

const MATRIX: Record<string, Entry> = {
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
  'DELETE /api/auth/sessions/{id}': {
    access: Permission.AUTHENTICATED,
    request: () => ({ path: `/auth/sessions/${randomUUID()}` }),
    allowedStatus: [404],
  },
  'GET /api/registry/departement': { access: Permission.AUTHENTICATED, request: () => ({ path: '/registry/departement' }) },
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
      const r = await (await c.app.login(DEMO.secretariat)).post<{ id: string }>('/members', memberBody());
      return { path: `/members/${r.body.id}`, body: memberBody() };
    },
  },
  'POST /api/members/{id}/end': {
    access: Permission.MEMBERS_WRITE,
    request: async (c) => {
      const r = await (await c.app.login(DEMO.secretariat)).post<{ id: string }>('/members', memberBody());
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
      const r = await (await c.app.login(DEMO.secretariat)).post<{ id: string }>('/associations', associationBody());
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
      body: { email: 'matrix-target@example.fr', firstName: 'Cible', lastName: 'Matrice', role: 'SECRETARIAT', active: true },
    }),
  },
  'POST /api/users/{id}/unlock': { access: Permission.USERS_MANAGE, request: (c) => ({ path: `/users/${c.userId}/unlock` }) },
  'POST /api/users/{id}/revoke-sessions': {
    access: Permission.USERS_MANAGE,
    request: (c) => ({ path: `/users/${c.userId}/revoke-sessions` }),
  },
  'GET /api/audit': { access: Permission.AUDIT_READ, request: () => ({ path: '/audit' }) },
  'GET /api/audit/verify': { access: Permission.AUDIT_READ, request: () => ({ path: '/audit/verify' }) },
};

const ACCOUNTS: Record<Role, string> = {
  SECRETARIAT: DEMO.secretariat,
  PRESIDENT: DEMO.president,
  MEMBER: DEMO.member,
  ASSOCIATION: DEMO.association,
  ADMIN: DEMO.admin,
};

describe('authorisation matrix', () => {
  let t: TestApp;
  let ctx: Ctx;
  const clients = new Map<Role, TestClient>();

  beforeAll(async () => {
    t = await startTestApp();
    const members = await (await t.login(DEMO.secretariat)).get<{ items: { id: string }[] }>('/members');
    const assos = await (await t.login(DEMO.secretariat)).get<{ items: { id: string; name: string }[] }>('/associations');
    const admin = await t.login(DEMO.admin);
    const target = await admin.post<{ id: string }>('/users', {
      email: 'matrix-target@example.fr',
      firstName: 'Cible',
      lastName: 'Matrice',
      role: 'SECRETARIAT',
    });
    ctx = {
      app: t,
      memberId: members.body.items[0].id,
      associationId: assos.body.items.find((a) => a.name === 'Association Passerelles Vienne')!.id,
      userId: target.body.id,
    };
    for (const role of ROLES) clients.set(role, await t.login(ACCOUNTS[role]));
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists every route of the api, and only existing routes', async () => {
    const doc = await t.anon().get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
    expect(doc.status).toBe(200);
    const routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    const method = route.split(' ')[0];
    const call = async (client: TestClient, role: Role | 'ANON') => {
      const { path, body } = await entry.request(ctx, role);
      return client.request(method, path, method === 'GET' ? undefined : (body ?? {}));
    };
    const isAllowedStatus = (status: number) =>
      (status >= 200 && status < 300) || (entry.allowedStatus ?? []).includes(status);

    it(`${route}: anonymous ${entry.access === 'public' ? 'is allowed' : 'gets 401'}`, async () => {
      const r = await call(t.anon(), 'ANON');
      if (entry.access === 'public') expect(isAllowedStatus(r.status)).toBe(true);
      else expect(r.status).toBe(401);
    });

    for (const role of ROLES) {
      const allowed = entry.access === 'public' || hasPermission(role, entry.access);
      it(`${route}: ${role} ${allowed ? 'is allowed' : 'gets 403'}`, async () => {
        const client = entry.freshSession ? await t.login(ACCOUNTS[role]) : clients.get(role)!;
        const r = await call(client, role);
        if (allowed) {
          if (!isAllowedStatus(r.status)) throw new Error(`${route} as ${role}: ${r.status} ${JSON.stringify(r.body)}`);
        } else {
          expect(r.status).toBe(403);
        }
      });
    }
  }
});
