import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { DepartementStatisticsDto, StatisticColumn, StatisticsFiguresDto } from '@cdlp/shared';
import { CHART_COLOURS } from '../strategy/charts';
import { TableComponent } from '../ui/table.component';
import { StatisticCellComponent } from './statistics-table.component';
import { knownValue } from './statistics-view';

const LABEL = 210;
const BARS = 380;
const VALUE = 150;
const ROW = 24;
const TOP = 8;

/**
 * TENANT-1, PSP-4: one figure of the national statistics as horizontal bars, one per
 * département, drawn in SVG (an image with a text alternative) and followed by the table of
 * the same values, as the strategy's charts are. A hidden figure has no bar: the chart says
 * « < 5 (masqué) », as the table does; for the median, a dashed line marks the national one.
 */
@Component({
  selector: 'cdlp-statistics-chart',
  imports: [TableComponent, StatisticCellComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="fr-m-0 fr-mb-4w">
      <svg
        role="img"
        [attr.aria-label]="description()"
        [attr.viewBox]="'0 0 ' + width + ' ' + height()"
        [attr.width]="width"
        [attr.height]="height()"
        class="cdlp-bar-chart"
        focusable="false"
      >
        @for (b of bars(); track b.code) {
          <text [attr.x]="labelWidth - 8" [attr.y]="b.y + 16" text-anchor="end" font-size="12" fill="#161616">
            {{ b.label }}
          </text>
          @if (b.width > 0) {
            <rect
              [attr.x]="labelWidth"
              [attr.y]="b.y + 4"
              [attr.width]="b.width"
              height="16"
              [attr.fill]="colours.value"
            />
          }
          <text
            [attr.x]="labelWidth + b.width + 6"
            [attr.y]="b.y + 16"
            font-size="12"
            [attr.fill]="b.known ? '#161616' : '#666'"
          >
            {{ b.text }}
          </text>
        }
        <line
          [attr.x1]="labelWidth"
          [attr.x2]="labelWidth"
          [attr.y1]="top"
          [attr.y2]="height() - top"
          stroke="#666"
          stroke-width="1"
        />
        @if (referenceX(); as x) {
          <line
            [attr.x1]="x"
            [attr.x2]="x"
            [attr.y1]="top"
            [attr.y2]="height() - top"
            [attr.stroke]="colours.target"
            stroke-width="2"
            stroke-dasharray="6 4"
          />
        }
      </svg>
      <figcaption class="fr-text--sm fr-mt-1w">
        Barres : {{ lowerTitle() }} en {{ year() }}, par département. Sans barre : chiffre masqué (« &lt;
        {{ threshold() }} ») ou sans objet (« — »).
        @if (referenceX()) {
          Ligne en tirets : valeur nationale ({{ total().medianDaysCompleteToOpinion.display }}).
        }
      </figcaption>
    </figure>
    <div
      class="fr-table fr-table--sm fr-table--no-caption fr-mb-4w"
      id="table-graphique"
      [cdlpTable]="column().title + ' en ' + year() + ' : valeurs du graphique'"
      [columns]="['Département', column().title]"
    >
      <tbody>
        @for (d of rows(); track d.code) {
          <tr>
            <th scope="row">{{ d.code }} {{ d.name }}</th>
            <td>
              <cdlp-statistic-cell [cell]="column().pick(d)" [threshold]="threshold()" [days]="isDays()" />
            </td>
          </tr>
        }
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total national</th>
          <td>
            <cdlp-statistic-cell
              [cell]="column().pick(total())"
              [threshold]="threshold()"
              [days]="isDays()"
            />
          </td>
        </tr>
      </tfoot>
    </div>
  `,
})
export class StatisticsChartComponent {
  readonly column = input.required<StatisticColumn>();
  readonly rows = input.required<readonly DepartementStatisticsDto[]>();
  readonly total = input.required<StatisticsFiguresDto>();
  readonly year = input.required<number>();
  readonly threshold = input.required<number>();

  readonly colours = CHART_COLOURS;
  readonly labelWidth = LABEL;
  readonly width = LABEL + BARS + VALUE;
  readonly top = TOP;
  readonly isDays = computed(() => this.column().unit === 'days');
  readonly lowerTitle = computed(() => {
    const t = this.column().title;
    return t.charAt(0).toLowerCase() + t.slice(1);
  });
  readonly height = computed(() => TOP * 2 + Math.max(1, this.rows().length) * ROW);

  /** The national median is comparable to each département's; a national count is not. */
  private readonly reference = computed(() =>
    this.isDays() ? knownValue(this.column().pick(this.total())) : null,
  );
  private readonly max = computed(() => {
    const values = this.rows()
      .map((d) => knownValue(this.column().pick(d)))
      .filter((v): v is number => v !== null);
    const reference = this.reference();
    return Math.max(1, ...values, ...(reference !== null ? [reference] : []));
  });
  readonly bars = computed(() =>
    this.rows().map((d, i) => {
      const cell = this.column().pick(d);
      const value = knownValue(cell);
      const name = `${d.code} ${d.name}`;
      return {
        code: d.code,
        y: TOP + i * ROW,
        label: name.length > 30 ? `${name.slice(0, 29)}…` : name,
        known: value !== null,
        width: value === null ? 0 : Math.round((Math.max(0, value) / this.max()) * BARS),
        text: cell.suppressed ? `${cell.display} (masqué)` : cell.display,
      };
    }),
  );
  readonly referenceX = computed(() => {
    const r = this.reference();
    return r === null ? null : LABEL + Math.round((r / this.max()) * BARS);
  });
  readonly description = computed(() => {
    const shown = this.rows().filter((d) => knownValue(this.column().pick(d)) !== null).length;
    const hidden = this.rows().filter((d) => this.column().pick(d).suppressed).length;
    return (
      `Graphique en barres horizontales : ${this.lowerTitle()} en ${this.year()}, ${this.rows().length} département(s), ` +
      `${shown} valeur(s) affichée(s), ${hidden} masquée(s). Total national : ${this.column().pick(this.total()).display}. ` +
      'Détail dans le tableau qui suit.'
    );
  });
}
