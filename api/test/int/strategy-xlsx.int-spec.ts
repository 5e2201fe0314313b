import type { ApiErrorDto, FollowUpDto, StrategyActionDto, StrategyContentDto } from '@cdlp/shared';
import { ACTION_STATUS_LABELS, PRIORITY_LABELS } from '@cdlp/shared';
import { ALL_RECOMMENDATIONS, body, download, ok, planOf, readXlsx, sheet, startDemoStrategyDocs, xmlProblems } from '../strategy-fixtures';
import { TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * STRAT-1: the XLSX exports of the demo strategy (a draft of the Vienne, version 2, with
 * the figures of the diagnostic 188/420/18/8) and of its follow-up; the PDF documents are
 * strategy-pdf.int-spec's.
 */
describe('strategy documents: PDF and XLSX (STRAT-1)', () => {
  let t: TestApp, sec: TestClient, member: TestClient;
  let id: string, Y: number;
  let content: StrategyContentDto, followUp: FollowUpDto, protocole: StrategyActionDto;

  beforeAll(async () => {
    ({ t, sec, member, id, Y, content, followUp, protocole } = await startDemoStrategyDocs());
  });

  afterAll(() => t?.close());


  describe('the XLSX exports', () => {
    it('STRAT-1: the strategy export is a valid workbook: 4 sheets, bold header rows, one row per recommendation, action, indicator and figure', async () => {
      const r = await download(t, member, `/strategies/${id}/export.xlsx?kind=strategy`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain(XLSX);
      expect(r.headers.get('content-disposition')).toBe(
        'attachment; filename="strategie-departementale.xlsx"',
      );
      expect(r.body.subarray(0, 2).toString('latin1')).toBe('PK');
      const wb = readXlsx(r.body);
      expect(wb.files).toEqual(
        expect.arrayContaining([
          '[Content_Types].xml',
          '_rels/.rels',
          'docProps/core.xml',
          'xl/workbook.xml',
          'xl/_rels/workbook.xml.rels',
          'xl/styles.xml',
        ]),
      );
      expect(wb.sheets.map((s) => s.name)).toEqual([
        'Préconisations',
        'Actions',
        'Indicateurs',
        'Chiffres clés',
      ]);
      for (const s of wb.sheets) {
        expect(wb.contentTypes).toContain(`PartName="/${s.path}"`);
        expect(xmlProblems(s.xml)).toEqual([]);
        // The header row is bold (style 1), the others plain.
        expect(s.xml).toMatch(/<row r="1"><c r="A1" t="inlineStr" s="1">/);
      }
      expect(xmlProblems(wb.contentTypes)).toEqual([]);

      const years = Array.from({ length: 4 }, (_, i) => String(Y - 1 + i));
      const recs = sheet(wb, 'Préconisations');
      expect(recs.rows[0]).toEqual(['N°', 'Axe', 'Préconisation', 'Priorité', 'Constats locaux', 'Actions']);
      expect(body(recs)).toEqual(
        ALL_RECOMMENDATIONS.map((ref) => {
          const p = planOf(content, ref.number);
          return [
            ref.number,
            ref.axis,
            ref.title,
            p.priority ? PRIORITY_LABELS[p.priority] : null,
            p.findings || null,
            p.actions.length,
          ];
        }),
      );

      const actions = sheet(wb, 'Actions');
      expect(actions.rows[0]).toEqual([
        'Préconisation',
        'Action',
        'Description',
        'Pilote',
        'Partenaires',
        'Début',
        'Échéance',
        'Budget (€)',
        'Financement',
        'Statut',
      ]);
      const all = [
        ...content.recommendations.flatMap((p) =>
          p.actions.map((a) => ({ a, rec: p.recommendationNumber as number | null })),
        ),
        ...content.localActions.map((a) => ({ a, rec: null })),
      ];
      expect(body(actions)).toHaveLength(all.length);
      expect(body(actions).map((row) => [row[0], row[1]])).toEqual(all.map(({ a, rec }) => [rec, a.title]));
      const row = (title: string) => body(actions).find((x) => x[1] === title);
      const formation = planOf(content, 5).actions[0];
      expect(row(formation.title)).toEqual([
        5,
        formation.title,
        formation.description,
        'CIDFF de la Vienne',
        'Éducation nationale, ARS Nouvelle-Aquitaine',
        formation.startDate,
        formation.deadline,
        12000,
        'Programme 137',
        ACTION_STATUS_LABELS[formation.status],
      ]);
      // The status is the follow-up's; budget 0 is written as a number.
      expect(row(planOf(content, 1).actions[0].title)?.slice(7)).toEqual([0, null, 'Réalisée']);
      expect(row(protocole.title)).toEqual([
        3,
        protocole.title,
        protocole.description,
        'Parquet de Poitiers',
        'PJJ, CHU de Poitiers',
        null,
        protocole.deadline,
        null,
        null,
        'Non commencée',
      ]);
      expect(row(content.localActions[0].title)?.[0]).toBeNull();

      const inds = sheet(wb, 'Indicateurs');
      expect(inds.rows[0]).toEqual([
        'Préconisation',
        'Indicateur',
        'Unité',
        'Référence',
        'Année réf.',
        'Cible',
        'Année cible',
        ...years,
      ]);
      expect(body(inds).map((x) => [x[0], x[1]])).toEqual(
        content.recommendations.flatMap((p) => p.indicators.map((i) => [p.recommendationNumber, i.name])),
      );
      expect(body(inds).find((x) => x[1] === 'Professionnels formés')).toEqual([
        5,
        'Professionnels formés',
        'personnes',
        40,
        Y - 1,
        200,
        Y + 2,
        null,
        50,
        null,
        null,
      ]);
      const requests = ok(
        await sec.get<Body<{ values: { PSP_REQUESTS: number } }>>(`/statistics/indicators?from=${Y}&to=${Y}`),
        'statistics',
      );
      expect(body(inds).find((x) => x[1] === 'Demandes de parcours de sortie déposées')?.[8]).toBe(
        requests.values.PSP_REQUESTS,
      );

      const figures = sheet(wb, 'Chiffres clés');
      expect(figures.rows[0]).toEqual(['Chiffre', 'Valeur', 'Unité', 'Source', 'Année']);
      expect(body(figures)).toEqual([
        [
          'Situations de personnes concernées décrites par les professionnels (2020-2023)',
          188,
          'situations',
          'Diagnostic départemental de la Vienne',
          2024,
        ],
        [
          "Annonces d'offre de prostitution en ligne relevées en deux mois",
          420,
          'annonces',
          'Diagnostic départemental de la Vienne',
          2023,
        ],
        [
          'Personnes ayant bénéficié d’un parcours de sortie depuis 2017',
          18,
          'personnes',
          'Diagnostic départemental de la Vienne',
          2024,
        ],
        [
          'Logements mis à disposition des bénéficiaires du parcours',
          8,
          'places',
          'Diagnostic départemental de la Vienne',
          2024,
        ],
      ]);
    });

    it('STRAT-1: the follow-up export of the year: progress per recommendation, indicators against trajectory, late actions', async () => {
      const r = await download(t, member, `/strategies/${id}/export.xlsx?kind=followup&year=${Y}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain(XLSX);
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="bilan-${Y}.xlsx"`);
      const wb = readXlsx(r.body);
      expect(wb.sheets.map((s) => s.name)).toEqual([
        `Avancement ${Y}`,
        `Indicateurs ${Y}`,
        'Actions en retard',
      ]);
      for (const s of wb.sheets) expect(xmlProblems(s.xml)).toEqual([]);

      const progress = sheet(wb, `Avancement ${Y}`);
      expect(progress.rows[0]).toEqual([
        'N°',
        'Préconisation',
        'Axe',
        'Actions',
        'Réalisées',
        'En cours',
        'Non commencées',
        'En retard',
        'Abandonnées',
      ]);
      expect(body(progress)).toEqual(
        followUp.recommendations.map((x) => [
          x.number,
          x.title,
          x.axisNumber,
          x.actions,
          x.done,
          x.inProgress,
          x.notStarted,
          x.late,
          x.dropped,
        ]),
      );
      expect(body(progress)[0]).toEqual([1, ALL_RECOMMENDATIONS[0].title, 1, 1, 1, 0, 0, 0, 0]);
      expect(body(progress)[2]).toEqual([3, ALL_RECOMMENDATIONS[2].title, 1, 1, 0, 0, 1, 1, 0]);

      const inds = sheet(wb, `Indicateurs ${Y}`);
      expect(inds.rows[0]).toEqual([
        'Préconisation',
        'Indicateur',
        'Unité',
        `Valeur ${Y}`,
        'Attendu',
        'Cible',
        'Année cible',
        'Trajectoire',
      ]);
      expect(body(inds)).toEqual(
        followUp.indicators.map((i) => [
          i.recommendationNumber,
          i.name,
          i.unit,
          i.value,
          i.expected,
          i.target,
          i.targetYear,
          i.offTrack === null ? 'non évaluable' : i.offTrack ? 'hors trajectoire' : 'conforme',
        ]),
      );
      expect(body(inds).find((x) => x[1] === 'Professionnels formés')).toEqual([
        5,
        'Professionnels formés',
        'personnes',
        50,
        93.33,
        200,
        Y + 2,
        'hors trajectoire',
      ]);

      const late = sheet(wb, 'Actions en retard');
      expect(late.rows[0]).toEqual(['Préconisation', 'Action', 'Échéance', 'Pilote']);
      expect(body(late)).toEqual(
        followUp.lateActions.map((a) => [a.recommendationNumber, a.title, a.deadline, a.lead]),
      );
      expect(body(late)).toContainEqual([3, protocole.title, protocole.deadline, 'Parquet de Poitiers']);
    });

    it('STRAT-1: an unknown export kind is refused (400)', async () => {
      expect((await download(t, member, `/strategies/${id}/export.xlsx?kind=minutes`)).status).toBe(400);
      expect((await download(t, member, `/strategies/${id}/export.xlsx`)).status).toBe(400);
    });
  });
});
