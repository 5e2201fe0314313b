import { MIGRATIONS } from '@cdlp/migrations';
import { randomBytes } from 'node:crypto';
import {
  CurrentUserDto,
  LoginMethodsDto,
  LogoutResultDto,
  PROCONNECT_BINDING_COOKIE,
  PageDto,
  SESSION_COOKIE,
  UserDto,
} from '@cdlp/shared';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { count, must } from '../fixtures';
import { ProviderBrowser, TestIdentity, TestProvider, startTestProvider } from '../proconnect/provider';

/**
 * ProConnect login against a real OpenID Connect provider (oidc-provider, in a child process):
 * authorisation code flow with state, nonce and PKCE; accounts are linked, never created.
 */
const PUBLIC_URL = 'http://cdlp.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/auth/proconnect/callback`;
const CLIENT = { id: 'cdlp-integration', secret: 'un-secret-de-test-assez-long-pour-hs256-0123456789' };
const MINUTE = 60_000;

interface AuditRow {
  action: string;
  entity_id: string | null;
  actor_user_id: string | null;
  details: Record<string, unknown>;
}

describe('ProConnect login', () => {
  let provider: TestProvider;
  let t: TestApp;
  let admin: TestClient;

  const identities: Record<string, TestIdentity> = {
    secretariat: { sub: 'pc-sub-secretariat', email: 'Secretariat@Demo.CDLP.fr', given_name: 'Sophie', usual_name: 'Lemaire' },
    president: { sub: 'pc-sub-president', email: DEMO.president },
    member: { sub: 'pc-sub-member', email: DEMO.member },
    association: { sub: 'pc-sub-association', email: DEMO.association },
    unknown: { sub: 'pc-sub-unknown', email: 'agent.inconnu@interieur.gouv.fr' },
    unverified: { sub: 'pc-sub-unverified', email: 'non.verifie@interieur.gouv.fr', email_verified: false },
  };

  beforeAll(async () => {
    provider = await startTestProvider({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: `${PUBLIC_URL}/connexion`,
      accounts: Object.values(identities),
    });
    t = await startTestApp({
      env: {
        PUBLIC_URL,
        PROCONNECT_ISSUER: provider.issuer,
        PROCONNECT_CLIENT_ID: CLIENT.id,
        PROCONNECT_CLIENT_SECRET: CLIENT.secret,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  async function asAdmin(): Promise<TestClient> {
    if (!admin || (await admin.get('/auth/me')).status !== 200) admin = await t.login(DEMO.admin);
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
    const client = t.anon();
    const browser = new ProviderBrowser(PUBLIC_URL);
    const authorizationUrl = await startLogin(client, retour);
    const callbackUrl = await browser.signIn(authorizationUrl.href, login);
    const answer = await callback(client, callbackUrl);
    return { client, browser, answer, callbackUrl, authorizationUrl };
  }

  /** Across every chain: a refusal without a known account goes to the national one (TENANT-1). */
  async function lastAudit(action: string): Promise<AuditRow> {
    const rows: AuditRow[] = await t.ownerDs.query(
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

  it('tells the login page that ProConnect is offered', async () => {
    const r = await t.anon().get<LoginMethodsDto>('/auth/login-methods');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ password: true, proConnect: true });
  });

  describe('starting a login', () => {
    it('redirects to the provider with state, nonce and an S256 PKCE challenge, and binds the browser with a Lax cookie', async () => {
      const client = t.anon();
      const r = await client.get('/auth/proconnect/login?retour=%2Fmembres');
      expect(r.status).toBe(302);
      const url = new URL(must(r.headers.get('location'), 'location'));
      const p = url.searchParams;
      expect(p.get('response_type')).toBe('code');
      expect(p.get('client_id')).toBe(CLIENT.id);
      expect(p.get('redirect_uri')).toBe(REDIRECT_URI);
      expect(p.get('scope')).toBe('openid email given_name usual_name');
      // ProConnect requires at least 32 characters for state and nonce.
      expect(must(p.get('state'), 'state').length).toBeGreaterThanOrEqual(32);
      expect(must(p.get('nonce'), 'nonce').length).toBeGreaterThanOrEqual(32);
      expect(p.get('code_challenge_method')).toBe('S256');
      expect(must(p.get('code_challenge'), 'code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const cookie = must(
        r.headers.getSetCookie().find((c) => c.startsWith(`${PROCONNECT_BINDING_COOKIE}=`)),
        'binding cookie',
      );
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\/api\/auth\/proconnect/i);

      // The transaction is in the database (any instance can finish it), with hashes only.
      const rows: { state_hash: string; browser_hash: string; return_path: string; code_verifier: string }[] = await t.ds.query(
        `SELECT state_hash, browser_hash, return_path, code_verifier FROM proconnect_login_attempt ORDER BY created_at DESC LIMIT 1`,
      );
      expect(rows[0].return_path).toBe('/membres');
      expect(rows[0].state_hash).not.toContain(p.get('state'));
      expect(rows[0].browser_hash).not.toBe(client.cookies[PROCONNECT_BINDING_COOKIE]);
      expect(rows[0].code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('keeps only a same-site return path (no open redirect)', async () => {
      await startLogin(t.anon(), 'https://phishing.example/connexion');
      const rows: { return_path: string }[] = await t.ds.query(
        `SELECT return_path FROM proconnect_login_attempt ORDER BY created_at DESC LIMIT 1`,
      );
      expect(rows[0].return_path).toBe('/');
    });
  });

  describe('first login links the identity, later logins match by sub', () => {
    it('links the invited account at the first login whose e-mail matches, then finds it by sub when the e-mail changes', async () => {
      const invited = await invite(DEMO.secretariat);
      expect(invited).toMatchObject({ proConnect: 'INVITED', proConnectLinkedAt: null });
      expect(invited.proConnectInvitedAt).not.toBeNull();
      // The agent is told by e-mail (outbox), with the login page's address.
      const mails: { text_body: string }[] = await t.ds.query(
        `SELECT text_body FROM outbox_message WHERE template = 'proconnect-invitation' AND recipient = $1`,
        [DEMO.secretariat],
      );
      expect(mails).toHaveLength(1);
      expect(mails[0].text_body).toContain('S’identifier avec ProConnect');
      expect(mails[0].text_body).toContain(`${PUBLIC_URL}/connexion`);
      const usersBefore = await count(t, 'app_user');

      const first = await proConnectLogin(identities['secretariat'].email, '/membres');
      expect(first.answer.status).toBe(302);
      expect(first.answer.headers.get('location')).toBe('/membres');
      const sessionCookie = must(
        first.answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)),
        'session cookie',
      );
      // The same cookies as the password login.
      expect(sessionCookie).toMatch(/HttpOnly/i);
      expect(sessionCookie).toMatch(/SameSite=Strict/i);
      const me = await first.client.get<CurrentUserDto>('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: invited.id, email: DEMO.secretariat, role: 'SECRETARIAT' });
      // The CSRF double submit works as for a password session.
      expect((await first.client.post('/auth/password', { currentPassword: 'faux-mot-de-passe', newPassword: 'Un-mot-de-passe-long' })).status).toBe(400);

      const linked = await userByEmail(DEMO.secretariat);
      expect(linked).toMatchObject({ proConnect: 'LINKED' });
      expect(linked.proConnectLinkedAt).not.toBeNull();
      const rows: { proconnect_sub: string }[] = await t.ds.query(`SELECT proconnect_sub FROM app_user WHERE id = $1`, [invited.id]);
      expect(rows[0].proconnect_sub).toBe(identities['secretariat'].sub);
      expect(await count(t, 'app_user')).toBe(usersBefore);
      expect(await lastAudit('auth.proconnect_linked')).toMatchObject({ entity_id: invited.id, actor_user_id: invited.id });
      const login = await lastAudit('auth.login');
      expect(login).toMatchObject({ entity_id: invited.id });
      expect(login.details['method']).toBe('PROCONNECT');

      // The agent's address changes at the identity provider: the sub still finds the account.
      await provider.setAccount({ ...identities['secretariat'], email: 'sophie.lemaire@vienne.gouv.fr' });
      const linkAudits = await count(t, 'audit_event', `action = 'auth.proconnect_linked'`);
      const second = await proConnectLogin('sophie.lemaire@vienne.gouv.fr');
      expect(second.answer.headers.get('location')).toBe('/');
      const me2 = await second.client.get<CurrentUserDto>('/auth/me');
      expect(me2.body).toMatchObject({ id: invited.id, email: DEMO.secretariat });
      expect(await count(t, 'audit_event', `action = 'auth.proconnect_linked'`)).toBe(linkAudits);
      await provider.setAccount(identities['secretariat']);
    });

    it('a member of a State service can be invited and log in', async () => {
      await invite(DEMO.member);
      const { client, answer } = await proConnectLogin(DEMO.member);
      expect(answer.headers.get('location')).toBe('/');
      expect((await client.get<CurrentUserDto>('/auth/me')).body.role).toBe('MEMBER');
    });
  });

  describe('refusals of the protocol checks', () => {
    it('refuses a callback whose state is not the one sent (audited, no session)', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const callbackUrl = await browser.signIn((await startLogin(client)).href, identities['secretariat'].email);
      callbackUrl.searchParams.set('state', randomBytes(32).toString('base64url'));
      const r = await callback(client, callbackUrl);
      expect(refusalOf(r)).toBe('INVALID_STATE');
      expect(r.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
      expect((await client.get('/auth/me')).status).toBe(401);
      await expectRefusalAudited('INVALID_STATE', { entity_id: null });
    });

    it('refuses a callback carried to another browser (login CSRF): the binding cookie does not match', async () => {
      const victim = t.anon();
      const attacker = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const callbackUrl = await browser.signIn((await startLogin(attacker)).href, identities['secretariat'].email);
      const r = await callback(victim, callbackUrl);
      expect(refusalOf(r)).toBe('INVALID_STATE');
      expect((await victim.get('/auth/me')).status).toBe(401);
      // The attempt is spent: the attacker cannot use it either.
      expect(refusalOf(await callback(attacker, callbackUrl))).toBe('INVALID_STATE');
    });

    it('refuses a login that came back after the attempt expired', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const callbackUrl = await browser.signIn((await startLogin(client)).href, identities['secretariat'].email);
      t.clock.advance(11 * MINUTE);
      try {
        expect(refusalOf(await callback(client, callbackUrl))).toBe('INVALID_STATE');
      } finally {
        t.clock.advance(-11 * MINUTE);
      }
    });

    it('refuses a replayed callback and a replayed authorisation code', async () => {
      const { client, answer, callbackUrl } = await proConnectLogin(identities['secretariat'].email);
      expect(answer.headers.get('location')).toBe('/');
      // The same callback again: the attempt is single use.
      expect(refusalOf(await callback(client, callbackUrl))).toBe('INVALID_STATE');
      // The used code with a new, valid state of the same browser: the provider refuses the code.
      const fresh = await startLogin(client);
      const injected = new URL(callbackUrl.href);
      injected.searchParams.set('state', must(fresh.searchParams.get('state'), 'state'));
      const r = await callback(client, injected);
      expect(refusalOf(r)).toBe('FAILED');
      await expectRefusalAudited('FAILED', {}, 'CODE_REJECTED');
    });

    it('refuses an expired ID token (the portal clock is moved past its lifetime)', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const callbackUrl = await browser.signIn((await startLogin(client)).href, identities['secretariat'].email);
      // The provider issues ID tokens valid for 60 s (30 s of tolerance): 5 minutes later it has expired.
      t.clock.advance(5 * MINUTE);
      try {
        const r = await callback(client, callbackUrl);
        expect(refusalOf(r)).toBe('FAILED');
        await expectRefusalAudited('FAILED', {}, 'ID_TOKEN_EXPIRED');
        expect((await client.get('/auth/me')).status).toBe(401);
      } finally {
        t.clock.advance(-5 * MINUTE);
      }
    });

    it('refuses an ID token whose nonce is not the one of the login', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const authorizationUrl = await startLogin(client);
      // The request reaching the provider carries another nonce: its ID token does not match ours.
      authorizationUrl.searchParams.set('nonce', randomBytes(32).toString('base64url'));
      const callbackUrl = await browser.signIn(authorizationUrl.href, identities['secretariat'].email);
      const r = await callback(client, callbackUrl);
      expect(refusalOf(r)).toBe('FAILED');
      await expectRefusalAudited('FAILED', {}, 'NONCE_MISMATCH');
    });

    it('refuses a code exchanged without the PKCE verifier of the login', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const authorizationUrl = await startLogin(client);
      authorizationUrl.searchParams.set('code_challenge', 'A'.repeat(43));
      const callbackUrl = await browser.signIn(authorizationUrl.href, identities['secretariat'].email);
      expect(refusalOf(await callback(client, callbackUrl))).toBe('FAILED');
      await expectRefusalAudited('FAILED', {}, 'CODE_REJECTED');
    });

    it('says so when the agent cancels at ProConnect', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const callbackUrl = await browser.cancel((await startLogin(client)).href);
      expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
      expect(refusalOf(await callback(client, callbackUrl))).toBe('CANCELLED');
      await expectRefusalAudited('CANCELLED', {}, 'CANCELLED');
    });
  });

  describe('refusals of the account', () => {
    it('refuses an unknown e-mail and creates no account', async () => {
      const users = await count(t, 'app_user');
      const { client, answer } = await proConnectLogin(identities['unknown'].email);
      expect(refusalOf(answer)).toBe('UNKNOWN_EMAIL');
      expect(await count(t, 'app_user')).toBe(users);
      expect(await count(t, 'app_user', `proconnect_sub = $1`, [identities['unknown'].sub])).toBe(0);
      expect((await client.get('/auth/me')).status).toBe(401);
      await expectRefusalAudited('UNKNOWN_EMAIL', { entity_id: null });
    });

    it('refuses an e-mail that the provider says is not verified', async () => {
      const { answer } = await proConnectLogin(identities['unverified'].email);
      expect(refusalOf(answer)).toBe('EMAIL_NOT_VERIFIED');
      await expectRefusalAudited('EMAIL_NOT_VERIFIED');
    });

    it('refuses an existing account that was not invited, without linking it', async () => {
      const president = await userByEmail(DEMO.president);
      expect(president.proConnect).toBe('NONE');
      const { answer } = await proConnectLogin(DEMO.president);
      expect(refusalOf(answer)).toBe('NOT_INVITED');
      expect((await userByEmail(DEMO.president)).proConnect).toBe('NONE');
      await expectRefusalAudited('NOT_INVITED', { entity_id: president.id });
    });

    it('refuses an association account, which cannot be invited either', async () => {
      const association = await userByEmail(DEMO.association);
      const r = await (await asAdmin()).post<{ message: string; errors: { field: string }[] }>(
        `/users/${association.id}/proconnect-invitation`,
      );
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('association');
      expect(r.body.errors[0].field).toBe('role');
      const { answer } = await proConnectLogin(DEMO.association);
      expect(refusalOf(answer)).toBe('ASSOCIATION_ACCOUNT');
      await expectRefusalAudited('ASSOCIATION_ACCOUNT', { entity_id: association.id });
      // Even an association account linked by other means (role changed after the link) is refused.
      await t.ds.query(
        `UPDATE app_user SET proconnect_invited_at = now(), proconnect_sub = $2, proconnect_linked_at = now() WHERE id = $1`,
        [association.id, identities['association'].sub],
      );
      expect(refusalOf((await proConnectLogin(DEMO.association)).answer)).toBe('ASSOCIATION_ACCOUNT');
    });

    it('refuses a member who does not sit for a State service at invitation', async () => {
      const secretariat = await t.login(DEMO.secretariat);
      const members = await secretariat.get<{ items: { id: string }[] }>('/members?search=Jourdain');
      const created = await (await asAdmin()).post<UserDto>('/users', {
        email: 'martine.jourdain@poitiers.fr',
        firstName: 'Martine',
        lastName: 'Jourdain',
        role: 'MEMBER',
        memberId: members.body.items[0].id,
      });
      expect(created.status).toBe(201);
      const r = await (await asAdmin()).post<{ message: string }>(`/users/${created.body.id}/proconnect-invitation`);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('Seuls les membres représentant un service de l’État peuvent être invités à ProConnect.');
    });

    it('refuses a deactivated account, linked or not', async () => {
      const created = await (await asAdmin()).post<UserDto>('/users', {
        email: 'agent.desactive@vienne.gouv.fr',
        firstName: 'Agent',
        lastName: 'Désactivé',
        role: 'SECRETARIAT',
      });
      await invite('agent.desactive@vienne.gouv.fr');
      await provider.setAccount({ sub: 'pc-sub-desactive', email: 'agent.desactive@vienne.gouv.fr' });
      expect((await proConnectLogin('agent.desactive@vienne.gouv.fr')).answer.headers.get('location')).toBe('/');
      const u = created.body;
      const put = await (await asAdmin()).put(`/users/${u.id}`, {
        email: u.email,
        firstName: u.firstName,
        lastName: u.lastName,
        role: u.role,
        active: false,
      });
      expect(put.status).toBe(200);
      const { answer } = await proConnectLogin('agent.desactive@vienne.gouv.fr');
      expect(refusalOf(answer)).toBe('INACTIVE');
      await expectRefusalAudited('INACTIVE', { entity_id: u.id });
      const again = await (await asAdmin()).post<{ message: string }>(`/users/${u.id}/proconnect-invitation`);
      expect(again.status).toBe(400);
      expect(again.body.message).toContain('désactivé');
    });

    it('refuses a second identity for a linked account until the invitation is renewed', async () => {
      const created = await (await asAdmin()).post<UserDto>('/users', {
        email: 'agent.mutation@vienne.gouv.fr',
        firstName: 'Agent',
        lastName: 'Muté',
        role: 'PRESIDENT',
      });
      await invite('agent.mutation@vienne.gouv.fr');
      await provider.setAccount({ sub: 'pc-sub-ancien-fi', email: 'agent.mutation@vienne.gouv.fr' });
      const first = await proConnectLogin('pc-sub-ancien-fi');
      expect(first.answer.headers.get('location')).toBe('/');
      // Another identity provider gives the same agent another sub.
      await provider.setAccount({ sub: 'pc-sub-nouveau-fi', email: 'agent.mutation@vienne.gouv.fr' });
      expect(refusalOf((await proConnectLogin('pc-sub-nouveau-fi')).answer)).toBe('ALREADY_LINKED');
      await expectRefusalAudited('ALREADY_LINKED', { entity_id: created.body.id });

      const renewed = await (await asAdmin()).post<UserDto>(`/users/${created.body.id}/proconnect-invitation`);
      expect(renewed.body.proConnect).toBe('INVITED');
      // Sessions of the forgotten identity end with it.
      expect((await first.client.get('/auth/me')).status).toBe(401);
      const second = await proConnectLogin('pc-sub-nouveau-fi');
      expect(second.answer.headers.get('location')).toBe('/');
      expect((await second.client.get<CurrentUserDto>('/auth/me')).body.id).toBe(created.body.id);
      expect(refusalOf((await proConnectLogin('pc-sub-ancien-fi')).answer)).toBe('ALREADY_LINKED');
    });

    it('withdrawing the invitation forgets the identity and ends its sessions', async () => {
      const created = await (await asAdmin()).post<UserDto>('/users', {
        email: 'agent.retrait@vienne.gouv.fr',
        firstName: 'Agent',
        lastName: 'Retrait',
        role: 'ADMIN',
      });
      await invite('agent.retrait@vienne.gouv.fr');
      await provider.setAccount({ sub: 'pc-sub-retrait', email: 'agent.retrait@vienne.gouv.fr' });
      const { client } = await proConnectLogin('pc-sub-retrait');
      expect((await client.get('/auth/me')).status).toBe(200);
      const r = await (await asAdmin()).delete<UserDto>(`/users/${created.body.id}/proconnect-invitation`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ proConnect: 'NONE', proConnectInvitedAt: null, proConnectLinkedAt: null });
      expect((await client.get('/auth/me')).status).toBe(401);
      expect(refusalOf((await proConnectLogin('pc-sub-retrait')).answer)).toBe('NOT_INVITED');
      expect((await lastAudit('user.proconnect_withdrawn')).entity_id).toBe(created.body.id);
    });
  });

  describe('logout', () => {
    it('ends the ProConnect session too when the session came from ProConnect', async () => {
      const { client, browser, answer } = await proConnectLogin(identities['secretariat'].email);
      expect(answer.headers.get('location')).toBe('/');
      const sessions: { session_id: string }[] = await t.ds.query(`SELECT session_id FROM proconnect_session`);
      expect(sessions.length).toBeGreaterThan(0);
      const r = await client.post<LogoutResultDto>('/auth/logout');
      expect(r.status).toBe(200);
      const end = new URL(must(r.body.endSessionUrl, 'endSessionUrl'));
      expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
      expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/connexion`);
      expect(must(end.searchParams.get('state'), 'state').length).toBeGreaterThanOrEqual(32);
      expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
      expect((await client.get('/auth/me')).status).toBe(401);

      // At the provider: the confirmation form, then back to the portal's login page.
      const confirm = await browser.follow(end.href);
      if (confirm.kind !== 'page') throw new Error('expected the logout page');
      const action = must(/action="([^"]+)"/.exec(confirm.html)?.[1], 'logout form');
      const xsrf = must(/name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1], 'xsrf');
      const done = await browser.follow(new URL(action, confirm.url).href, new URLSearchParams({ xsrf, logout: 'yes' }));
      expect(done.kind).toBe('callback');
      expect(done.url.href.startsWith(`${PUBLIC_URL}/connexion`)).toBe(true);
      // The provider session is over: the next login asks for the identity again.
      const next = await browser.follow((await startLogin(t.anon())).href);
      expect(next.kind).toBe('page');
    });

    it('answers no ProConnect URL for a password session', async () => {
      const c = await t.login(DEMO.president);
      const r = await c.post<LogoutResultDto>('/auth/logout');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ endSessionUrl: null });
    });
  });

  describe('provider outage', () => {
    it('refuses with a clear reason when ProConnect cannot be reached to finish the login', async () => {
      const client = t.anon();
      const browser = new ProviderBrowser(PUBLIC_URL);
      const callbackUrl = await browser.signIn((await startLogin(client)).href, identities['secretariat'].email);
      await provider.close();
      expect(refusalOf(await callback(client, callbackUrl))).toBe('UNAVAILABLE');
      await expectRefusalAudited('UNAVAILABLE', {}, 'UNAVAILABLE');
    });
  });
});

describe('ProConnect not configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('hides the button and refuses the ProConnect routes', async () => {
    expect((await t.anon().get<LoginMethodsDto>('/auth/login-methods')).body).toEqual({ password: true, proConnect: false });
    const start = await t.anon().get('/auth/proconnect/login');
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/connexion/refus?motif=NOT_CONFIGURED');
    const back = await t.anon().get('/auth/proconnect/callback?code=x&state=y');
    expect(back.headers.get('location')).toBe('/connexion/refus?motif=NOT_CONFIGURED');
  });

  it('the migration goes down and up again', async () => {
    const Migration = MIGRATIONS.find((m) => m.name === 'ProConnect1765200000000');
    if (!Migration) throw new Error('migration ProConnect1765200000000 not listed');
    const columns = async () =>
      (
        (await t.ownerDs.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'app_user' AND column_name LIKE 'proconnect%'`,
        )) as unknown[]
      ).length;
    const q = t.ownerDs.createQueryRunner();
    try {
      await new Migration().down(q);
      expect(await columns()).toBe(0);
      expect(await count(t, 'information_schema.tables', `table_name LIKE 'proconnect%'`)).toBe(0);
      await new Migration().up(q);
    } finally {
      await q.release();
    }
    expect(await columns()).toBe(3);
  });
});
