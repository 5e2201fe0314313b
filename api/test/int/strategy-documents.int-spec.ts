import type { ApiErrorDto, FollowUpDto, StrategyContentDto, StrategyDto } from '@cdlp/shared';
import { ACTION_STATUS_LABELS, PRIORITY_LABELS, addDays, formatDateFr, parisDate } from '@cdlp/shared';
import {
  DIAGNOSTIC_AXES,
  action,
  body,
  copy,
  download,
  downloadOk,
  normalise,
  ok,
  pdfWords,
  planOf,
  poppler,
  readXlsx,
  sheet,
  xmlProblems,
} from '../strategy-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Body<T> = T & ApiErrorDto;

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The axis and recommendation titles as the PDF prints them (typographic apostrophes made plain). */
const ALL_RECOMMENDATIONS = DIAGNOSTIC_AXES.flatMap((a) =>
  a.recommendations.map((r) => ({ ...r, axis: a.number })),
);

/**
 * STRAT-1: the documents of the demo strategy (a draft of the Vienne, version 2, with the
 * figures of the diagnostic 188/420/18/8): the strategy PDF, the yearly bilan PDF, and
 * the XLSX exports of the strategy and of the follow-up.
 */
describe('strategy documents: PDF and XLSX (STRAT-1)', () => {
  let t: TestApp;
  let sec: TestClient;
  let member: TestClient;
  let id: string;
  let Y: number;
  let today: string;
  let content: StrategyContentDto;
  let strategyPdf: Buffer;
  let strategyText: string;
  let bilanPdf: Buffer;
  let bilanText: string;
  let followUp: FollowUpDto;
  const protocole = action({
    title: 'Signer le protocole de signalement et de retour de fugue',
    lead: { name: 'Parquet de Poitiers' },
    partners: [{ name: 'PJJ' }, { name: 'CHU de Poitiers' }],
    status: 'NOT_STARTED',
  });
  const plaquette = action({
    title: 'Diffuser une plaquette aux hôteliers',
    lead: null,
    status: 'NOT_STARTED',
  });

  beforeAll(async () => {
    t = await startTestApp();
    [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
    today = parisDate(t.clock.now());
    Y = Number(today.slice(0, 4));
    const rows: { id: string }[] = await t.ds.query(`SELECT id FROM strategy`);
    expect(rows).toHaveLength(1);
    id = rows[0].id;
    const demo = ok(await sec.get<Body<StrategyDto>>(`/strategies/${id}`), 'demo strategy');
    expect(demo).toMatchObject({ state: 'DRAFT', currentVersion: 2 });
    expect(demo.content.figures.map((f) => f.value)).toEqual([188, 420, 18, 8]);

    // Version 3: one late action (deadline yesterday) and one action without a lead; a year of follow-up.
    protocole.deadline = addDays(today, -1);
    plaquette.deadline = `${Y + 1}-06-30`;
    const v3 = copy(demo.content);
    planOf(v3, 3).actions.push(protocole);
    planOf(v3, 16).actions.push(plaquette);
    const saved = ok(
      await sec.post<Body<StrategyDto>>(`/strategies/${id}/versions`, {
        content: v3,
        baseVersion: 2,
        note: 'Protocole mineurs',
      }),
      'version 3',
    );
    content = saved.content;
    const comite = planOf(content, 1).actions[0];
    const formes = planOf(content, 5).indicators[0];
    expect(formes.name).toBe('Professionnels formés');
    ok(
      await sec.put(`/strategies/${id}/action-progress`, { actionKey: comite.key, year: Y, status: 'DONE' }),
      'progress',
    );
    ok(
      await sec.put(`/strategies/${id}/indicator-values`, { indicatorKey: formes.key, year: Y, value: 50 }),
      'value',
    );

    followUp = ok(await sec.get<Body<FollowUpDto>>(`/strategies/${id}/follow-up?year=${Y}`), 'follow-up');
    strategyPdf = await downloadOk(t, member, `/strategies/${id}/document.pdf`, PDF);
    strategyText = pdfWords(strategyPdf);
    bilanPdf = await downloadOk(t, member, `/strategies/${id}/follow-up.pdf?year=${Y}`, PDF);
    bilanText = pdfWords(bilanPdf);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the strategy PDF', () => {
    it('STRAT-1: an A4 PDF whose cover carries the République block, the title, the period, the département and the state of the draft', () => {
      expect(strategyPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const info = poppler('pdfinfo', strategyPdf);
      expect(info.code).toBe(0);
      expect(info.out).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
      expect(info.out).toMatch(
        new RegExp(
          `Title:\\s+Stratégie départementale de lutte contre le système prostitutionnel \\(${Y}-${Y + 2}\\)`,
        ),
      );
      const cover = normalise(poppler('pdftotext', strategyPdf, ['-f', '1', '-l', '1']).out);
      expect(cover).toContain('RÉPUBLIQUE FRANÇAISE');
      expect(cover).toContain('Liberté Égalité Fraternité');
      expect(cover).toContain('Préfecture de la Vienne');
      expect(cover).toContain('Stratégie départementale de lutte contre le système prostitutionnel');
      expect(cover).toContain(`Période ${Y}-${Y + 2}`);
      expect(cover).toContain('Vienne (86)');
      // Not signed: a draft says so.
      expect(cover).toContain('PROJET');
      expect(cover).toContain('Document non signé, sans valeur');
      expect(cover).toContain('État : En cours de rédaction. Version 3.');
      expect(cover).toMatch(/page 1 \/ \d+/);
    });

    it('STRAT-1: the 16 recommendation titles and the 6 axis titles, each recommendation with its national axis', () => {
      for (const axis of DIAGNOSTIC_AXES)
        expect(strategyText).toContain(normalise(`Axe ${axis.number} — ${axis.title}`));
      for (const r of ALL_RECOMMENDATIONS)
        expect(strategyText).toContain(normalise(`Préconisation ${r.number} — ${r.title}`));
      // In order.
      const at = ALL_RECOMMENDATIONS.map((r) =>
        strategyText.indexOf(normalise(`Préconisation ${r.number} — ${r.title}`)),
      );
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(strategyText).toContain(
        "Axe national : 1. Appliquer la loi sur tout le territoire, sous l'égide des préfets et des commissions départementales",
      );
      expect(strategyText).toContain(
        "Axe national : 2. Lutter contre le proxénétisme, la traite et l'achat d'actes sexuels",
      );
      expect(strategyText).toContain(
        'Leviers : obligation de signalement ; campagne de communication locale.',
      );
    });

    it('STRAT-1: the summary table gives each recommendation under its axis, with priority, number of actions and state', () => {
      const layout = poppler('pdftotext', strategyPdf, ['-layout', '-f', '2', '-l', '3']).out;
      expect(layout).toContain('Synthèse des 16 préconisations par axe');
      expect(layout).toMatch(/N°\s+Préconisation\s+Priorité\s+Actions\s+État/);
      for (const axis of DIAGNOSTIC_AXES)
        expect(layout).toMatch(
          new RegExp(`Axe ${axis.number}\\s+${axis.title.split(' ').slice(0, 3).join(' ')}`),
        );
      const row = (n: number) => {
        const r = ALL_RECOMMENDATIONS[n - 1];
        const words = r.title.split(' ').slice(0, 3).join(' ');
        const line = layout.split('\n').find((l) => new RegExp(`^\\s*${n}\\s+${words}`).test(l));
        if (!line) throw new Error(`no row for recommendation ${n}`);
        return line.replace(/\s+/g, ' ').trim();
      };
      for (const r of ALL_RECOMMENDATIONS) {
        const plan = planOf(content, r.number);
        const priority = plan.priority ? PRIORITY_LABELS[plan.priority] : '—';
        expect(row(r.number)).toMatch(new RegExp(`${priority} ${plan.actions.length} \\S`));
      }
      // Its one action done: "Réalisée"; an action past its deadline: late; none: "Sans action".
      expect(row(1)).toMatch(/Prioritaire 1 Réalisée$/);
      expect(row(3)).toMatch(/— 1 1 action\(s\) en retard$/);
      expect(row(2)).toMatch(/— 0 Sans action$/);
      expect(row(16)).toMatch(/— 1 Non commencée$/);
    });

    it('STRAT-1: the key figures of the diagnostic (188, 420, 18, 8) with their source', () => {
      expect(strategyText).toContain('Diagnostic : chiffres clés');
      expect(strategyText).toContain(
        '188 situations — Situations de personnes concernées décrites par les professionnels (2020-2023) (source : Diagnostic départemental de la Vienne, 2024)',
      );
      expect(strategyText).toContain(
        "420 annonces — Annonces d'offre de prostitution en ligne relevées en deux mois (source : Diagnostic départemental de la Vienne, 2023)",
      );
      expect(strategyText).toContain(
        normalise(
          '18 personnes — Personnes ayant bénéficié d’un parcours de sortie depuis 2017 (source : Diagnostic départemental de la Vienne, 2024)',
        ),
      );
      expect(strategyText).toContain('8 places — Logements mis à disposition des bénéficiaires du parcours');
    });

    it('STRAT-1: actions with lead, partners, dates and budget; local actions have their own section', () => {
      expect(strategyText).toContain(`Action : ${protocole.title} — Non commencée`);
      expect(strategyText).toContain(
        `pilote : Parquet de Poitiers ; partenaires : PJJ, CHU de Poitiers ; du — au ${formatDateFr(addDays(today, -1))}`,
      );
      expect(strategyText).toContain(`budget : 12 000 € (Programme 137)`);
      expect(strategyText).toContain(
        'Actions locales hors préconisations Action : Publier un annuaire départemental des ressources pour les professionnels',
      );
    });

    it('STRAT-1: the annex lists the actions by lead organisation, in alphabetical order, with their state and deadline', () => {
      const start = strategyText.indexOf('Annexe — actions par organisme pilote');
      expect(start).toBeGreaterThan(0);
      const annex = strategyText.slice(start);
      const leads = [
        'Association Passerelles Vienne',
        'CIDFF de la Vienne',
        'Délégation départementale aux droits des femmes',
        'Parquet de Poitiers',
        'Pilote à désigner',
        'Préfecture de la Vienne',
      ];
      const at = leads.map((l) => annex.indexOf(l));
      expect(at.every((x) => x > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      const line = (rec: number | null, a: { title: string; deadline?: string | null }, status: string) =>
        normalise(
          `• ${rec ? `P${rec} — ` : ''}${a.title} (${status}${a.deadline ? `, échéance ${formatDateFr(a.deadline)}` : ''})`,
        );
      const [comite] = planOf(content, 1).actions;
      const [avis] = planOf(content, 4).actions;
      const [former] = planOf(content, 5).actions;
      const [annuaire] = content.localActions;
      expect(annex).toContain(`Association Passerelles Vienne ${line(1, comite, 'Réalisée')}`);
      expect(annex).toContain(`CIDFF de la Vienne ${line(5, former, ACTION_STATUS_LABELS[former.status])}`);
      expect(annex).toContain(`Délégation départementale aux droits des femmes ${line(4, avis, 'En cours')}`);
      expect(annex).toContain(`Parquet de Poitiers ${line(3, protocole, 'Non commencée')}`);
      expect(annex).toContain(`Pilote à désigner ${line(16, plaquette, 'Non commencée')}`);
      expect(annex).toContain(`Préfecture de la Vienne ${line(null, annuaire, 'Non commencée')}`);
    });

    it('STRAT-1: the indicator charts are vector graphics: no image in the PDF, their labels are text', () => {
      const images = poppler('pdfimages', strategyPdf, ['-list']);
      expect(images.code).toBe(0);
      // Only the two header lines: no image at all.
      expect(images.out.trim().split('\n')).toHaveLength(2);
      expect(strategyPdf.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
      expect(strategyText).toContain(
        `Indicateur : Professionnels formés (personnes) — référence 40 personnes (${Y - 1}), cible 200 personnes (${Y + 2})`,
      );
      expect(strategyText).toContain('cible 200 personnes');
      expect(strategyText).toContain('cible 15 demandes');
      expect(strategyText).toContain('cible 30 jours');
    });

    it('STRAT-1: an earlier version is rendered on request (?version=1: the empty template)', async () => {
      const v1 = pdfWords(await downloadOk(t, member, `/strategies/${id}/document.pdf?version=1`, PDF));
      expect(v1).toContain('État : En cours de rédaction. Version 1.');
      expect(v1.match(/Aucune action inscrite\./g)).toHaveLength(16);
      for (const r of ALL_RECOMMENDATIONS)
        expect(v1).toContain(normalise(`Préconisation ${r.number} — ${r.title}`));
      expect(v1).not.toContain('188 situations');
      expect((await download(t, member, `/strategies/${id}/document.pdf?version=7`)).status).toBe(404);
    });
  });

  describe('the yearly bilan PDF', () => {
    it('STRAT-1: the bilan of the year: République block, title, totals of the follow-up', () => {
      expect(bilanPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bilanText).toContain('RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité Préfecture de la Vienne');
      expect(bilanText).toContain(
        `Bilan annuel ${Y} Stratégie départementale de lutte contre le système prostitutionnel ${Y}-${Y + 2}`,
      );
      const { actions, done, inProgress, late } = followUp.totals;
      expect(bilanText).toContain(
        `${actions} actions : ${done} réalisées, ${inProgress} en cours, ${late} en retard.`,
      );
      expect(done).toBe(1);
    });

    it('STRAT-1: the 16 recommendation titles under the 6 axis titles, each with its progress', () => {
      for (const axis of DIAGNOSTIC_AXES)
        expect(bilanText).toContain(normalise(`Axe ${axis.number} — ${axis.title}`));
      for (const r of followUp.recommendations) {
        expect(bilanText).toContain(
          normalise(
            `P${r.number} — ${r.title} ${r.done} réalisée(s), ${r.inProgress} en cours, ${r.late} en retard, sur ${r.actions}`,
          ),
        );
      }
      expect(followUp.recommendations.map((r) => r.title)).toEqual(ALL_RECOMMENDATIONS.map((r) => r.title));
      // Each axis title comes before its recommendations and after the previous axis's.
      const pos = (s: string) => bilanText.indexOf(normalise(s));
      for (const r of ALL_RECOMMENDATIONS) {
        const axis = DIAGNOSTIC_AXES[r.axis - 1];
        expect(pos(`Axe ${axis.number} — ${axis.title}`)).toBeLessThan(pos(`P${r.number} — ${r.title}`));
        const next = DIAGNOSTIC_AXES[r.axis];
        if (next)
          expect(pos(`P${r.number} — ${r.title}`)).toBeLessThan(pos(`Axe ${next.number} — ${next.title}`));
      }
    });

    it('STRAT-1: indicators against their trajectory (off track flagged) and late actions with their French deadline', () => {
      const formes = followUp.indicators.find((i) => i.name === 'Professionnels formés');
      expect(formes).toMatchObject({ value: 50, expected: 93.33, offTrack: true });
      expect(bilanText).toContain('Professionnels formés : 50 personnes (attendu 93,3) — HORS TRAJECTOIRE');
      expect(followUp.lateActions.map((a) => a.key)).toContain(protocole.key);
      expect(bilanText).toContain(
        normalise(
          `• P3 — ${protocole.title} (échéance ${formatDateFr(addDays(today, -1))}, pilote : Parquet de Poitiers)`,
        ),
      );
      for (const a of followUp.lateActions)
        expect(bilanText).toContain(normalise(`${a.title} (échéance ${formatDateFr(a.deadline)}`));
    });

    it('STRAT-1: the bilan charts are vector graphics (no image)', () => {
      const images = poppler('pdfimages', bilanPdf, ['-list']);
      expect(images.code).toBe(0);
      expect(images.out.trim().split('\n')).toHaveLength(2);
      expect(bilanPdf.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
      expect(bilanText).toContain('cible 200 personnes');
    });

    it('STRAT-1: the bilan needs a valid year (400)', async () => {
      expect((await download(t, member, `/strategies/${id}/follow-up.pdf`)).status).toBe(400);
      expect((await download(t, member, `/strategies/${id}/follow-up.pdf?year=1990`)).status).toBe(400);
    });
  });

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
