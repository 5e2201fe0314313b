import { createHash } from 'node:crypto';
import { CSRF_COOKIE, CurrentUserDto, SESSION_COOKIE, SessionDto } from '@cdlp/shared';
import { DEMO, TestApp, startTestApp } from '../test-app';
import { count, createUser, must } from '../fixtures';
import { BAD_CREDENTIALS, CSRF_REFUSED, ErrorBody, MINUTE, SESSION_EXPIRED, authSuite } from '../auth-fixtures';

/**
 * Authentication: the password login, the CSRF double submit, the account lockout, the
 * per-address rate limit and the idle timeout; logout, revocation and passwords are
 * auth-sessions.int-spec's.
 */
describe('authentication and sessions', () => {
  let t: TestApp;
  const { asAdmin, loginAs } = authSuite((app) => (t = app));

  describe('login', () => {
    it('logs in with the right password and returns the current user', async () => {
      const c = t.anon();
      const r = await c.post<CurrentUserDto>('/auth/login', { email: DEMO.secretariat, password: 'Demo-CDLP-2026!' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        email: DEMO.secretariat,
        role: 'SECRETARIAT',
        departementCode: '86',
        sessionIdleSeconds: 30 * 60,
      });
      expect(r.body.permissions).toContain('MEMBERS_WRITE');
      const me = await c.get<CurrentUserDto>('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(DEMO.secretariat);
    });

    it('accepts the e-mail address in any case and with surrounding spaces', async () => {
      const r = await t.anon().post('/auth/login', { email: 'Secretariat@Demo.CDLP.fr', password: 'Demo-CDLP-2026!' });
      expect(r.status).toBe(200);
    });

    it('refuses a wrong password with 401 and a French message', async () => {
      const r = await t.anon().post<ErrorBody>('/auth/login', { email: DEMO.president, password: 'mauvais-mot-de-passe' });
      expect(r.status).toBe(401);
      expect(r.body.message).toBe(BAD_CREDENTIALS);
      expect(r.headers.getSetCookie()).toEqual([]);
    });

    it('gives exactly the same answer for an unknown e-mail address', async () => {
      const known = await t.anon().post<ErrorBody>('/auth/login', { email: DEMO.president, password: 'mauvais-mot-de-passe' });
      const unknown = await t.anon().post<ErrorBody>('/auth/login', { email: 'inconnu@example.fr', password: 'mauvais-mot-de-passe' });
      expect(unknown.status).toBe(known.status);
      expect(unknown.body.message).toBe(known.body.message);
      expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
    });

    it('validates the body (400 with the field at fault)', async () => {
      const r = await t.anon().post<ErrorBody>('/auth/login', { email: 'pas-une-adresse', password: '' });
      expect(r.status).toBe(400);
      expect(r.body.errors?.map((e) => e.field).sort()).toEqual(['email', 'password']);
      expect(r.body.errors).toContainEqual({ field: 'email', message: "L'adresse électronique n'est pas valide." });
    });

    it('sets an httpOnly SameSite=Strict session cookie and a readable SameSite=Strict CSRF cookie', async () => {
      const r = await t.anon().post('/auth/login', { email: DEMO.member, password: 'Demo-CDLP-2026!' });
      expect(r.status).toBe(200);
      const cookies = r.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      const csrf = cookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`));
      expect(session).toBeDefined();
      expect(csrf).toBeDefined();
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Strict/i);
      expect(session).toMatch(/;\s*Path=\//i);
      expect(csrf).not.toMatch(/HttpOnly/i);
      expect(csrf).toMatch(/;\s*SameSite=Strict/i);

      // Only the hash of the session token is stored; the CSRF cookie is the session's token.
      const token = must(session, 'session cookie').split(';')[0].split('=')[1];
      const csrfValue = must(csrf, 'csrf cookie').split(';')[0].split('=')[1];
      const rows: { csrf_token: string }[] = await t.ds.query(`SELECT csrf_token FROM user_session WHERE token_hash = $1`, [
        createHash('sha256').update(token).digest('hex'),
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].csrf_token).toBe(csrfValue);
      expect(await count(t, 'user_session', 'token_hash = $1', [token])).toBe(0);
    });
  });

  describe('CSRF (double submit)', () => {
    it('refuses a state-changing request without the x-csrf-token header (403) and changes nothing', async () => {
      const c = await t.login(DEMO.secretariat);
      const before = await count(t, 'member');
      const r = await c.request<ErrorBody>('POST', '/members', { firstName: 'X' }, { csrf: false });
      expect(r.status).toBe(403);
      expect(r.body.message).toBe(CSRF_REFUSED);
      expect(await count(t, 'member')).toBe(before);
      const logout = await c.request<ErrorBody>('POST', '/auth/logout', {}, { csrf: false });
      expect(logout.status).toBe(403);
      expect((await c.get('/auth/me')).status).toBe(200);
    });

    it('refuses a wrong x-csrf-token (403), including the token of another session', async () => {
      const c = await t.login(DEMO.secretariat);
      const other = await t.login(DEMO.secretariat);
      const own = must(c.csrf, 'csrf');
      for (const token of ['faux', must(other.csrf, 'other csrf'), `${own.slice(0, -1)}${own.endsWith('0') ? '1' : '0'}`]) {
        const r = await c.request<ErrorBody>('POST', '/auth/logout', {}, { csrf: false, headers: { 'x-csrf-token': token } });
        expect(r.status).toBe(403);
        expect(r.body.message).toBe(CSRF_REFUSED);
      }
      expect((await c.get('/auth/me')).status).toBe(200);
      expect((await c.post('/auth/logout')).status).toBe(200);
    });

    it('does not ask for the token on reads', async () => {
      const c = await t.login(DEMO.secretariat);
      const r = await c.request('GET', '/members', undefined, { csrf: false });
      expect(r.status).toBe(200);
    });
  });

  describe('account lockout', () => {
    it('locks the account after LOGIN_MAX_FAILURES (5) failures: 429 even with the right password, open again after the delay', async () => {
      expect(t.config.loginMaxFailures).toBe(5);
      const u = await createUser(t);
      for (let i = 1; i <= 4; i++) {
        const r = await loginAs(u.email, 'mauvais-mot-de-passe');
        expect(r.status).toBe(401);
        expect(r.body.message).toBe(BAD_CREDENTIALS);
      }
      expect(await count(t, 'app_user', 'id = $1 AND failed_login_count = 4 AND locked_until IS NULL', [u.id])).toBe(1);
      const fifth = await loginAs(u.email, 'mauvais-mot-de-passe');
      expect(fifth.status).toBe(401);
      expect(await count(t, 'app_user', 'id = $1 AND locked_until IS NOT NULL', [u.id])).toBe(1);
      expect(await count(t, 'audit_event', `action = 'auth.account_locked' AND entity_id = $1`, [u.id])).toBe(1);

      const locked = await loginAs(u.email, u.password);
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/^Compte verrouillé après des échecs répétés\. Réessayez après \d{2}:\d{2}/);
      expect(locked.client.cookies[SESSION_COOKIE]).toBeUndefined();

      t.clock.advance(14 * MINUTE);
      expect((await loginAs(u.email, u.password)).status).toBe(429);
      t.clock.advance(1 * MINUTE + 1000);
      const open = await loginAs(u.email, u.password);
      expect(open.status).toBe(200);
      expect(await count(t, 'app_user', 'id = $1 AND failed_login_count = 0 AND locked_until IS NULL', [u.id])).toBe(1);
    });

    it('a success resets the failure count', async () => {
      const u = await createUser(t);
      for (let i = 0; i < 4; i++) expect((await loginAs(u.email, 'mauvais')).status).toBe(401);
      expect((await loginAs(u.email, u.password)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await loginAs(u.email, 'mauvais')).status).toBe(401);
      expect((await loginAs(u.email, u.password)).status).toBe(200);
    });

    it('counts concurrent failures: parallel guesses cannot bypass the lockout', async () => {
      const u = await createUser(t);
      const results = await Promise.all(Array.from({ length: 8 }, () => loginAs(u.email, 'mauvais-mot-de-passe')));
      for (const r of results) expect([401, 429]).toContain(r.status);
      const after = await loginAs(u.email, u.password);
      expect(after.status).toBe(429);
    });

    it('the admin unlock endpoint opens a locked account at once', async () => {
      const u = await createUser(t);
      for (let i = 0; i < 5; i++) await loginAs(u.email, 'mauvais-mot-de-passe');
      expect((await loginAs(u.email, u.password)).status).toBe(429);
      const a = await asAdmin();
      expect((await a.post(`/users/${u.id}/unlock`)).status).toBe(204);
      expect(await count(t, 'audit_event', `action = 'user.unlocked' AND entity_id = $1`, [u.id])).toBe(1);
      expect((await loginAs(u.email, u.password)).status).toBe(200);
    });
  });

  describe('per-address rate limit', () => {
    let limited: TestApp;

    beforeAll(async () => {
      limited = await startTestApp({ seedDemo: false, env: { LOGIN_RATE_PER_MINUTE: '3' } });
    });

    afterAll(async () => {
      await limited.close();
    });

    it('answers 429 after LOGIN_RATE_PER_MINUTE attempts from one address within a minute, then lets it try again', async () => {
      expect(limited.config.loginRatePerMinute).toBe(3);
      const c = limited.anon();
      const body = { email: 'inconnu@example.fr', password: 'mauvais-mot-de-passe' };
      for (let i = 0; i < 3; i++) expect((await c.post('/auth/login', body)).status).toBe(401);
      const refused = await c.post<ErrorBody>('/auth/login', body);
      expect(refused.status).toBe(429);
      expect(refused.body.message).toBe('Trop de tentatives de connexion. Patientez une minute avant de réessayer.');
      limited.clock.advance(61_000);
      expect((await c.post('/auth/login', body)).status).toBe(401);
    });
  });

  describe('idle timeout', () => {
    it('keeps a session alive while it is used at least every 29 minutes', async () => {
      const c = await t.login(DEMO.president);
      for (let i = 0; i < 3; i++) {
        t.clock.advance(29 * MINUTE);
        expect((await c.get('/auth/me')).status).toBe(200);
      }
    });

    it('expires a session after 30 minutes without activity (401 with a French message)', async () => {
      const c = await t.login(DEMO.president);
      const sessionId = must((await c.get<SessionDto[]>('/auth/sessions')).body.find((s) => s.current), 'session').id;
      t.clock.advance(31 * MINUTE);
      const r = await c.get<ErrorBody>('/auth/me');
      expect(r.status).toBe(401);
      expect(r.body.message).toBe(SESSION_EXPIRED);
      const rows: { revoke_reason: string }[] = await t.ds.query(`SELECT revoke_reason FROM user_session WHERE id = $1`, [
        sessionId,
      ]);
      expect(rows[0].revoke_reason).toBe('IDLE_TIMEOUT');
      expect((await c.get('/auth/me')).status).toBe(401);
    });
  });
});
