import { MemberDto, PageDto, addDays, parisDate } from '@cdlp/shared';
import { count, memberBody, must } from '../fixtures';
import { ErrorBody, refusalCheck, startMembersApp } from '../members-fixtures';
import { DEMO, TestApp, TestClient } from '../test-app';

const DEMO_LAST_NAMES = [
  'Benali', 'Berthier', 'Castaing', 'Collet', 'Delorme', 'Ferrand', 'Guérin', 'Haddad', 'Jourdain', 'Lacroix', 'Lemaire',
  'Marchand', 'Moreau', 'Morvan', 'Nguyen', 'Perrot', 'Picard', 'Raynal', 'Roche', 'Vasseur', 'Vidal',
];

/**
 * The members registry: the list (paging, sorting, search, filters), creating, reading and
 * updating a member, and the end of a mandate; the rules of a member record are
 * members-rules.int-spec's.
 */
describe('members registry', () => {
  let t: TestApp, sec: TestClient, ids: Map<string, string>;
  beforeAll(async () => ({ t, sec, ids } = await startMembersApp()));
  afterAll(() => t?.close());

  const expectRefused = refusalCheck(() => t);
  const list = (query: string) => sec.get<PageDto<MemberDto>>(`/members${query}`);
  const today = () => parisDate(t.clock.now());

  describe('list', () => {
    it('pages the active members, sorted by last name by default', async () => {
      const r = await list('');
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(21);
      expect(r.body.page).toBe(1);
      expect(r.body.pageSize).toBe(20);
      expect(r.body.items.map((m) => m.lastName)).toEqual(DEMO_LAST_NAMES.slice(0, 20));
      const p2 = await list('?page=2');
      expect(p2.body.items.map((m) => m.lastName)).toEqual(['Vidal']);
    });

    it('returns the requested page and page size, and an empty page past the end', async () => {
      const r = await list('?page=2&pageSize=5');
      expect(r.body).toMatchObject({ total: 21, page: 2, pageSize: 5 });
      expect(r.body.items.map((m) => m.lastName)).toEqual(DEMO_LAST_NAMES.slice(5, 10));
      const past = await list('?page=9&pageSize=5');
      expect(past.body.items).toEqual([]);
      expect(past.body.total).toBe(21);
    });

    it('sorts in descending order', async () => {
      const r = await list('?order=desc&pageSize=3');
      expect(r.body.items.map((m) => m.lastName)).toEqual(['Vidal', 'Vasseur', 'Roche']);
    });

    it('sorts by category (configured order) then by last name', async () => {
      const r = await list('?sort=category&pageSize=200');
      const names = r.body.items.map((m) => m.lastName);
      expect(names.slice(0, 3)).toEqual(['Morvan', 'Raynal', 'Castaing']);
      expect(names[names.length - 1]).toBe('Perrot');
      const desc = await list('?sort=category&order=desc&pageSize=1');
      expect(desc.body.items[0].lastName).toBe('Perrot');
    });

    it('searches without regard to accents or case, in names, organisation and function', async () => {
      for (const q of ['guerin', 'GUÉRIN', 'Guérin', 'uéri']) {
        const r = await list(`?search=${encodeURIComponent(q)}`);
        expect(r.body.items.map((m) => m.lastName)).toEqual(['Guérin']);
      }
      const byFirstName = await list(`?search=${encodeURIComponent('helene')}`);
      expect(byFirstName.body.items.map((m) => m.lastName)).toEqual(['Castaing']);
      const byOrganisation = await list('?search=gendarmerie');
      expect(byOrganisation.body.items.map((m) => m.lastName)).toEqual(['Guérin', 'Picard']);
      const byFunction = await list(`?search=${encodeURIComponent('préfète')}`);
      expect(byFunction.body.items.map((m) => m.lastName)).toEqual(['Morvan']);
    });

    it('treats % and _ in the search as plain characters', async () => {
      expect((await list('?search=%25')).body.total).toBe(0);
      expect((await list('?search=_')).body.total).toBe(0);
    });

    it('filters by category', async () => {
      const r = await list('?categoryCode=ETAT_GENDARMERIE');
      expect(r.body.total).toBe(2);
      expect(r.body.items.every((m) => m.categoryCode === 'ETAT_GENDARMERIE')).toBe(true);
      expect(r.body.items[0].categoryLabel).toBe("Services de l'État : gendarmerie");
    });

    it('shows the titulaire of a suppléant and the suppléants of a titulaire', async () => {
      const r = await list('?search=prefecture&pageSize=50');
      const morvan = must(r.body.items.find((m) => m.lastName === 'Morvan'), 'Morvan');
      const raynal = must(r.body.items.find((m) => m.lastName === 'Raynal'), 'Raynal');
      expect(raynal).toMatchObject({ seat: 'SUPPLEANT', titulaireId: morvan.id, titulaireName: 'Claire Morvan' });
      expect(morvan.substituteIds).toEqual([raynal.id]);
    });

    it.each([
      ['?pageSize=500', 'pageSize', 'La taille de page ne peut pas dépasser 200.'],
      ['?page=0', 'page', 'Le numéro de page doit être au moins 1.'],
      ['?page=abc', 'page', 'Le numéro de page doit être un entier.'],
      ['?status=old', 'status', 'Le filtre de statut doit valoir active, ended ou all.'],
      ['?sort=email', 'sort', 'Le tri doit valoir lastName, category ou termEnd.'],
      ['?order=up', 'order', "L'ordre de tri doit valoir asc ou desc."],
    ])('refuses the query %s with a French message naming %s', async (query, field, message) => {
      const r = await sec.get<ErrorBody>(`/members${query}`);
      expect(r.status).toBe(400);
      expect(r.body.errors).toContainEqual({ field, message });
    });
  });

  describe('create, read, update', () => {
    it('creates a member (201), trims and lower-cases, and can read it back', async () => {
      const r = await sec.post<MemberDto>(
        '/members',
        memberBody({ firstName: '  Inès ', lastName: 'Créée', email: 'Ines.Creee@Example.FR', phone: '05 49 00 00 00' }),
      );
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        firstName: 'Inès',
        lastName: 'Créée',
        email: 'ines.creee@example.fr',
        phone: '05 49 00 00 00',
        departementCode: '86',
        categoryCode: 'ETAT_SANTE',
        categoryLabel: 'Agence régionale de santé',
        seat: 'TITULAIRE',
        titulaireId: null,
        excludedFromPsp: false,
        endedAt: null,
        active: true,
        substituteIds: [],
      });
      const rows: { email: string; first_name: string }[] = await t.ds.query(`SELECT email, first_name FROM member WHERE id = $1`, [
        r.body.id,
      ]);
      expect(rows).toEqual([{ email: 'ines.creee@example.fr', first_name: 'Inès' }]);
      const got = await sec.get<MemberDto>(`/members/${r.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(r.body);
    });

    it('answers 404 with a French message for an unknown member, 400 for a malformed id', async () => {
      const r = await sec.get<ErrorBody>('/members/0b7e2c4a-1f3d-4c5e-9a8b-7c6d5e4f3a2b');
      expect(r.status).toBe(404);
      expect(r.body.message).toBe('Membre introuvable.');
      const bad = await sec.get<ErrorBody>('/members/pas-un-id');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('La requête est invalide.');
    });

    it('updates a member and records which fields changed', async () => {
      const created = await sec.post<MemberDto>('/members', memberBody());
      const body = memberBody({ email: created.body.email, function: 'Directrice de la santé publique', votingRight: false });
      const r = await sec.put<MemberDto>(`/members/${created.body.id}`, body);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ function: 'Directrice de la santé publique', votingRight: false });
      const rows: { function: string; voting_right: boolean }[] = await t.ds.query(
        `SELECT function, voting_right FROM member WHERE id = $1`,
        [created.body.id],
      );
      expect(rows[0]).toEqual({ function: 'Directrice de la santé publique', voting_right: false });
      const audit: { details: { changedFields: string[] } }[] = await t.ds.query(
        `SELECT details FROM audit_event WHERE entity_id = $1 AND action = 'member.updated'`,
        [created.body.id],
      );
      expect(audit[0].details.changedFields.sort()).toEqual(['function', 'votingRight']);
    });

    it('answers 404 when updating an unknown member', async () => {
      const r = await sec.put<ErrorBody>('/members/0b7e2c4a-1f3d-4c5e-9a8b-7c6d5e4f3a2b', memberBody());
      expect(r.status).toBe(404);
    });

    it('CONV-1: registers members without an e-mail address (blank is none, twice allowed) with a postal address', async () => {
      const address = '12 rue Carnot\n86000 Poitiers';
      const a = await sec.post<MemberDto>('/members', memberBody({ email: '', postalAddress: address }));
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ email: null, postalAddress: address });
      const b = await sec.post<MemberDto>('/members', memberBody({ email: '  ', postalAddress: ' ' }));
      expect(b.status).toBe(201);
      expect(b.body).toMatchObject({ email: null, postalAddress: null });
      const { email: _email, ...withoutEmail } = memberBody();
      const c = await sec.post<MemberDto>('/members', withoutEmail);
      expect(c.status).toBe(201);
      expect(c.body.email).toBeNull();
      const rows: { email: string | null; postal_address: string | null }[] = await t.ds.query(
        `SELECT email, postal_address FROM member WHERE id = $1`,
        [a.body.id],
      );
      expect(rows[0]).toEqual({ email: null, postal_address: address });
      // An address given later is checked and stored in lower case.
      const r = await sec.put<MemberDto>(`/members/${a.body.id}`, memberBody({ email: 'Odette.Courrier@Example.fr' }));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ email: 'odette.courrier@example.fr', postalAddress: null });
    });

    it('CONV-1: refuses an invalid e-mail and a postal address over 300 characters (400, nothing written)', async () => {
      await expectRefused(() => sec.post('/members', memberBody({ email: 'pas-une-adresse' })), {
        email: "L'adresse électronique n'est pas valide.",
      });
      await expectRefused(() => sec.post('/members', memberBody({ postalAddress: 'x'.repeat(301) })), {
        postalAddress: "L'adresse postale ne peut pas dépasser 300 caractères.",
      });
    });
  });

  describe('end of mandate (history kept)', () => {
    it('ends a mandate: the member leaves the active list, appears under ended and all, and is not deleted', async () => {
      const created = await sec.post<MemberDto>('/members', memberBody({ lastName: 'Partante' }));
      const before = await count(t, 'member');
      const r = await sec.post<MemberDto>(`/members/${created.body.id}/end`, { endDate: today(), reason: '  Mutation  ' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ endedAt: today(), endReason: 'Mutation', active: false });
      expect(await count(t, 'member')).toBe(before);

      const find = async (status: string) =>
        (await list(`?status=${status}&search=partante`)).body.items.map((m) => m.id);
      expect(await find('active')).toEqual([]);
      expect(await find('ended')).toEqual([created.body.id]);
      expect(await find('all')).toEqual([created.body.id]);
      expect((await sec.get<MemberDto>(`/members/${created.body.id}`)).body.active).toBe(false);
    });

    it('a mandate ended at a future date stays active until then', async () => {
      const created = await sec.post<MemberDto>('/members', memberBody({ lastName: 'Sortante' }));
      const r = await sec.post<MemberDto>(`/members/${created.body.id}/end`, { endDate: addDays(today(), 10), reason: 'Retraite' });
      expect(r.body.active).toBe(true);
      expect((await list('?search=sortante')).body.total).toBe(1);
      t.clock.advance(11 * 86_400_000);
      sec = await t.login(DEMO.secretariat);
      expect((await list('?search=sortante')).body.total).toBe(0);
      expect((await list('?status=ended&search=sortante')).body.total).toBe(1);
    });

    it('a member whose term is over is listed as ended', async () => {
      const created = await sec.post<MemberDto>(
        '/members',
        memberBody({ lastName: 'Expirée', termStart: '2020-01-01', termEnd: '2023-12-31' }),
      );
      expect(created.body.active).toBe(false);
      expect((await list('?status=ended&search=expiree')).body.total).toBe(1);
      expect((await list('?search=expiree')).body.total).toBe(0);
      const byTermEnd = await list('?status=all&sort=termEnd&pageSize=1');
      expect(byTermEnd.body.items[0].lastName).toBe('Expirée');
    });

    it('refuses to end a mandate twice (409) and an end before the start (400, field endDate)', async () => {
      const created = await sec.post<MemberDto>('/members', memberBody({ termStart: '2026-01-01' }));
      const early = await sec.post<ErrorBody>(`/members/${created.body.id}/end`, { endDate: '2025-12-31', reason: 'Erreur' });
      expect(early.status).toBe(400);
      expect(early.body.errors).toEqual([{ field: 'endDate', message: 'La date de fin ne peut pas précéder le début du mandat.' }]);
      expect((await sec.post(`/members/${created.body.id}/end`, { endDate: '2026-02-01', reason: 'Mutation' })).status).toBe(200);
      const twice = await sec.post<ErrorBody>(`/members/${created.body.id}/end`, { endDate: '2026-03-01', reason: 'Mutation' });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe('Le mandat de ce membre a déjà pris fin.');
    });

    it('requires a date and a reason to end a mandate', async () => {
      const created = await sec.post<MemberDto>('/members', memberBody());
      const r = await sec.post<ErrorBody>(`/members/${created.body.id}/end`, { endDate: '30/06/2026', reason: '' });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'endDate', message: 'La date de fin doit être une date au format AAAA-MM-JJ.' },
          { field: 'reason', message: 'Le motif de fin de mandat est obligatoire.' },
        ]),
      );
      expect((await sec.get<MemberDto>(`/members/${created.body.id}`)).body.endedAt).toBeNull();
    });

    it('offers no way to delete a member', async () => {
      const before = await count(t, 'member');
      const r = await sec.delete(`/members/${ids.get('Vidal')}`);
      expect(r.status).toBe(404);
      expect(await count(t, 'member')).toBe(before);
    });
  });
});
