import { randomUUID } from 'node:crypto';
import type { StrategyActionDto, StrategyContentDto, StrategyIndicatorDto } from '@cdlp/shared';
import { instantToParisLocal } from '@cdlp/shared';
import type { HttpResult, TestApp } from '../test-app';

/** Building blocks of a strategy's content (STRAT-1). */

/** Fails the test unless the call answered 200 or 201; returns the body. */
export function ok<T>(r: HttpResult<T>, what: string): T {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const key = (): string => randomUUID();

/** The year of the api's clock, in Paris. */
export function clockYear(t: TestApp): number {
  return Number(instantToParisLocal(t.clock.now()).slice(0, 4));
}

/** A complete action; override what the test is about. */
export function action(over: Partial<StrategyActionDto> = {}): StrategyActionDto {
  return {
    key: key(),
    title: 'Action de test',
    description: 'Description de l’action.',
    lead: { name: 'Préfecture de la Vienne' },
    partners: [],
    startDate: null,
    deadline: null,
    budget: null,
    fundingSource: null,
    status: 'NOT_STARTED',
    ...over,
  };
}

/** A typed (not automatic) indicator; override what the test is about. */
export function indicator(over: Partial<StrategyIndicatorDto> = {}): StrategyIndicatorDto {
  return {
    key: key(),
    name: 'Indicateur de test',
    unit: 'personnes',
    automatic: null,
    direction: 'UP',
    baselineValue: null,
    baselineYear: null,
    targetValue: null,
    targetYear: null,
    ...over,
  };
}

/** A deep copy of a version's content, to edit for the next version. */
export function copy(content: StrategyContentDto): StrategyContentDto {
  return JSON.parse(JSON.stringify(content)) as StrategyContentDto;
}

/** The plan of recommendation n in a content (fails the test when absent). */
export function planOf(
  content: StrategyContentDto,
  n: number,
): StrategyContentDto['recommendations'][number] {
  const p = content.recommendations.find((r) => r.recommendationNumber === n);
  if (!p) throw new Error(`recommendation ${n} not in the content`);
  return p;
}
