import type { StrategyActionDto, StrategyIndicatorDto } from '../../contract/strategy';

/** The actions and indicators of the strategy specs (strategy*.spec.ts, STRAT-1); override what a test is about. */

export function action(over: Partial<StrategyActionDto> = {}): StrategyActionDto {
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

export function indicator(over: Partial<StrategyIndicatorDto> = {}): StrategyIndicatorDto {
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
