import type { PageDto, UserDto } from '@cdlp/shared';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { must } from '../fixtures';
import { ProviderBrowser, TestIdentity, TestProvider, startTestProvider } from './provider';

/**
 * The ProConnect login suites (proconnect-*.int-spec) against a real OpenID Connect provider
 * (oidc-provider, in a child process): authorisation code flow with state, nonce and PKCE.
 */
export const PUBLIC_URL = 'http://cdlp.test';
export const REDIRECT_URI = `${PUBLIC_URL}/api/auth/proconnect/callback`;
export const CLIENT = { id: 'cdlp-integration', secret: 'un-secret-de-test-assez-long-pour-hs256-0123456789' };
export const MINUTE = 60_000;

export interface AuditRow {
  action: string;
  entity_id: string | null;
  actor_user_id: string | null;
  details: Record<string, unknown>;
}

/** The identities the provider knows at the start. */
export const identities: Record<string, TestIdentity> = {
  secretariat: { sub: 'pc-sub-secretariat', email: 'Secretariat@Demo.CDLP.fr', given_name: 'Sophie', usual_name: 'Lemaire' },
  president: { sub: 'pc-sub-president', email: DEMO.president },
  member: { sub: 'pc-sub-member', email: DEMO.member },
  association: { sub: 'pc-sub-association', email: DEMO.association },
  unknown: { sub: 'pc-sub-unknown', email: 'agent.inconnu@interieur.gouv.fr' },
  unverified: { sub: 'pc-sub-unverified', email: 'non.verifie@interieur.gouv.fr', email_verified: false },
};

/** The provider, then the api configured for it (the provider is closed if the api does not start). */
export async function startProConnectApp(): Promise<{ provider: TestProvider; t: TestApp }> {
  const provider = await startTestProvider({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUri: REDIRECT_URI,
    postLogoutRedirectUri: `${PUBLIC_URL}/connexion`,
    accounts: Object.values(identities),
  });
  try {
    const t = await startTestApp({
      env: {
        PUBLIC_URL,
        PROCONNECT_ISSUER: provider.issuer,
        PROCONNECT_CLIENT_ID: CLIENT.id,
        PROCONNECT_CLIENT_SECRET: CLIENT.secret,
      },
    });
    return { provider, t };
  } catch (err) {
    await provider.close();
    throw err;
  }
}

/** Closes the api, then the provider (either may be missing when the start failed). */
export async function closeProConnectApp(s: { t?: TestApp; provider?: TestProvider }): Promise<void> {
  await s.t?.close();
  await s.provider?.close();
}

/** The helpers of the ProConnect suites, on the suite's app and provider (set by its beforeAll). */
export function proConnectHelpers(suite: () => { t: TestApp; provider: TestProvider }) {
  let admin: TestClient | undefined;

  async function asAdmin(): Promise<TestClient> {
    if (!admin || (await admin.get('/auth/me')).status !== 200) admin = await suite().t.login(DEMO.admin);
    return admin;
  }

  async function userByEmail(email: string): Promise<UserDto> {
    const r = await (await asAdmin()).get<PageDto<UserDto>>(`/users?search=${encodeURIComponent(email)}`);
    return must(
      r.body.items.find((u) => u.email.toLowerCase() === email.toLowerCase()),
      `account ${email}`,
    );
  }

  async function invite(email: string): Promise<UserDto> {
    const u = await userByEmail(email);
    const r = await (await asAdmin()).post<UserDto>(`/users/${u.id}/proconnect-invitation`);
    if (r.status !== 200) throw new Error(`invitation of ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Clicks the ProConnect button: the portal answers a redirect to the provider's authorisation endpoint. */
  async function startLogin(client: TestClient, retour?: string): Promise<URL> {
    const { provider } = suite();
    const r = await client.get(`/auth/proconnect/login${retour ? `?retour=${encodeURIComponent(retour)}` : ''}`);
    expect(r.status).toBe(302);
    const location = must(r.headers.get('location'), 'location');
    expect(location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
    return new URL(location);
  }

  /** The provider's redirect arrives at the portal's callback (the test plays the browser). */
  function callback(client: TestClient, url: URL) {
    expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
    return client.get(`/auth/proconnect/callback${url.search}`);
  }

  function refusalOf(r: { status: number; headers: Headers }): string | null {
    expect(r.status).toBe(302);
    const location = must(r.headers.get('location'), 'location');
    const m = /^\/connexion\/refus\?motif=([A-Z_]+)$/.exec(location);
    return m ? m[1] : null;
  }

  /** A whole ProConnect login in a fresh browser; returns the portal client and the callback answer. */
  async function proConnectLogin(login: string, retour?: string) {
    const client = suite().t.anon();
    const browser = new ProviderBrowser(PUBLIC_URL);
    const authorizationUrl = await startLogin(client, retour);
    const callbackUrl = await browser.signIn(authorizationUrl.href, login);
    const answer = await callback(client, callbackUrl);
    return { client, browser, answer, callbackUrl, authorizationUrl };
  }

  /** Across every chain: a refusal without a known account goes to the national one (TENANT-1). */
  async function lastAudit(action: string): Promise<AuditRow> {
    const rows: AuditRow[] = await suite().t.ownerDs.query(
      `SELECT action, entity_id, actor_user_id, details FROM audit_event WHERE action = $1 ORDER BY id DESC LIMIT 1`,
      [action],
    );
    return must(rows[0], `audit ${action}`);
  }

  async function expectRefusalAudited(reason: string, extra: Partial<AuditRow> = {}, cause?: string): Promise<void> {
    const row = await lastAudit('auth.proconnect_refused');
    expect(row.details['reason']).toBe(reason);
    if (cause) expect(row.details['cause']).toBe(cause);
    expect(row.actor_user_id).toBeNull();
    expect(row).toMatchObject(extra);
  }

  return { asAdmin, userByEmail, invite, startLogin, callback, refusalOf, proConnectLogin, lastAudit, expectRefusalAudited };
}
