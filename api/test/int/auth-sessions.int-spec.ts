import { createHash } from 'node:crypto';
import { SESSION_COOKIE, SessionDto } from '@cdlp/shared';
import { DEMO, TestApp, TestClient } from '../test-app';
import { TEST_PASSWORD, count, createUser, lastResetToken, must } from '../fixtures';
import { BAD_CREDENTIALS, ErrorBody, MINUTE, authSuite } from '../auth-fixtures';

/**
 * Sessions and passwords: logout and revocation, the password reset, the change of
 * password; the login itself is auth-login.int-spec's.
 */
describe('authentication and sessions', () => {
  let t: TestApp;
  const { asAdmin, loginAs } = authSuite((app) => (t = app));

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
