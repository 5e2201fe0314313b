import { createHash } from 'node:crypto';
import { CSRF_COOKIE, CurrentUserDto, SESSION_COOKIE, SessionDto } from '@cdlp/shared';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { TEST_PASSWORD, count, createUser, lastResetToken, must } from '../fixtures';

const BAD_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';
const SESSION_EXPIRED = 'Votre session a expiré ou vous n’êtes pas connecté. Veuillez vous connecter.';
const CSRF_REFUSED = 'Jeton anti-falsification (CSRF) absent ou invalide. Rechargez la page.';
const MINUTE = 60_000;

interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
}

describe('authentication and sessions', () => {
  let t: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  /** The admin session is refreshed when a test moved the clock past its idle timeout. */
  async function asAdmin(): Promise<TestClient> {
    if (!admin || (await admin.get('/auth/me')).status !== 200) admin = await t.login(DEMO.admin);
    return admin;
  }

  async function loginAs(email: string, password: string): Promise<{ client: TestClient; status: number; body: ErrorBody }> {
    const client = t.anon();
    const r = await client.post<ErrorBody>('/auth/login', { email, password });
    return { client, status: r.status, body: r.body };
  }

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

  describe('logout and revocation', () => {
    it('logout revokes the session: the old cookie no longer works', async () => {
      const c = await t.login(DEMO.secretariat);
      const saved = { ...c.cookies };
      const r = await c.post('/auth/logout');
      expect(r.status).toBe(200);
      // A password session has no ProConnect session to end.
      expect(r.body).toEqual({ endSessionUrl: null });
      expect(c.cookies[SESSION_COOKIE]).toBeUndefined();
      const replay = new TestClient(t.baseUrl, saved);
      expect((await replay.get('/auth/me')).status).toBe(401);
      const hash = createHash('sha256').update(saved[SESSION_COOKIE]).digest('hex');
      expect(await count(t, 'user_session', `token_hash = $1 AND revoked_at IS NOT NULL AND revoke_reason = 'LOGOUT'`, [hash])).toBe(1);
    });

    it('lists own sessions and revokes another one of them', async () => {
      const u = await createUser(t);
      const a = await t.login(u.email, u.password);
      const b = await t.login(u.email, u.password);
      const list = await a.get<SessionDto[]>('/auth/sessions');
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(2);
      expect(list.body.filter((s) => s.current)).toHaveLength(1);
      const other = must(list.body.find((s) => !s.current), 'other session');
      expect((await a.delete(`/auth/sessions/${other.id}`)).status).toBe(204);
      expect((await b.get('/auth/me')).status).toBe(401);
      expect((await a.get('/auth/me')).status).toBe(200);
      expect((await a.get<SessionDto[]>('/auth/sessions')).body).toHaveLength(1);
      // Already revoked: not found.
      expect((await a.delete(`/auth/sessions/${other.id}`)).status).toBe(404);
    });

    it("cannot revoke another user's session (404) and that session stays alive", async () => {
      const victim = await t.login(DEMO.president);
      const victimSession = must((await victim.get<SessionDto[]>('/auth/sessions')).body.find((s) => s.current), 'session');
      const attacker = await t.login(DEMO.member);
      const r = await attacker.delete<ErrorBody>(`/auth/sessions/${victimSession.id}`);
      expect(r.status).toBe(404);
      expect(r.body.message).toBe('Session introuvable.');
      expect((await victim.get('/auth/me')).status).toBe(200);
    });

    it('the admin revokes every session of a user', async () => {
      const u = await createUser(t);
      const s1 = await t.login(u.email, u.password);
      const s2 = await t.login(u.email, u.password);
      const r = await (await asAdmin()).post(`/users/${u.id}/revoke-sessions`);
      expect(r.status).toBe(204);
      expect((await s1.get('/auth/me')).status).toBe(401);
      expect((await s2.get('/auth/me')).status).toBe(401);
      expect(await count(t, 'user_session', `user_id = $1 AND revoke_reason = 'REVOKED_BY_ADMIN'`, [u.id])).toBe(2);
      expect((await loginAs(u.email, u.password)).status).toBe(200);
    });

    it('a deactivated user is logged out at once and cannot log in again', async () => {
      const u = await createUser(t, { firstName: 'Désactivé', lastName: 'Compte' });
      const s = await t.login(u.email, u.password);
      const r = await (await asAdmin()).put(`/users/${u.id}`, {
        email: u.email,
        firstName: 'Désactivé',
        lastName: 'Compte',
        role: 'SECRETARIAT',
        active: false,
      });
      expect(r.status).toBe(200);
      expect((await s.get('/auth/me')).status).toBe(401);
      const again = await loginAs(u.email, u.password);
      expect(again.status).toBe(401);
      expect(again.body.message).toBe('Ce compte est désactivé. Contactez le secrétariat de la commission.');
      // A wrong password does not reveal that the account exists but is deactivated.
      expect((await loginAs(u.email, 'mauvais-mot-de-passe')).body.message).toBe(BAD_CREDENTIALS);
    });

    it('a session of a deactivated user stays refused even if its row was not revoked', async () => {
      const u = await createUser(t);
      const s = await t.login(u.email, u.password);
      await t.ds.query(`UPDATE app_user SET active = false WHERE id = $1`, [u.id]);
      expect((await s.get('/auth/me')).status).toBe(401);
    });
  });

  describe('password reset', () => {
    it('queues a mail with a one-time link; the link works once, revokes every session and replaces the password', async () => {
      const u = await createUser(t);
      const s1 = await t.login(u.email, u.password);
      const s2 = await t.login(u.email, u.password);
      const before = await count(t, 'outbox_message');

      const req = await t.anon().post<{ message: string }>('/auth/password-reset/request', { email: u.email.toUpperCase() });
      expect(req.status).toBe(202);
      expect(req.body.message).toBe('Si un compte correspond à cette adresse, un courriel de réinitialisation a été envoyé.');
      expect(await count(t, 'outbox_message')).toBe(before + 1);
      const rows: { template: string; recipient: string; status: string; subject: string; html_body: string; text_body: string }[] =
        await t.ds.query(`SELECT * FROM outbox_message WHERE recipient = $1`, [u.email]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ template: 'password-reset', status: 'QUEUED', subject: 'Réinitialisation de votre mot de passe' });
      expect(rows[0].text_body).toContain(`${t.config.publicUrl}/reinitialiser-mot-de-passe?token=`);

      const token = await lastResetToken(t, u.email);
      expect(rows[0].html_body).toContain(token);
      // Only the hash of the token is stored.
      expect(await count(t, 'password_reset_token', 'token_hash = $1', [token])).toBe(0);
      expect(await count(t, 'password_reset_token', 'token_hash = $1', [createHash('sha256').update(token).digest('hex')])).toBe(1);

      const newPassword = 'Nouveau-mot-de-passe-2026';
      const reset = await t.anon().post('/auth/password-reset', { token, newPassword });
      expect(reset.status).toBe(204);

      const again = await t.anon().post<ErrorBody>('/auth/password-reset', { token, newPassword: 'Encore-un-autre-2026' });
      expect(again.status).toBe(400);
      expect(again.body.message).toBe('Ce lien de réinitialisation est invalide ou a expiré. Demandez-en un nouveau.');
      expect(again.body.errors).toEqual([{ field: 'token', message: 'Lien invalide ou expiré.' }]);

      expect((await s1.get('/auth/me')).status).toBe(401);
      expect((await s2.get('/auth/me')).status).toBe(401);
      expect(await count(t, 'user_session', `user_id = $1 AND revoked_at IS NULL`, [u.id])).toBe(0);
      expect((await loginAs(u.email, u.password)).status).toBe(401);
      expect((await loginAs(u.email, newPassword)).status).toBe(200);
      expect(await count(t, 'audit_event', `action = 'auth.password_reset' AND entity_id = $1`, [u.id])).toBe(1);
    });

    it('a reset also cancels the other links sent earlier to the same account', async () => {
      const u = await createUser(t);
      await t.anon().post('/auth/password-reset/request', { email: u.email });
      const older = await lastResetToken(t, u.email);
      t.clock.advance(1000);
      await t.anon().post('/auth/password-reset/request', { email: u.email });
      const newer = await lastResetToken(t, u.email);
      expect(newer).not.toBe(older);
      expect((await t.anon().post('/auth/password-reset', { token: newer, newPassword: 'Nouveau-mot-de-passe-2026' })).status).toBe(204);
      const r = await t.anon().post<ErrorBody>('/auth/password-reset', { token: older, newPassword: 'Mot-de-passe-pirate-2026' });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ field: 'token', message: 'Lien invalide ou expiré.' }]);
      expect((await loginAs(u.email, 'Nouveau-mot-de-passe-2026')).status).toBe(200);
    });

    it('a reset link expires after 60 minutes', async () => {
      const u = await createUser(t);
      expect((await t.anon().post('/auth/password-reset/request', { email: u.email })).status).toBe(202);
      const token = await lastResetToken(t, u.email);
      t.clock.advance(61 * MINUTE);
      const r = await t.anon().post<ErrorBody>('/auth/password-reset', { token, newPassword: 'Nouveau-mot-de-passe-2026' });
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0].field).toBe('token');
      expect((await loginAs(u.email, u.password)).status).toBe(200);
    });

    it('a reset unlocks a locked account', async () => {
      const u = await createUser(t);
      for (let i = 0; i < 5; i++) await loginAs(u.email, 'mauvais-mot-de-passe');
      expect((await loginAs(u.email, u.password)).status).toBe(429);
      await t.anon().post('/auth/password-reset/request', { email: u.email });
      const token = await lastResetToken(t, u.email);
      expect((await t.anon().post('/auth/password-reset', { token, newPassword: 'Nouveau-mot-de-passe-2026' })).status).toBe(204);
      expect((await loginAs(u.email, 'Nouveau-mot-de-passe-2026')).status).toBe(200);
    });

    it('refuses a too short new password (400, field newPassword) and keeps the link usable', async () => {
      const u = await createUser(t);
      await t.anon().post('/auth/password-reset/request', { email: u.email });
      const token = await lastResetToken(t, u.email);
      const r = await t.anon().post<ErrorBody>('/auth/password-reset', { token, newPassword: 'court' });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ field: 'newPassword', message: 'Le mot de passe doit contenir au moins 12 caractères.' }]);
      expect((await t.anon().post('/auth/password-reset', { token, newPassword: 'Assez-long-2026!' })).status).toBe(204);
    });

    it('answers 202 with the same message for an unknown address and queues nothing', async () => {
      const before = await count(t, 'outbox_message');
      const tokens = await count(t, 'password_reset_token');
      const r = await t.anon().post<{ message: string }>('/auth/password-reset/request', { email: 'personne@example.fr' });
      expect(r.status).toBe(202);
      expect(r.body.message).toBe('Si un compte correspond à cette adresse, un courriel de réinitialisation a été envoyé.');
      expect(await count(t, 'outbox_message')).toBe(before);
      expect(await count(t, 'password_reset_token')).toBe(tokens);
    });

    it('queues nothing for a deactivated account', async () => {
      const u = await createUser(t);
      await t.ds.query(`UPDATE app_user SET active = false WHERE id = $1`, [u.id]);
      const before = await count(t, 'outbox_message');
      expect((await t.anon().post('/auth/password-reset/request', { email: u.email })).status).toBe(202);
      expect(await count(t, 'outbox_message')).toBe(before);
    });
  });

  describe('change password', () => {
    it('refuses a wrong current password (400, field currentPassword) and changes nothing', async () => {
      const u = await createUser(t);
      const c = await t.login(u.email, u.password);
      const r = await c.post<ErrorBody>('/auth/password', { currentPassword: 'pas-le-bon-mot', newPassword: 'Nouveau-mot-de-passe-2026' });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('Le mot de passe actuel est incorrect.');
      expect(r.body.errors).toEqual([{ field: 'currentPassword', message: 'Mot de passe incorrect.' }]);
      expect((await loginAs(u.email, TEST_PASSWORD)).status).toBe(200);
    });

    it('changes the password, keeps the current session and ends the others', async () => {
      const u = await createUser(t);
      const c = await t.login(u.email, u.password);
      const other = await t.login(u.email, u.password);
      const r = await c.post('/auth/password', { currentPassword: u.password, newPassword: 'Nouveau-mot-de-passe-2026' });
      expect(r.status).toBe(204);
      expect((await c.get('/auth/me')).status).toBe(200);
      expect((await other.get('/auth/me')).status).toBe(401);
      expect((await loginAs(u.email, u.password)).status).toBe(401);
      expect((await loginAs(u.email, 'Nouveau-mot-de-passe-2026')).status).toBe(200);
    });
  });
});
