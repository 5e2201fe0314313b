import { MemberCategoryDto, MemberDto, PageDto, addDays, parisDate } from '@cdlp/shared';
import { count, lastAuditId, memberBody, must } from '../fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
}

const DEMO_LAST_NAMES = [
  'Benali', 'Berthier', 'Castaing', 'Collet', 'Delorme', 'Ferrand', 'Guérin', 'Haddad', 'Jourdain', 'Lacroix', 'Lemaire',
  'Marchand', 'Moreau', 'Morvan', 'Nguyen', 'Perrot', 'Picard', 'Raynal', 'Roche', 'Vasseur', 'Vidal',
];

describe('members registry', () => {
  let t: TestApp;
  let sec: TestClient;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    sec = await t.login(DEMO.secretariat);
    const rows: { id: string; last_name: string }[] = await t.ds.query(`SELECT id, last_name FROM member`);
    for (const r of rows) ids.set(r.last_name, r.id);
  });

  afterAll(async () => {
    await t.close();
  });

  const list = (query: string) => sec.get<PageDto<MemberDto>>(`/members${query}`);
  const today = () => parisDate(t.clock.now());

  /** Expects a 400 that names the given fields, and that nothing was written. */
  async function expectRefused(
    call: () => Promise<{ status: number; body: unknown }>,
    fields: Record<string, string>,
  ): Promise<ErrorBody> {
    const members = await count(t, 'member');
    const audit = await lastAuditId(t);
    const r = await call();
    expect(r.status).toBe(400);
    const body = r.body as ErrorBody;
    for (const [field, message] of Object.entries(fields)) {
      expect(body.errors).toContainEqual({ field, message });
    }
    expect(await count(t, 'member')).toBe(members);
    expect(await lastAuditId(t)).toBe(audit);
    return body;
  }

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

  describe('validation', () => {
    it('refuses an invalid body with French messages naming every field, and writes nothing', async () => {
      const body = await expectRefused(
        () =>
          sec.post('/members', {
            civility: 'MLLE',
            firstName: '',
            categoryCode: 'ETAT_SANTE',
            organisation: 'ARS',
            function: 'Médecin',
            email: 'pas-une-adresse',
            phone: 'abc',
            appointingOrderRef: 'Arrêté',
            termStart: '2026-02-30',
            votingRight: 'oui',
            seat: 'MEMBRE',
            appointmentKind: 'NOMME',
          }),
        {
          civility: 'La civilité doit être « MME » ou « M ».',
          firstName: 'Le prénom est obligatoire.',
          lastName: 'Le nom est obligatoire.',
          email: "L'adresse électronique n'est pas valide.",
          phone: "Le numéro de téléphone n'est pas valide.",
          termStart: 'Le début du mandat doit être une date au format AAAA-MM-JJ.',
          votingRight: 'Le droit de vote doit être vrai ou faux.',
          seat: 'Le siège doit être « TITULAIRE » ou « SUPPLEANT ».',
          appointmentKind: 'Le mode de désignation est invalide.',
        },
      );
      expect(body.message).toBe('Certains champs sont invalides. Corrigez-les puis réessayez.');
    });

    it('refuses an unexpected field', async () => {
      const body = await expectRefused(() => sec.post('/members', memberBody({ departementCode: '75' })), {
        departementCode: "Le champ « departementCode » n'est pas attendu.",
      });
      expect(body.message).toBe("Le champ « departementCode » n'est pas attendu.");
    });

    it('refuses an unknown category and a term that ends before it starts', async () => {
      await expectRefused(
        () => sec.post('/members', memberBody({ categoryCode: 'INCONNUE', termStart: '2026-05-01', termEnd: '2026-04-30' })),
        {
          categoryCode: 'La catégorie « INCONNUE » n\'existe pas.',
          termEnd: 'La fin du mandat ne peut pas précéder son début.',
        },
      );
    });

    it('refuses an e-mail address already used by a member in office, whatever its case', async () => {
      const body = await expectRefused(() => sec.post('/members', memberBody({ email: 'GENDARMERIE@demo.cdlp.fr' })), {
        email: 'Un membre en fonction utilise déjà cette adresse électronique.',
      });
      expect(body.message).toBe('Un membre en fonction utilise déjà cette adresse électronique.');
    });

    it('accepts the address of a member whose mandate has ended, and a member keeping his own address', async () => {
      const first = await sec.post<MemberDto>('/members', memberBody({ email: 'reprise@example.fr' }));
      expect((await sec.put(`/members/${first.body.id}`, memberBody({ email: 'reprise@example.fr' }))).status).toBe(200);
      await sec.post(`/members/${first.body.id}/end`, { endDate: '2026-06-30', reason: 'Mutation' });
      const second = await sec.post<MemberDto>('/members', memberBody({ email: 'reprise@example.fr' }));
      expect(second.status).toBe(201);
    });

    it('refuses to take the address of another member in office on update', async () => {
      const created = await sec.post<MemberDto>('/members', memberBody());
      const r = await sec.put<ErrorBody>(`/members/${created.body.id}`, memberBody({ email: 'ars@demo.cdlp.fr' }));
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ field: 'email', message: 'Un membre en fonction utilise déjà cette adresse électronique.' }]);
    });

    it('creates only one member when the same address is sent twice at the same time', async () => {
      const body = memberBody({ email: 'simultane@example.fr' });
      const results = await Promise.all([sec.post('/members', body), sec.post('/members', body)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, expect.any(Number)]);
      expect([400, 409]).toContain(results.map((r) => r.status).sort()[1]);
      expect(await count(t, 'member', `email = 'simultane@example.fr'`)).toBe(1);
    });
  });

  describe('MEMB-1: suppléance', () => {
    const suppleantOf = (titulaire: string, over: Record<string, unknown>) =>
      memberBody({ seat: 'SUPPLEANT', titulaireId: ids.get(titulaire), ...over });

    it('MEMB-1: accepts an ex officio suppléant of the same service and links both ways', async () => {
      const r = await sec.post<MemberDto>(
        '/members',
        suppleantOf('Guérin', { categoryCode: 'ETAT_GENDARMERIE', organisation: 'groupement de gendarmerie de la vienne' }),
      );
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ seat: 'SUPPLEANT', titulaireId: ids.get('Guérin'), titulaireName: 'Thomas Guérin' });
      const titulaire = await sec.get<MemberDto>(`/members/${ids.get('Guérin')}`);
      expect(titulaire.body.substituteIds).toContain(r.body.id);
    });

    it('MEMB-1: refuses a suppléant for a qualified person', async () => {
      await expectRefused(
        () =>
          sec.post(
            '/members',
            suppleantOf('Vidal', {
              categoryCode: 'PROFESSIONNEL_SANTE',
              organisation: "Conseil départemental de l'ordre des médecins",
              appointmentKind: 'QUALIFIED_PERSON',
            }),
          ),
        { titulaireId: 'Une personnalité qualifiée ne peut pas être suppléée (MEMB-1).' },
      );
    });

    it('MEMB-1: refuses a non-elected suppléant for an elected member', async () => {
      await expectRefused(
        () =>
          sec.post(
            '/members',
            suppleantOf('Jourdain', { categoryCode: 'COLLECTIVITE', organisation: 'Ville de Poitiers', appointmentKind: 'EX_OFFICIO' }),
          ),
        { titulaireId: 'Un élu ne peut être suppléé que par un élu (MEMB-1).' },
      );
    });

    it('MEMB-1: refuses an elected member of another assembly', async () => {
      await expectRefused(
        () =>
          sec.post(
            '/members',
            suppleantOf('Jourdain', { categoryCode: 'COLLECTIVITE', organisation: 'Ville de Châtellerault', appointmentKind: 'ELECTED' }),
          ),
        { titulaireId: 'Un élu ne peut être suppléé que par un élu de la même assemblée (MEMB-1).' },
      );
    });

    it('MEMB-1: refuses an ex officio suppléant from another service', async () => {
      await expectRefused(
        () =>
          sec.post(
            '/members',
            suppleantOf('Guérin', {
              categoryCode: 'ETAT_GENDARMERIE',
              organisation: 'Direction interdépartementale de la police nationale',
            }),
          ),
        { titulaireId: 'Un membre de droit ne peut être suppléé que par une personne du même service (MEMB-1).' },
      );
    });

    it('MEMB-1: refuses a suppléant of another category', async () => {
      await expectRefused(
        () => sec.post('/members', suppleantOf('Guérin', { categoryCode: 'ETAT_SECURITE_PUBLIQUE', organisation: 'Groupement de gendarmerie de la Vienne' })),
        { titulaireId: 'Le suppléant doit appartenir à la même catégorie que le titulaire (MEMB-1).' },
      );
    });

    it('MEMB-1: a suppléant must name a titulaire that exists and sits as titulaire', async () => {
      await expectRefused(() => sec.post('/members', memberBody({ seat: 'SUPPLEANT' })), {
        titulaireId: 'Un suppléant doit être rattaché à un titulaire (MEMB-1).',
      });
      await expectRefused(
        () => sec.post('/members', memberBody({ seat: 'SUPPLEANT', titulaireId: '0b7e2c4a-1f3d-4c5e-9a8b-7c6d5e4f3a2b' })),
        { titulaireId: 'Le titulaire suppléé est introuvable.' },
      );
      await expectRefused(
        () => sec.post('/members', suppleantOf('Raynal', { categoryCode: 'PRESIDENCE', organisation: 'Préfecture de la Vienne' })),
        { titulaireId: 'Le membre suppléé doit être un titulaire (MEMB-1).' },
      );
    });

    it('MEMB-1: a titulaire whose mandate has ended can no longer be given a suppléant', async () => {
      const titulaire = await sec.post<MemberDto>('/members', memberBody({ organisation: 'DSDEN', categoryCode: 'ETAT_EDUCATION' }));
      await sec.post(`/members/${titulaire.body.id}/end`, { endDate: '2026-02-01', reason: 'Mutation' });
      await expectRefused(
        () =>
          sec.post(
            '/members',
            memberBody({ seat: 'SUPPLEANT', titulaireId: titulaire.body.id, organisation: 'DSDEN', categoryCode: 'ETAT_EDUCATION' }),
          ),
        { titulaireId: 'Le mandat du titulaire a pris fin : il ne peut plus être suppléé (MEMB-1).' },
      );
    });

    it('MEMB-1: a member cannot become his own suppléant on update', async () => {
      const m = await sec.post<MemberDto>('/members', memberBody({ organisation: 'DSDEN', categoryCode: 'ETAT_EDUCATION' }));
      const r = await sec.put<ErrorBody>(
        `/members/${m.body.id}`,
        memberBody({ email: m.body.email, seat: 'SUPPLEANT', titulaireId: m.body.id, organisation: 'DSDEN', categoryCode: 'ETAT_EDUCATION' }),
      );
      expect(r.status).toBe(400);
      expect(r.body.errors).toContainEqual({ field: 'titulaireId', message: 'Un membre ne peut pas être son propre suppléant (MEMB-1).' });
    });

    it('MEMB-1: a titulaire with suppléants cannot be turned into a suppléant', async () => {
      const r = await sec.put<ErrorBody>(
        `/members/${ids.get('Delorme')}`,
        memberBody({
          email: 'ddets@demo.cdlp.fr',
          firstName: 'Marc',
          lastName: 'Delorme',
          categoryCode: 'ETAT_COHESION_SOCIALE',
          organisation: 'DDETS de la Vienne',
          seat: 'SUPPLEANT',
          titulaireId: ids.get('Lemaire'),
        }),
      );
      expect(r.status).toBe(400);
      expect(r.body.errors).toContainEqual({
        field: 'seat',
        message: 'Ce titulaire a des suppléants : rattachez-les à un autre titulaire avant de changer son siège.',
      });
      const rows: { seat: string }[] = await t.ds.query(`SELECT seat FROM member WHERE id = $1`, [ids.get('Delorme')]);
      expect(rows[0].seat).toBe('TITULAIRE');
    });
  });

  describe('COMP-3: child-protection members and PSP examinations', () => {
    it('COMP-3: the categories added by the decree of 30 Dec 2025 are excluded from PSP examinations by default', async () => {
      const r = await sec.get<MemberCategoryDto[]>('/registry/member-categories');
      expect(r.status).toBe(200);
      const excluded = r.body.filter((c) => c.excludedFromPspByDefault).map((c) => c.code);
      expect(excluded.sort()).toEqual(['PRESIDENT_CONSEIL_DEPARTEMENTAL', 'PROTECTION_ENFANCE']);
      expect(r.body.find((c) => c.code === 'PROTECTION_ENFANCE')?.validFrom).toBe('2025-12-31');
    });

    it('COMP-3: a new PROTECTION_ENFANCE member is excluded from PSP examinations without being asked', async () => {
      const r = await sec.post<MemberDto>(
        '/members',
        memberBody({ categoryCode: 'PROTECTION_ENFANCE', organisation: 'Conseil départemental — ASE', appointmentKind: 'REPRESENTATIVE' }),
      );
      expect(r.status).toBe(201);
      expect(r.body.excludedFromPsp).toBe(true);
      const rows: { excluded_from_psp: boolean }[] = await t.ds.query(`SELECT excluded_from_psp FROM member WHERE id = $1`, [r.body.id]);
      expect(rows[0].excluded_from_psp).toBe(true);
    });

    it('COMP-3: the président du conseil départemental is excluded too; other categories are not', async () => {
      const pcd = await sec.post<MemberDto>(
        '/members',
        memberBody({ categoryCode: 'PRESIDENT_CONSEIL_DEPARTEMENTAL', organisation: 'Conseil départemental', appointmentKind: 'ELECTED' }),
      );
      expect(pcd.body.excludedFromPsp).toBe(true);
      const other = await sec.post<MemberDto>('/members', memberBody({ categoryCode: 'ETAT_SANTE' }));
      expect(other.body.excludedFromPsp).toBe(false);
    });

    it('COMP-3: the default can be overridden explicitly', async () => {
      const r = await sec.post<MemberDto>(
        '/members',
        memberBody({ categoryCode: 'PROTECTION_ENFANCE', organisation: 'Conseil départemental — ASE', excludedFromPsp: false }),
      );
      expect(r.body.excludedFromPsp).toBe(false);
    });
  });
});
