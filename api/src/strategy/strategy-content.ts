import { StrategyActionDto, StrategyContentDto, StrategyReferenceDto } from '@cdlp/shared';
import { fieldError } from '../core/http/errors';

export function emptyContent(reference: StrategyReferenceDto): StrategyContentDto {
  return {
    introduction: '',
    diagnosticText: '',
    figures: [],
    recommendations: reference.axes
      .flatMap((a) => a.recommendations)
      .map((r) => ({
        recommendationNumber: r.number,
        findings: '',
        priority: null,
        actions: [],
        indicators: [],
      })),
    localActions: [],
  };
}

/** Every recommendation of the reference once, unique keys, coherent dates and targets. */
export function checkContent(content: StrategyContentDto, reference: StrategyReferenceDto): void {
  const numbers = new Set(reference.axes.flatMap((a) => a.recommendations.map((r) => r.number)));
  const seen = new Set<number>();
  content.recommendations.forEach((p, i) => {
    if (!numbers.has(p.recommendationNumber))
      throw fieldError(
        `content.recommendations.${i}.recommendationNumber`,
        `La préconisation ${p.recommendationNumber} n'existe pas dans le référentiel.`,
      );
    if (seen.has(p.recommendationNumber))
      throw fieldError(
        `content.recommendations.${i}.recommendationNumber`,
        `La préconisation ${p.recommendationNumber} apparaît deux fois.`,
      );
    seen.add(p.recommendationNumber);
  });
  const keys = new Set<string>();
  const check = (a: StrategyActionDto, path: string) => {
    if (keys.has(a.key)) throw fieldError(`${path}.key`, 'Deux actions portent la même clé.');
    keys.add(a.key);
    if (a.startDate && a.deadline && a.deadline < a.startDate)
      throw fieldError(`${path}.deadline`, `L'échéance de l'action « ${a.title} » précède son début.`);
  };
  content.recommendations.forEach((p, i) => {
    p.actions.forEach((a, j) => check(a, `content.recommendations.${i}.actions.${j}`));
    p.indicators.forEach((ind, j) => {
      if (keys.has(ind.key))
        throw fieldError(
          `content.recommendations.${i}.indicators.${j}.key`,
          'Deux éléments portent la même clé.',
        );
      keys.add(ind.key);
      if (ind.baselineYear && ind.targetYear && ind.targetYear <= ind.baselineYear) {
        throw fieldError(
          `content.recommendations.${i}.indicators.${j}.targetYear`,
          `L'année cible de « ${ind.name} » doit suivre l'année de référence.`,
        );
      }
    });
  });
  content.localActions.forEach((a, j) => check(a, `content.localActions.${j}`));
}
