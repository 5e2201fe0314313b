import {
  NATIONAL_STATISTIC_COLUMNS,
  NationalDepartementDto,
  NationalStatisticsDto,
  parisDate,
  statisticCellValue,
} from '@cdlp/shared';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { body, download, readXlsx, sheet } from '../strategy-fixtures';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * TENANT-1: what the national pages of the web need besides the national suite's routes:
 * one département's page in the national administration, and the national statistics as a
 * workbook, exactly as protected as on the page (PSP-4 median, « < 5 »).
 */
describe('TENANT-1: national département page and statistics export', () => {
  let t: TestApp;
  let national: TestClient;
  let supervision: TestClient;
  const year = Number(parisDate(new Date()).slice(0, 4));

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.login(DEMO.nationalAdmin);
    supervision = await t.login(DEMO.supervisor);
  });

  afterAll(async () => {
    await t.close();
  });

  it('TENANT-1: the national administrator reads one département as the list shows it', async () => {
    const list = await national.get<NationalDepartementDto[]>('/national/departements');
    const r = await national.get<NationalDepartementDto>('/national/departements/79');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(list.body.find((d) => d.code === '79'));
    expect(r.body).toMatchObject({
      name: 'Deux-Sèvres',
      prefecture: 'Niort',
      mailSenderName: 'CDLP des Deux-Sèvres',
    });
    expect(JSON.stringify(r.body)).not.toContain('@');
  });

  it('TENANT-1: a département that is not open, or not a code, is a 404 in French', async () => {
    for (const code of ['01', 'XX', '99']) {
      const r = await national.get<{ message: string }>(`/national/departements/${code}`);
      expect({ code, status: r.status, message: r.body.message }).toEqual({
        code,
        status: 404,
        message: 'Département inconnu.',
      });
    }
  });

  it('TENANT-1: a département account cannot read the national administration nor export the national statistics', async () => {
    const secretariat79 = await t.login('secretariat.79@demo.cdlp.fr');
    expect((await secretariat79.get('/national/departements/79')).status).toBe(403);
    expect((await download(t, secretariat79, `/national/statistics/export.xlsx?year=${year}`)).status).toBe(
      403,
    );
  });

  it('TENANT-1, PSP-4: the export is a workbook of the page’s figures, one row per département and the national total, hidden counts as « < 5 »', async () => {
    const page = (await supervision.get<NationalStatisticsDto>(`/national/statistics?year=${year}`)).body;
    const r = await download(t, supervision, `/national/statistics/export.xlsx?year=${year}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain(XLSX);
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="statistiques-nationales-${year}.xlsx"`,
    );
    const wb = readXlsx(r.body);
    expect(wb.sheets.map((s) => s.name)).toEqual([`Statistiques ${year}`, 'Lecture des chiffres']);

    const figures = sheet(wb, `Statistiques ${year}`);
    expect(figures.rows[0]).toEqual([
      'Code',
      'Département',
      'Ouvert sur le portail',
      ...NATIONAL_STATISTIC_COLUMNS.map(
        (c) => `${c.group} : ${c.label}${c.unit === 'days' ? ' (jours)' : ''}`,
      ),
    ]);
    expect(figures.rows[0]).toContain('Délai (PSP-4) : Médiane complète → avis (jours)');
    const rows = body(figures);
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['79', 'Deux-Sèvres', 'oui'],
      ['86', 'Vienne', 'oui'],
      [null, 'Total national', null],
    ]);
    const expected = [...page.departements, page.total].map((f) =>
      NATIONAL_STATISTIC_COLUMNS.map((c) => statisticCellValue(c.pick(f))),
    );
    expect(rows.map((row) => row.slice(3))).toEqual(expected);
    // The demo's Deux-Sèvres has 1 to 4 first requests of the year: the file says « < 5 », not the count.
    const requests = 3 + NATIONAL_STATISTIC_COLUMNS.findIndex((c) => c.key === 'requestsInitial');
    expect(rows[0][requests]).toBe('< 5');
    expect(typeof rows[2][requests]).toBe('number');

    const note = body(sheet(wb, 'Lecture des chiffres'));
    expect(note).toEqual(
      expect.arrayContaining([
        ['Année', year],
        ['Seuil de masquage', 5],
        ['Protection des chiffres', page.disclosureNote],
      ]),
    );
  });

  it('TENANT-1: the export needs a valid year (400 naming the field, in French)', async () => {
    for (const q of ['', '?year=abc', '?year=2010']) {
      const r = await download(t, supervision, `/national/statistics/export.xlsx${q}`);
      const error = JSON.parse(r.body.toString('utf8')) as { errors?: { field: string; message: string }[] };
      expect({ q, status: r.status, field: error.errors?.[0]?.field }).toEqual({
        q,
        status: 400,
        field: 'year',
      });
    }
    const r = await download(t, supervision, '/national/statistics/export.xlsx?year=2010');
    expect(r.body.toString('utf8')).toContain('2016 ou après');
  });
});
