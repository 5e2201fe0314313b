import type { DiagnosticFigureDto, RecommendationPlanDto, StrategyActionDto, StrategyContentDto, StrategyIndicatorDto } from '../contract/strategy';
import { diffStrategy } from './strategy';
import { action, indicator } from './testing/strategy-fixtures';

/** STRAT-1: the differences between two versions of the departmental strategy (a pure function shared by the api and the web). */

function figure(over: Partial<DiagnosticFigureDto> = {}): DiagnosticFigureDto {
  return {
    key: over.key ?? `f-${Math.random().toString(16).slice(2)}`,
    label: 'Situations décrites par les professionnels',
    value: 188,
    unit: 'situations',
    source: 'Diagnostic départemental de la Vienne',
    year: 2024,
    ...over,
  };
}

function plan(n: number, over: Partial<RecommendationPlanDto> = {}): RecommendationPlanDto {
  return { recommendationNumber: n, findings: '', priority: null, actions: [], indicators: [], ...over };
}

/** A content with the 16 empty sections, as version 1 of a new strategy. */
function content(over: Partial<StrategyContentDto> = {}): StrategyContentDto {
  return {
    introduction: '',
    diagnosticText: '',
    figures: [],
    recommendations: Array.from({ length: 16 }, (_, i) => plan(i + 1)),
    localActions: [],
    ...over,
  };
}

/** A deep copy, so that a test changes the second version without touching the first. */
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const TITLES: Record<number, string> = {
  1: 'Relancer le travail de coordination des acteurs',
  4: 'Mobiliser la commission départementale',
  5: 'Mettre en place un plan de formation à plusieurs niveaux',
};
const title = (n: number) => TITLES[n] ?? `Préconisation ${n}`;

describe('STRAT-1: differences between two versions (diffStrategy)', () => {
  it('STRAT-1: identical versions: no section', () => {
    const a = content({ figures: [figure()], localActions: [action()] });
    expect(diffStrategy(a, clone(a), title)).toEqual([]);
  });

  it('STRAT-1: introduction changed (whitespace at the ends ignored)', () => {
    const a = content({ introduction: 'La stratégie décline la stratégie nationale.' });
    expect(
      diffStrategy(
        a,
        { ...clone(a), introduction: '  La stratégie décline la stratégie nationale.\n' },
        title,
      ),
    ).toEqual([]);
    expect(diffStrategy(a, { ...clone(a), introduction: 'Nouveau texte.' }, title)).toEqual([
      { section: 'introduction', label: 'Introduction', changes: ['Texte modifié.'] },
    ]);
  });

  it('STRAT-1: key figures added, changed and removed, and the diagnostic text, in the diagnostic section', () => {
    const kept = figure({
      key: 'f-kept',
      label: "Annonces d'offre en ligne relevées en deux mois",
      value: 420,
      unit: 'annonces',
      year: 2023,
    });
    const changed = figure({
      key: 'f-changed',
      label: 'Situations décrites par les professionnels',
      value: 180,
    });
    const removed = figure({
      key: 'f-removed',
      label: 'Logements mis à disposition',
      value: 8,
      unit: 'places',
    });
    const a = content({ diagnosticText: 'Prostitution peu visible.', figures: [kept, changed, removed] });
    const b = clone(a);
    b.diagnosticText = 'Prostitution peu visible, largement organisée par Internet.';
    b.figures = [
      kept,
      { ...changed, value: 188 },
      figure({
        key: 'f-added',
        label: 'Personnes ayant bénéficié d’un parcours de sortie',
        value: 18,
        unit: 'personnes',
      }),
    ];
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'diagnostic',
        label: 'Diagnostic',
        changes: [
          'Texte du diagnostic modifié.',
          'Chiffre clé modifié : Situations décrites par les professionnels (180 → 188).',
          'Chiffre clé ajouté : Personnes ayant bénéficié d’un parcours de sortie (18).',
          'Chiffre clé retiré : Logements mis à disposition.',
        ],
      },
    ]);
  });

  it.each<[string, Partial<DiagnosticFigureDto>]>([
    ['label', { label: 'Situations repérées' }],
    ['source', { source: 'Observatoire régional' }],
    ['year', { year: 2025 }],
    ['unit', { unit: 'personnes' }],
  ])('STRAT-1: a key figure whose %s changes is reported as changed', (_, over) => {
    const f = figure({ key: 'f1' });
    const a = content({ figures: [f] });
    const b = content({ figures: [{ ...f, ...over }] });
    const diag = diffStrategy(a, b, title);
    expect(diag).toHaveLength(1);
    expect(diag[0].section).toBe('diagnostic');
    expect(diag[0].changes).toEqual([expect.stringMatching(/^Chiffre clé modifié : .+ \(188 → 188\)\.$/)]);
  });

  it('STRAT-1: findings and priority of a recommendation, with the recommendation title in the label, in French', () => {
    const a = content();
    const b = clone(a);
    b.recommendations[0].findings =
      "Le comité de pilotage a été relancé en 2022 ; l'amont reste peu coordonné.";
    b.recommendations[0].priority = 'HIGH';
    b.recommendations[4].priority = 'MEDIUM';
    const c = clone(b);
    c.recommendations[4].priority = 'LOW';
    c.recommendations[0].priority = null;
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'recommendation-1',
        label: 'Préconisation 1 — Relancer le travail de coordination des acteurs',
        changes: ['Constats locaux modifiés.', 'Priorité : aucune → Prioritaire.'],
      },
      {
        section: 'recommendation-5',
        label: 'Préconisation 5 — Mettre en place un plan de formation à plusieurs niveaux',
        changes: ['Priorité : aucune → Importante.'],
      },
    ]);
    expect(diffStrategy(b, c, title)).toEqual([
      {
        section: 'recommendation-1',
        label: 'Préconisation 1 — Relancer le travail de coordination des acteurs',
        changes: ['Priorité : Prioritaire → aucune.'],
      },
      {
        section: 'recommendation-5',
        label: 'Préconisation 5 — Mettre en place un plan de formation à plusieurs niveaux',
        changes: ['Priorité : Importante → À moyen terme.'],
      },
    ]);
  });

  it('STRAT-1: actions added, changed and removed in a recommendation', () => {
    const kept = action({ key: 'k', title: 'Rendre l’avis dans les 30 jours' });
    const changed = action({ key: 'c', title: 'Former 200 professionnels', budget: 10000 });
    const removed = action({ key: 'r', title: 'Publier une plaquette' });
    const a = content();
    a.recommendations[3].actions = [kept, changed, removed];
    const b = clone(a);
    b.recommendations[3].actions = [
      kept,
      { ...changed, budget: 12000 },
      action({ key: 'n', title: 'Former les membres de la commission' }),
    ];
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'recommendation-4',
        label: 'Préconisation 4 — Mobiliser la commission départementale',
        changes: [
          'Action modifiée : Former 200 professionnels.',
          'Action ajoutée : Former les membres de la commission.',
          'Action retirée : Publier une plaquette.',
        ],
      },
    ]);
  });

  it.each<[string, Partial<StrategyActionDto>]>([
    ['deadline', { deadline: '2027-06-30' }],
    ['lead', { lead: { name: 'CIDFF de la Vienne' } }],
    ['partners', { partners: [] }],
    ['status', { status: 'DONE' }],
    ['description', { description: 'Deux réunions par an.' }],
  ])('STRAT-1: an action whose %s changes is reported as changed', (_, over) => {
    const x = action({ key: 'a1' });
    const a = content({ localActions: [x] });
    const b = content({ localActions: [{ ...x, ...over }] });
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'local',
        label: 'Actions locales hors préconisations',
        changes: [`Action modifiée : ${x.title}.`],
      },
    ]);
  });

  it('STRAT-1: the same action with its fields in another order (as read back from jsonb) is not a change', () => {
    const x = action({ key: 'a1' });
    const reordered = Object.fromEntries(Object.entries(x).reverse()) as unknown as StrategyActionDto;
    const ind = indicator({ key: 'i1' });
    const indReordered = Object.fromEntries(Object.entries(ind).reverse()) as unknown as StrategyIndicatorDto;
    const a = content({ localActions: [x] });
    a.recommendations[0].actions = [x];
    a.recommendations[0].indicators = [ind];
    const b = content({ localActions: [reordered] });
    b.recommendations[0].actions = [reordered];
    b.recommendations[0].indicators = [indReordered];
    expect(diffStrategy(a, b, title)).toEqual([]);
  });

  it('STRAT-1: indicators added, changed and removed', () => {
    const kept = indicator({
      key: 'k',
      name: 'Délai médian entre la complétude et l’avis',
      automatic: 'MEDIAN_DAYS_TO_OPINION',
      direction: 'DOWN',
    });
    const changed = indicator({ key: 'c', name: 'Professionnels formés', targetValue: 150 });
    const removed = indicator({ key: 'r', name: 'Plaquettes diffusées' });
    const a = content();
    a.recommendations[4].indicators = [kept, changed, removed];
    const b = clone(a);
    b.recommendations[4].indicators = [
      kept,
      { ...changed, targetValue: 200 },
      indicator({ key: 'n', name: 'Établissements scolaires sensibilisés' }),
    ];
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'recommendation-5',
        label: 'Préconisation 5 — Mettre en place un plan de formation à plusieurs niveaux',
        changes: [
          'Indicateur modifié : Professionnels formés.',
          'Indicateur ajouté : Établissements scolaires sensibilisés.',
          'Indicateur retiré : Plaquettes diffusées.',
        ],
      },
    ]);
  });

  it('STRAT-1: local actions (outside the recommendations) have their own section, after the recommendations', () => {
    const a = content({ localActions: [action({ key: 'l1', title: 'Publier un annuaire des ressources' })] });
    const b = clone(a);
    b.localActions = [action({ key: 'l2', title: 'Organiser une journée départementale' })];
    b.recommendations[15].findings = 'Les hôteliers connaissent mal l’obligation de signalement.';
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'recommendation-16',
        label: 'Préconisation 16 — Préconisation 16',
        changes: ['Constats locaux modifiés.'],
      },
      {
        section: 'local',
        label: 'Actions locales hors préconisations',
        changes: [
          'Action ajoutée : Organiser une journée départementale.',
          'Action retirée : Publier un annuaire des ressources.',
        ],
      },
    ]);
  });

  it('STRAT-1: a recommendation present in only one version: its content is reported added or removed; sections come in recommendation order', () => {
    const a = content({ recommendations: [plan(3), plan(9)] });
    const b = content({
      recommendations: [
        plan(9),
        plan(12, {
          priority: 'LOW',
          actions: [action({ key: 'x', title: 'Diffuser des affiches en français simplifié' })],
        }),
        plan(3),
      ],
    });
    expect(diffStrategy(a, b, title)).toEqual([
      {
        section: 'recommendation-12',
        label: 'Préconisation 12 — Préconisation 12',
        changes: [
          'Priorité : aucune → À moyen terme.',
          'Action ajoutée : Diffuser des affiches en français simplifié.',
        ],
      },
    ]);
    expect(diffStrategy(b, a, title)).toEqual([
      {
        section: 'recommendation-12',
        label: 'Préconisation 12 — Préconisation 12',
        changes: [
          'Priorité : À moyen terme → aucune.',
          'Action retirée : Diffuser des affiches en français simplifié.',
        ],
      },
    ]);
  });

  it('STRAT-1: the sections come in document order: introduction, diagnostic, recommendations by number, local actions', () => {
    const a = content();
    const b = clone(a);
    b.localActions = [action({ key: 'l' })];
    b.recommendations[9].findings = 'Maraudes numériques.';
    b.recommendations[1].findings = 'Réseaux VIF.';
    b.figures = [figure({ key: 'f' })];
    b.introduction = 'Texte.';
    expect(diffStrategy(a, b, title).map((s) => s.section)).toEqual([
      'introduction',
      'diagnostic',
      'recommendation-2',
      'recommendation-10',
      'local',
    ]);
  });
});
