import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import {
  NATIONAL_STATISTIC_COLUMNS,
  statisticColumnGroups,
  type DepartementStatisticsDto,
  type StatisticCellDto,
  type StatisticColumn,
  type StatisticsFiguresDto,
} from '@cdlp/shared';
import type { SortState } from '../ui/list-state';
import { SortHeaderComponent } from '../ui/sort-header.component';
import { TableComponent } from '../ui/table.component';
import { lowerFirst } from './statistics-view';

/**
 * The figure of one cell: a hidden one (« < 5 ») says so to screen readers, and the title
 * explains it on hover; « — » means there is nothing to count (no opinion for a median).
 */
@Component({
  selector: 'cdlp-statistic-cell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (cell().suppressed) {
      <span class="cdlp-hidden-figure" [title]="hiddenTitle()"
        >{{ cell().display }}<span class="fr-sr-only"> (chiffre masqué)</span></span
      >
    } @else if (cell().value === null) {
      <span [title]="emptyTitle()">{{ cell().display }}</span>
    } @else {
      {{ cell().display }}
    }
  `,
})
export class StatisticCellComponent {
  readonly cell = input.required<StatisticCellDto>();
  readonly threshold = input.required<number>();
  readonly days = input(false);

  hiddenTitle(): string {
    return this.days()
      ? `Médiane masquée : calculée sur moins de ${this.threshold()} avis`
      : `Chiffre masqué : moins de ${this.threshold()}, ou masqué pour que le total ne le révèle pas`;
  }

  emptyTitle(): string {
    return this.days() ? 'Aucun avis rendu dans l’année' : 'Aucune valeur';
  }
}

/**
 * TENANT-1, PSP-4: the national statistics, one row per département and the national total
 * in the footer; a two-row heading (groups, then figures) whose every figure sorts the rows
 * through the URL. A closed département keeps its row (its figures of the year still count).
 */
@Component({
  selector: 'cdlp-statistics-table',
  imports: [SortHeaderComponent, StatisticCellComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      class="fr-table fr-table--bordered cdlp-stats-table"
      id="table-statistiques"
      [cdlpTable]="'Statistiques ' + year() + ' par département et total national'"
    >
      <colgroup>
        <col />
      </colgroup>
      @for (g of groups; track g.label) {
        <colgroup [attr.span]="g.span"></colgroup>
      }
      <thead>
        <tr>
          <th
            rowspan="2"
            cdlpSort="code"
            label="Département"
            sortLabel="code du département"
            [sortState]="sortState()"
          ></th>
          @for (g of groups; track g.label) {
            <th scope="colgroup" [attr.colspan]="g.span">{{ g.label }}</th>
          }
        </tr>
        <tr>
          @for (c of columns; track c.key) {
            <th
              [cdlpSort]="c.key"
              [label]="c.label"
              [sortLabel]="sortLabel(c)"
              [sortState]="sortState()"
            ></th>
          }
        </tr>
      </thead>
      <tbody>
        @for (d of rows(); track d.code) {
          <tr>
            <th scope="row">
              {{ d.code }} {{ d.name }}
              @if (!d.active) {
                <p class="fr-badge fr-badge--sm fr-badge--no-icon fr-ml-1w">Fermé</p>
              }
            </th>
            @for (c of columns; track c.key) {
              <td>
                <cdlp-statistic-cell
                  [cell]="c.pick(d)"
                  [threshold]="threshold()"
                  [days]="c.unit === 'days'"
                />
              </td>
            }
          </tr>
        }
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total national</th>
          @for (c of columns; track c.key) {
            <td>
              <cdlp-statistic-cell
                [cell]="c.pick(total())"
                [threshold]="threshold()"
                [days]="c.unit === 'days'"
              />
            </td>
          }
        </tr>
      </tfoot>
    </div>
  `,
})
export class StatisticsTableComponent {
  readonly year = input.required<number>();
  readonly rows = input.required<readonly DepartementStatisticsDto[]>();
  readonly total = input.required<StatisticsFiguresDto>();
  readonly threshold = input.required<number>();
  readonly sortState = input.required<SortState | null>();

  readonly columns: readonly StatisticColumn[] = NATIONAL_STATISTIC_COLUMNS;
  readonly groups = statisticColumnGroups();

  sortLabel(c: StatisticColumn): string {
    return lowerFirst(c.title);
  }
}
