import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { expectedValue, type StrategyDto, type StrategyIndicatorDto } from '@cdlp/shared';
import { ChartPoint, IndicatorChartComponent } from './charts';
import { indicatorValue, yearRange } from './strategy-labels';

/** An indicator of the strategy with the number of its recommendation. */
export interface IndicatorRow {
  indicator: StrategyIndicatorDto;
  recommendation: number;
}

/** The yearly values of an indicator, the baseline standing in for its year when nothing was entered. */
export function chartPoints(s: StrategyDto, i: StrategyIndicatorDto): ChartPoint[] {
  return yearRange(s.periodStart - 1, s.periodEnd).map((y) => {
    let value = indicatorValue(s, i, y);
    if (value === null && y === i.baselineYear && i.baselineValue !== null && i.baselineValue !== undefined)
      value = i.baselineValue;
    return { year: y, value, expected: expectedValue(i, y) };
  });
}

/** STRAT-1: one chart per indicator over the period of the strategy, each followed by its data table. */
@Component({
  selector: 'cdlp-follow-up-charts',
  imports: [IndicatorChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="graphiques-titre">
      <h2 id="graphiques-titre" class="fr-h4">Graphiques</h2>
      <p class="fr-text--sm">Chaque graphique est suivi du tableau de ses valeurs.</p>
      @for (row of indicators(); track row.indicator.key) {
        <h3 class="fr-h6">{{ row.indicator.name }} (préconisation {{ row.recommendation }})</h3>
        <cdlp-indicator-chart
          [name]="row.indicator.name"
          [unit]="row.indicator.unit"
          [points]="points(row.indicator)"
          [target]="row.indicator.targetValue ?? null"
          [targetYear]="row.indicator.targetYear ?? null"
        />
      } @empty {
        <p class="cdlp-empty">Aucun indicateur.</p>
      }
    </section>
  `,
})
export class FollowUpChartsComponent {
  readonly strategy = input.required<StrategyDto>();
  readonly indicators = input.required<IndicatorRow[]>();

  points(i: StrategyIndicatorDto): ChartPoint[] {
    return chartPoints(this.strategy(), i);
  }
}
