import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TableComponent } from '../ui/table.component';
import { formatNumber, plural, withUnit } from './strategy-labels';

/** DSFR colours (success, info, error, blue France): contrast of 3:1 at least on white. */
export const CHART_COLOURS = {
  done: '#18753c',
  inProgress: '#0063cb',
  late: '#ce0500',
  value: '#000091',
  target: '#b34000',
  track: '#e5e5e5',
} as const;

/** Width, in percent, of a part of a total (0 when the total is 0). */
export function share(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((part / total) * 1000) / 10));
}

/**
 * Three progress bars: actions done, in progress and late, out of the actions. The drawing is an
 * image with a text alternative, and the same figures are written out next to it.
 */
@Component({
  selector: 'cdlp-progress-bars',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      class="cdlp-progress-bars"
      role="img"
      [attr.aria-label]="description()"
      viewBox="0 0 100 26"
      preserveAspectRatio="none"
      width="100%"
      height="36"
      focusable="false"
    >
      @for (bar of bars(); track bar.key; let i = $index) {
        <rect x="0" [attr.y]="i * 10" width="100" height="6" [attr.fill]="colours.track" />
        <rect x="0" [attr.y]="i * 10" [attr.width]="bar.width" height="6" [attr.fill]="bar.colour" />
      }
    </svg>
    <ul class="fr-text--xs fr-mb-0 cdlp-progress-legend">
      @for (bar of bars(); track bar.key) {
        <li>
          <span class="cdlp-swatch" aria-hidden="true" [style.background-color]="bar.colour"></span>
          {{ bar.label }} : {{ bar.count }}/{{ actions() }}
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
      width: 100%;
      align-self: stretch;
    }
    .cdlp-progress-bars {
      display: block;
      width: 100%;
    }
    .cdlp-progress-legend {
      list-style: none;
      padding: 0;
    }
    .cdlp-progress-legend li {
      padding: 0;
    }
    .cdlp-swatch {
      display: inline-block;
      width: 0.75rem;
      height: 0.75rem;
      margin-right: 0.25rem;
      vertical-align: middle;
    }
  `,
})
export class ProgressBarsComponent {
  /** What the bars are about, for the text alternative: "Axe 1 - Coordination". */
  readonly subject = input.required<string>();
  readonly actions = input.required<number>();
  readonly done = input.required<number>();
  readonly inProgress = input.required<number>();
  readonly late = input.required<number>();
  readonly colours = CHART_COLOURS;

  readonly bars = computed(() => [
    {
      key: 'done',
      label: 'Réalisées',
      count: this.done(),
      colour: CHART_COLOURS.done,
      width: share(this.done(), this.actions()),
    },
    {
      key: 'progress',
      label: 'En cours',
      count: this.inProgress(),
      colour: CHART_COLOURS.inProgress,
      width: share(this.inProgress(), this.actions()),
    },
    {
      key: 'late',
      label: 'En retard',
      count: this.late(),
      colour: CHART_COLOURS.late,
      width: share(this.late(), this.actions()),
    },
  ]);

  readonly description = computed(
    () =>
      `${this.subject()} : ${plural(this.actions(), 'action', 'actions')}, ${this.done()} réalisée(s), ` +
      `${this.inProgress()} en cours, ${this.late()} en retard.`,
  );
}

export interface ChartPoint {
  year: number;
  value: number | null;
  /** The value expected on the straight line from the baseline to the target. */
  expected?: number | null;
}

const BAR = 36;
const GAP = 20;
const TOP = 24;
const HEIGHT = 160;
const BOTTOM = 28;

/**
 * A bar chart of an indicator's yearly values, with its target as a dashed line, drawn in SVG
 * (role img and a text alternative) and followed by the table of the same values.
 */
@Component({
  selector: 'cdlp-indicator-chart',
  imports: [TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="fr-m-0 fr-mb-4w">
      <svg
        role="img"
        [attr.aria-label]="description()"
        [attr.viewBox]="'0 0 ' + width() + ' ' + (top + height + bottom)"
        [attr.width]="width()"
        [attr.height]="top + height + bottom"
        class="cdlp-chart"
        focusable="false"
      >
        <line
          x1="0"
          [attr.x2]="width()"
          [attr.y1]="top + height"
          [attr.y2]="top + height"
          stroke="#666"
          stroke-width="1"
        />
        @for (bar of bars(); track bar.year) {
          @if (bar.value !== null) {
            <rect
              [attr.x]="bar.x"
              [attr.y]="bar.y"
              [attr.width]="barWidth"
              [attr.height]="bar.h"
              [attr.fill]="colours.value"
            />
            <text
              [attr.x]="bar.x + barWidth / 2"
              [attr.y]="bar.y - 6"
              text-anchor="middle"
              font-size="12"
              fill="#161616"
            >
              {{ bar.label }}
            </text>
          } @else {
            <text
              [attr.x]="bar.x + barWidth / 2"
              [attr.y]="top + height - 6"
              text-anchor="middle"
              font-size="12"
              fill="#666"
            >
              –
            </text>
          }
          <text
            [attr.x]="bar.x + barWidth / 2"
            [attr.y]="top + height + 18"
            text-anchor="middle"
            font-size="12"
            fill="#161616"
          >
            {{ bar.year }}
          </text>
        }
        @if (targetY(); as y) {
          <line
            x1="0"
            [attr.x2]="width()"
            [attr.y1]="y"
            [attr.y2]="y"
            [attr.stroke]="colours.target"
            stroke-width="2"
            stroke-dasharray="6 4"
          />
        }
      </svg>
      <figcaption class="fr-text--sm fr-mt-1w">
        Barres : valeurs annuelles{{ unit() ? ' (' + unit() + ')' : '' }}.
        @if (target() !== null) {
          Ligne en tirets : cible de {{ targetText() }}.
        }
      </figcaption>
    </figure>
    <div
      class="fr-table fr-table--sm fr-table--no-caption fr-mb-4w fr-table--multiline"
      [cdlpTable]="name() + ' : valeurs par année'"
      [columns]="['Année', 'Valeur', 'Trajectoire attendue']"
    >
      <tbody>
        @for (p of points(); track p.year) {
          <tr>
            <th scope="row">{{ p.year }}</th>
            <td>{{ p.value === null ? 'Non renseignée' : valueText(p.value) }}</td>
            <td>{{ p.expected === null || p.expected === undefined ? '–' : valueText(p.expected) }}</td>
          </tr>
        }
      </tbody>
    </div>
  `,
  styles: `
    .cdlp-chart {
      display: block;
      max-width: 100%;
      height: auto;
    }
  `,
})
export class IndicatorChartComponent {
  readonly name = input.required<string>();
  readonly unit = input<string>('');
  readonly points = input.required<ChartPoint[]>();
  readonly target = input<number | null>(null);
  readonly targetYear = input<number | null>(null);
  readonly colours = CHART_COLOURS;
  readonly barWidth = BAR;
  readonly top = TOP;
  readonly height = HEIGHT;
  readonly bottom = BOTTOM;

  readonly width = computed(() => Math.max(1, this.points().length) * (BAR + GAP) + GAP);
  private readonly max = computed(() => {
    const values = this.points()
      .map((p) => p.value)
      .filter((v): v is number => v !== null);
    const target = this.target();
    return Math.max(1, ...values, ...(target !== null ? [target] : []));
  });
  readonly bars = computed(() =>
    this.points().map((p, i) => {
      const h = p.value === null ? 0 : Math.max(1, Math.round((Math.max(0, p.value) / this.max()) * HEIGHT));
      return {
        year: p.year,
        value: p.value,
        x: GAP + i * (BAR + GAP),
        y: TOP + HEIGHT - h,
        h,
        label: formatNumber(p.value),
      };
    }),
  );
  readonly targetY = computed(() => {
    const t = this.target();
    return t === null ? null : TOP + HEIGHT - Math.round((Math.max(0, t) / this.max()) * HEIGHT);
  });
  readonly targetText = computed(() => {
    const year = this.targetYear();
    return `${withUnit(this.target(), this.unit())}${year ? ` en ${year}` : ''}`;
  });
  readonly description = computed(() => {
    const values = this.points()
      .map((p) => `${p.year} : ${p.value === null ? 'non renseignée' : withUnit(p.value, this.unit())}`)
      .join(', ');
    const target = this.target() !== null ? ` Cible : ${this.targetText()}.` : '';
    return `Graphique en barres, ${this.name()}. ${values}.${target} Détail dans le tableau qui suit.`;
  });

  valueText(v: number): string {
    return withUnit(v, this.unit());
  }
}
