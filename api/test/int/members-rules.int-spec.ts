import { MemberCategoryDto, MemberDto } from '@cdlp/shared';
import { count, memberBody } from '../fixtures';
import { ErrorBody, refusalCheck, startMembersApp } from '../members-fixtures';
import { TestApp, TestClient } from '../test-app';

/**
 * The rules of a member record: the validation of the body, the suppléance (MEMB-1) and
 * the child-protection members kept out of the PSP examinations (COMP-3).
 */
describe('members registry', () => {
  let t: TestApp, sec: TestClient, ids: Map<string, string>;
  beforeAll(async () => ({ t, sec, ids } = await startMembersApp()));
  afterAll(() => t?.close());

  const expectRefused = refusalCheck(() => t);

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
