import { randomBytes } from 'node:crypto';
import { CurrentUserDto, LoginMethodsDto, LogoutResultDto, PROCONNECT_BINDING_COOKIE, SESSION_COOKIE } from '@cdlp/shared';
import { DEMO, TestApp } from '../test-app';
import { count, must } from '../fixtures';
import { ProviderBrowser, TestProvider } from '../proconnect/provider';
import { CLIENT, MINUTE, PUBLIC_URL, REDIRECT_URI, identities, closeProConnectApp, proConnectHelpers, startProConnectApp } from '../proconnect/suite';

/**
 * ProConnect login against a real OpenID Connect provider (oidc-provider, in a child process):
 * authorisation code flow with state, nonce and PKCE; the accounts are linked, never created;
 * the refusals of an account are proconnect-accounts.int-spec's.
 */
describe('ProConnect login', () => {
  let provider: TestProvider, t: TestApp;
  beforeAll(async () => ({ provider, t } = await startProConnectApp()));
  afterAll(() => closeProConnectApp({ t, provider }));
  const { userByEmail, invite, startLogin, callback, refusalOf, proConnectLogin, lastAudit, expectRefusalAudited } = proConnectHelpers(() => ({ t, provider }));

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
