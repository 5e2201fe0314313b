import type { FollowUpDto, StrategyActionDto, StrategyContentDto } from '@cdlp/shared';
import { ACTION_STATUS_LABELS, PRIORITY_LABELS, addDays, formatDateFr } from '@cdlp/shared';
import { ALL_RECOMMENDATIONS, DIAGNOSTIC_AXES, download, downloadOk, normalise, pdfWords, planOf, poppler, startDemoStrategyDocs } from '../strategy-fixtures';
import { TestApp, TestClient } from '../test-app';

const PDF = 'application/pdf';

/**
 * STRAT-1: the documents of the demo strategy (a draft of the Vienne, version 2, with the
 * figures of the diagnostic 188/420/18/8): the strategy PDF and the yearly bilan PDF; the
 * XLSX exports are strategy-xlsx.int-spec's.
 */
describe('strategy documents: PDF and XLSX (STRAT-1)', () => {
  let t: TestApp, member: TestClient;
  let id: string, Y: number, today: string;
  let content: StrategyContentDto, followUp: FollowUpDto;
  let protocole: StrategyActionDto, plaquette: StrategyActionDto;
  let strategyPdf: Buffer;
  let strategyText: string;
  let bilanPdf: Buffer;
  let bilanText: string;

  beforeAll(async () => {
    ({ t, member, id, Y, today, content, followUp, protocole, plaquette } = await startDemoStrategyDocs());
    strategyPdf = await downloadOk(t, member, `/strategies/${id}/document.pdf`, PDF);
    strategyText = pdfWords(strategyPdf);
    bilanPdf = await downloadOk(t, member, `/strategies/${id}/follow-up.pdf?year=${Y}`, PDF);
    bilanText = pdfWords(bilanPdf);
  });

  afterAll(() => t?.close());

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
});
