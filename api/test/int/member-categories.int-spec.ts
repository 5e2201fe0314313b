import { MemberCategoryDto } from '@cdlp/shared';
import { DEMO, TestApp, startTestApp } from '../test-app';

/** COMP-2: member categories are dated configuration in the database, not code. */
describe('member categories (COMP-2, COMP-3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('COMP-2: lists the categories of the commission, in order, each with its validity date', async () => {
    const sec = await t.login(DEMO.secretariat);
    const r = await sec.get<MemberCategoryDto[]>('/registry/member-categories');
    expect(r.status).toBe(200);
    const codes = r.body.map((c) => c.code);
    for (const code of [
      'PRESIDENCE',
      'MAGISTRAT',
      'ETAT_SECURITE_PUBLIQUE',
      'ETAT_GENDARMERIE',
      'ETAT_ETRANGERS',
      'COLLECTIVITE',
      'PROFESSIONNEL_SANTE',
      'ASSOCIATION',
    ]) {
      expect(codes).toContain(code);
    }
    expect(r.body.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.validFrom))).toBe(true);
    // COMP-3: the categories added by the decree of 30 December 2025 are excluded from PSP examinations by default.
    expect(
      r.body
        .filter((c) => c.excludedFromPspByDefault)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['PRESIDENT_CONSEIL_DEPARTEMENTAL', 'PROTECTION_ENFANCE']);
  });

  it('COMP-2: a category that is no longer in force refuses new appointments, with the field named', async () => {
    await t.ownerDs.query(`UPDATE member_category SET valid_to = '2020-12-31' WHERE code = 'ETAT_TRAVAIL_EMPLOI'`);
    const sec = await t.login(DEMO.secretariat);
    const r = await sec.post<{ message: string; errors: { field: string; message: string }[] }>('/members', {
      civility: 'MME',
      firstName: 'Nora',
      lastName: 'Catégorie',
      categoryCode: 'ETAT_TRAVAIL_EMPLOI',
      organisation: 'France Travail',
      function: 'Directrice',
      email: 'nora.categorie@example.fr',
      appointingOrderRef: 'Arrêté 2026-1',
      termStart: '2026-01-01',
      votingRight: true,
      seat: 'TITULAIRE',
      appointmentKind: 'REPRESENTATIVE',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        field: 'categoryCode',
        message: expect.stringContaining("n'est plus en vigueur"),
      }),
    ]);
    const [{ n }] = (await t.ds.query(
      `SELECT count(*)::int AS n FROM member WHERE email = 'nora.categorie@example.fr'`,
    )) as { n: number }[];
    expect(n).toBe(0);
  });

  it('COMP-2: an unknown category is refused', async () => {
    const sec = await t.login(DEMO.secretariat);
    const r = await sec.post<{ errors: { field: string }[] }>('/members', {
      civility: 'M',
      firstName: 'Paul',
      lastName: 'Inconnu',
      categoryCode: 'INCONNUE',
      organisation: 'X',
      function: 'Y',
      email: 'paul.inconnu@example.fr',
      appointingOrderRef: 'Arrêté 2026-2',
      termStart: '2026-01-01',
      votingRight: true,
      seat: 'TITULAIRE',
      appointmentKind: 'EX_OFFICIO',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.field)).toContain('categoryCode');
  });
});
