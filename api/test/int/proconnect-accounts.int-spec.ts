import { MIGRATIONS } from '@cdlp/migrations';
import { CurrentUserDto, LoginMethodsDto, UserDto } from '@cdlp/shared';
import { DEMO, TestApp, startTestApp } from '../test-app';
import { count } from '../fixtures';
import { TestProvider } from '../proconnect/provider';
import { identities, closeProConnectApp, proConnectHelpers, startProConnectApp } from '../proconnect/suite';

/**
 * ProConnect login: the accounts it refuses (they are linked, never created), and an api
 * without ProConnect configured; the protocol is proconnect-login.int-spec's.
 */
describe('ProConnect login', () => {
  let provider: TestProvider, t: TestApp;
  beforeAll(async () => ({ provider, t } = await startProConnectApp()));
  afterAll(() => closeProConnectApp({ t, provider }));
  const { asAdmin, userByEmail, invite, refusalOf, proConnectLogin, lastAudit, expectRefusalAudited } = proConnectHelpers(() => ({ t, provider }));

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
});

describe('ProConnect not configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false });
  });

  afterAll(() => t?.close());

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
