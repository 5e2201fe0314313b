import type {
  ActionStatus,
  DiagnosticFigureDto,
  RecommendationPlanDto,
  StrategyActionDto,
  StrategyContentDto,
  StrategyIndicatorDto,
} from '../contract/strategy';
import { actionCounts, diffStrategy, expectedValue, isLate, isOffTrack, median } from './strategy';

/** STRAT-1: the follow-up rules of the departmental strategy (pure functions shared by the api and the web). */

const TODAY = '2026-11-22';

function action(over: Partial<StrategyActionDto> = {}): StrategyActionDto {
  return {
    key: over.key ?? `a-${Math.random().toString(16).slice(2)}`,
    title: 'Réunir le comité de pilotage partenarial',
    description: 'Trois réunions par an.',
    lead: { name: 'Association Passerelles Vienne' },
    partners: [{ name: 'DDETS de la Vienne' }],
    startDate: '2026-01-15',
    deadline: '2026-12-15',
    budget: 0,
    fundingSource: null,
    status: 'IN_PROGRESS',
    ...over,
  };
}

function indicator(over: Partial<StrategyIndicatorDto> = {}): StrategyIndicatorDto {
  return {
    key: over.key ?? `i-${Math.random().toString(16).slice(2)}`,
    name: 'Professionnels formés',
    unit: 'personnes',
    automatic: null,
    direction: 'UP',
    baselineValue: 40,
    baselineYear: 2025,
    targetValue: 200,
    targetYear: 2028,
    ...over,
  };
}

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

describe('STRAT-1: late actions (isLate)', () => {
  it.each<[string | null | undefined, ActionStatus, boolean]>([
    ['2026-11-21', 'NOT_STARTED', true],
    ['2026-11-21', 'IN_PROGRESS', true],
    ['2026-11-21', 'DONE', false],
    ['2026-11-21', 'DROPPED', false],
    ['2026-11-22', 'NOT_STARTED', false],
    ['2026-12-31', 'IN_PROGRESS', false],
    [null, 'NOT_STARTED', false],
    [undefined, 'IN_PROGRESS', false],
    ['', 'IN_PROGRESS', false],
  ])('STRAT-1: deadline %p, status %s on 2026-11-22: late = %p', (deadline, status, late) => {
    expect(isLate({ deadline }, status, TODAY)).toBe(late);
  });

  it('STRAT-1: the deadline day itself is not late; the day after is', () => {
    expect(isLate({ deadline: '2026-06-30' }, 'IN_PROGRESS', '2026-06-30')).toBe(false);
    expect(isLate({ deadline: '2026-06-30' }, 'IN_PROGRESS', '2026-07-01')).toBe(true);
  });
});

describe('STRAT-1: action counts (actionCounts)', () => {
  it('STRAT-1: counts each status once, and late actions on top of their status', () => {
    const actions = [
      action({ key: 'a1', deadline: '2026-06-30' }), // NOT_STARTED, late
      action({ key: 'a2', deadline: '2026-12-31' }), // IN_PROGRESS, on time
      action({ key: 'a3', deadline: '2026-03-31' }), // IN_PROGRESS, late
      action({ key: 'a4', deadline: '2026-01-31' }), // DONE after its deadline: not late
      action({ key: 'a5', deadline: '2026-01-31' }), // DROPPED: not late
      action({ key: 'a6', deadline: null }), // NOT_STARTED, no deadline
    ];
    const statuses: Record<string, ActionStatus> = {
      a1: 'NOT_STARTED',
      a2: 'IN_PROGRESS',
      a3: 'IN_PROGRESS',
      a4: 'DONE',
      a5: 'DROPPED',
      a6: 'NOT_STARTED',
    };
    expect(actionCounts(actions, (a) => statuses[a.key], TODAY)).toEqual({
      actions: 6,
      done: 1,
      inProgress: 2,
      notStarted: 2,
      late: 2,
      dropped: 1,
    });
  });

  it('STRAT-1: the status comes from the follow-up, not from the text of the version', () => {
    const actions = [action({ key: 'a1', status: 'NOT_STARTED', deadline: '2026-01-31' })];
    expect(actionCounts(actions, (a) => a.status, TODAY)).toMatchObject({ notStarted: 1, late: 1, done: 0 });
    expect(actionCounts(actions, () => 'DONE', TODAY)).toMatchObject({ notStarted: 0, late: 0, done: 1 });
  });

  it('STRAT-1: no action gives zero everywhere', () => {
    expect(actionCounts([], () => 'DONE', TODAY)).toEqual({
      actions: 0,
      done: 0,
      inProgress: 0,
      notStarted: 0,
      late: 0,
      dropped: 0,
    });
  });
});

describe('STRAT-1: expected value on the trajectory (expectedValue)', () => {
  const ind = indicator({ baselineValue: 40, baselineYear: 2025, targetValue: 200, targetYear: 2028 });

  it('STRAT-1: interpolates on the straight line from the baseline to the target, rounded to 2 decimals', () => {
    expect(expectedValue(ind, 2026)).toBe(93.33);
    expect(expectedValue(ind, 2027)).toBe(146.67);
    expect(
      expectedValue(
        indicator({
          baselineValue: 60,
          baselineYear: 2025,
          targetValue: 30,
          targetYear: 2028,
          direction: 'DOWN',
        }),
        2026,
      ),
    ).toBe(50);
    expect(
      expectedValue(
        indicator({ baselineValue: 0, baselineYear: 2024, targetValue: 10, targetYear: 2026 }),
        2025,
      ),
    ).toBe(5);
  });

  it('STRAT-1: the baseline before and on the baseline year, the target on and after the target year', () => {
    expect(expectedValue(ind, 2020)).toBe(40);
    expect(expectedValue(ind, 2025)).toBe(40);
    expect(expectedValue(ind, 2028)).toBe(200);
    expect(expectedValue(ind, 2031)).toBe(200);
  });

  it.each<[string, Partial<StrategyIndicatorDto>]>([
    ['no baseline value', { baselineValue: null }],
    ['no baseline year', { baselineYear: undefined }],
    ['no target value', { targetValue: null }],
    ['no target year', { targetYear: null }],
    ['a target year equal to the baseline year', { targetYear: 2025 }],
    ['a target year before the baseline year', { targetYear: 2024 }],
  ])('STRAT-1: no expected value with %s', (_, over) => {
    expect(expectedValue(indicator(over), 2026)).toBeNull();
  });

  it('STRAT-1: a baseline of 0 is a value, not missing data', () => {
    expect(
      expectedValue(
        indicator({ baselineValue: 0, baselineYear: 2025, targetValue: 30, targetYear: 2028 }),
        2025,
      ),
    ).toBe(0);
  });
});

describe('STRAT-1: indicators off track (isOffTrack)', () => {
  const up = indicator({
    direction: 'UP',
    baselineValue: 40,
    baselineYear: 2025,
    targetValue: 200,
    targetYear: 2028,
  });
  const down = indicator({
    direction: 'DOWN',
    baselineValue: 60,
    baselineYear: 2025,
    targetValue: 30,
    targetYear: 2028,
  });

  it('STRAT-1: UP: off track below the expected value, on track at or above it', () => {
    expect(isOffTrack(up, 2026, 50)).toBe(true);
    expect(isOffTrack(up, 2026, 93.33)).toBe(false);
    expect(isOffTrack(up, 2026, 120)).toBe(false);
  });

  it('STRAT-1: DOWN: off track above the expected value, on track at or below it', () => {
    expect(isOffTrack(down, 2026, 55)).toBe(true);
    expect(isOffTrack(down, 2026, 50)).toBe(false);
    expect(isOffTrack(down, 2026, 20)).toBe(false);
  });

  it('STRAT-1: after the target year the value is judged against the target', () => {
    expect(isOffTrack(up, 2029, 199)).toBe(true);
    expect(isOffTrack(down, 2029, 31)).toBe(true);
    expect(isOffTrack(down, 2029, 30)).toBe(false);
  });

  it('STRAT-1: not assessable (null) without a value or without a trajectory', () => {
    expect(isOffTrack(up, 2026, null)).toBeNull();
    expect(isOffTrack(indicator({ targetValue: null }), 2026, 10)).toBeNull();
    expect(isOffTrack(indicator({ baselineYear: null }), 2026, 10)).toBeNull();
  });
});

describe('STRAT-1: median (MEDIAN_DAYS_TO_OPINION)', () => {
  it('STRAT-1: odd count: the middle value of the sorted list', () => {
    expect(median([20, 3, 8])).toBe(8);
    expect(median([42])).toBe(42);
    expect(median([5, 1, 9, 1, 7])).toBe(5);
  });

  it('STRAT-1: even count: the mean of the two middle values, rounded to one decimal', () => {
    expect(median([20, 0])).toBe(10);
    expect(median([1, 2])).toBe(1.5);
    expect(median([0, 0, 20, 20])).toBe(10);
    expect(median([1, 2, 4, 3])).toBe(2.5);
    expect(median([1, 2, 2, 3, 10, 11])).toBe(2.5);
  });

  it('STRAT-1: empty: null (no opinion in the period)', () => {
    expect(median([])).toBeNull();
  });

  it('STRAT-1: sorts numerically (not as text) and leaves its input untouched', () => {
    const input = [100, 9, 20];
    expect(median(input)).toBe(20);
    expect(input).toEqual([100, 9, 20]);
  });
});

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
