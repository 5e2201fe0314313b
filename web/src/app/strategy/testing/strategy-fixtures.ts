import type { FollowUpDto, StrategyDto, StrategyReferenceDto } from '@cdlp/shared';

/** Test data of the strategy unit tests (not part of the bundle). */
export const STRATEGY_ID = '33333333-3333-4333-8333-333333333333';
export const ACTION_KEY = '44444444-4444-4444-8444-444444444444';
export const INDICATOR_KEY = '55555555-5555-4555-8555-555555555555';
export const AUTO_KEY = '66666666-6666-4666-8666-666666666666';

export function reference(): StrategyReferenceDto {
  const axes = [1, 2, 3, 4, 5, 6].map((n) => ({
    number: n,
    title: `Axe numéro ${n}`,
    recommendations: [
      { number: n * 2 - 1, title: `Préconisation ${n * 2 - 1} du diagnostic`, levers: [`Levier ${n * 2 - 1}`], axisNumber: n, nationalAxisNumber: 1 },
      { number: n * 2, title: `Préconisation ${n * 2} du diagnostic`, levers: [`Levier ${n * 2}`], axisNumber: n, nationalAxisNumber: 2 },
    ],
  }));
  return {
    id: 'ref',
    code: 'VIENNE-2024',
    version: 1,
    title: 'Diagnostic départemental',
    source: 'Diagnostic',
    axes,
    nationalAxes: [
      { number: 1, title: 'Prévenir' },
      { number: 2, title: 'Accompagner' },
    ],
  };
}

export function strategy(overrides: Partial<StrategyDto> = {}): StrategyDto {
  const ref = reference();
  return {
    id: STRATEGY_ID,
    title: 'Stratégie départementale',
    periodStart: 2026,
    periodEnd: 2028,
    state: 'DRAFT',
    currentVersion: 2,
    adoptedVersion: null,
    signedDocumentId: null,
    updatedAt: '2026-03-01T10:00:00Z',
    reference: ref,
    content: {
      introduction: 'Introduction de la stratégie.',
      diagnosticText: 'Diagnostic.',
      figures: [],
      recommendations: ref.axes
        .flatMap((a) => a.recommendations)
        .map((r) => ({ recommendationNumber: r.number, findings: '', priority: null, actions: [], indicators: [] })),
      localActions: [],
    },
    versions: [
      { number: 2, savedAt: '2026-03-01T10:00:00Z', savedBy: 'Sophie Lemaire', note: 'Chiffres', frozen: false },
      { number: 1, savedAt: '2026-02-01T10:00:00Z', savedBy: 'Sophie Lemaire', note: 'Version initiale', frozen: false },
    ],
    actionStatus: {},
    indicatorValues: {},
    agendaSittingId: null,
    editable: true,
    ...overrides,
  };
}

/** A strategy whose recommendation 5 holds one action and two indicators (one computed by the portal). */
export function strategyWithPlan(overrides: Partial<StrategyDto> = {}): StrategyDto {
  const s = strategy(overrides);
  const plan = s.content.recommendations.find((r) => r.recommendationNumber === 5);
  if (!plan) throw new Error('No plan 5');
  plan.findings = 'Peu de professionnels formés.';
  plan.priority = 'MEDIUM';
  plan.actions.push({
    key: ACTION_KEY,
    title: 'Former 200 professionnels',
    description: 'Sensibilisation.',
    lead: { name: 'CIDFF de la Vienne' },
    partners: [{ name: 'Éducation nationale' }],
    startDate: '2026-03-01',
    deadline: '2026-06-30',
    budget: 12000,
    fundingSource: 'Programme 137',
    status: 'NOT_STARTED',
  });
  plan.indicators.push(
    { key: INDICATOR_KEY, name: 'Professionnels formés', unit: 'personnes', automatic: null, direction: 'UP', baselineValue: 40, baselineYear: 2025, targetValue: 200, targetYear: 2028 },
    { key: AUTO_KEY, name: 'Demandes déposées', unit: 'demandes', automatic: 'PSP_REQUESTS', direction: 'UP', baselineValue: 6, baselineYear: 2025, targetValue: 15, targetYear: 2028 },
  );
  s.actionStatus = { [ACTION_KEY]: 'NOT_STARTED' };
  s.indicatorValues = { [INDICATOR_KEY]: { '2026': 80 }, [AUTO_KEY]: { '2025': 5, '2026': 9 } };
  return s;
}

export function followUp(year = 2026): FollowUpDto {
  const ref = reference();
  return {
    strategyId: STRATEGY_ID,
    year,
    recommendations: ref.axes.flatMap((a) =>
      a.recommendations.map((r) => ({
        number: r.number,
        title: r.title,
        axisNumber: a.number,
        priority: null,
        actions: r.number === 5 ? 2 : 0,
        done: r.number === 5 ? 1 : 0,
        inProgress: 0,
        notStarted: r.number === 5 ? 1 : 0,
        late: r.number === 5 ? 1 : 0,
        dropped: 0,
      })),
    ),
    indicators: [
      {
        key: INDICATOR_KEY,
        recommendationNumber: 5,
        name: 'Professionnels formés',
        unit: 'personnes',
        value: 80,
        expected: 93.33,
        target: 200,
        targetYear: 2028,
        offTrack: true,
      },
    ],
    lateActions: [{ key: ACTION_KEY, title: 'Former 200 professionnels', deadline: '2026-06-30', lead: 'CIDFF de la Vienne', recommendationNumber: 5 }],
    totals: { actions: 2, done: 1, inProgress: 0, late: 1 },
  };
}
