import { ROLES, Role, hasPermission } from '@cdlp/shared';
import { TestApp, TestClient, startTestApp } from '../test-app';
import { ACCOUNTS, ROUTE_MATRIX, RouteCtx, buildRouteContext, callRoute } from '../route-matrix';

/**
 * The authorisation matrix: every route of the api (the shared table of ../route-matrix),
 * called as every role and as an anonymous user. A route missing from the table fails the
 * test, so that a new endpoint cannot ship without a declared and tested permission.
 */
describe('authorisation matrix', () => {
  let t: TestApp;
  let ctx: RouteCtx;
  const clients = new Map<Role, TestClient>();

  beforeAll(async () => {
    t = await startTestApp();
    ctx = await buildRouteContext(t, '86');
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
    expect(routes.sort()).toEqual(Object.keys(ROUTE_MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(ROUTE_MATRIX)) {
    const call = async (client: TestClient, role: Role | 'ANON') => callRoute(client, route, entry, await entry.request(ctx, role));
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
