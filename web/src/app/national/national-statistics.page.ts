import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import {
  NATIONAL_STATISTIC_COLUMNS,
  type DepartementStatisticsDto,
  type NationalStatisticsDto,
  type PageDto,
} from '@cdlp/shared';
import { map, Observable, shareReplay, tap } from 'rxjs';
import { AlertComponent } from '../ui/alert.component';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { createListState } from '../ui/list-state';
import { inUrlAs, intParam, oneOfParam, orderParam } from '../ui/query-params';
import { NationalStatisticsApi } from './national-statistics.api';
import { currentYear } from './national-summary.component';
import { StatisticsChartComponent } from './statistics-chart.component';
import { StatisticsTableComponent } from './statistics-table.component';
import {
  CHART_KEYS,
  DEFAULT_CHART,
  sortStatistics,
  STATISTICS_SORT_KEYS,
  statisticColumn,
} from './statistics-view';

/** The law of 13 April 2016 created the PSP: no figure before. */
export const FIRST_YEAR = 2016;

const STATISTICS_QUERY = {
  year: inUrlAs('annee', intParam(FIRST_YEAR, currentYear(), currentYear)),
  chart: inUrlAs('graphique', oneOfParam(CHART_KEYS, DEFAULT_CHART)),
  sort: oneOfParam(STATISTICS_SORT_KEYS, 'code'),
  order: orderParam('asc'),
};

/**
 * TENANT-1, PSP-4: the national statistics (SUPERVISOR, NATIONAL_ADMIN): a year, a table of
 * every département and the national total, sortable by each figure, a chart of one figure
 * with its data table, and the XLSX export. The figures come protected from the API (« < 5 »);
 * the page explains the protection and never tries to undo it. Year, sort and chart live in the
 * URL (createListState), so a view can be bookmarked and shared.
 */
@Component({
  selector: 'cdlp-national-statistics-page',
  imports: [AlertComponent, FilterBarComponent, StatisticsTableComponent, StatisticsChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Statistiques nationales</h1>
      <p class="fr-text--lead">
        L’activité des commissions de chaque département, en chiffres anonymisés : demandes de parcours de
        sortie, avis, décisions du préfet, délai entre la demande complète et l’avis (PSP-4), parcours et
        séances.
      </p>

      <cdlp-filter-bar
        label="Choisir l’année et le graphique"
        submitLabel="Afficher"
        [fields]="filterFields"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      <p role="status" class="fr-mb-2w">
        @if (list.loading()) {
          Chargement des statistiques {{ list.query().year }}…
        } @else if (statistics(); as s) {
          Statistiques {{ s.year }} : {{ s.departements.length }}
          {{ s.departements.length > 1 ? 'départements' : 'département' }}.
        }
      </p>
      <cdlp-alert kind="error" [text]="list.error()" />

      @if (statistics(); as s) {
        <cdlp-alert kind="info" heading="Protection des chiffres" [text]="s.disclosureNote" />
        <p class="fr-text--sm">
          Seuil de masquage : {{ s.threshold }}. Au tri, les chiffres masqués et les cases sans objet (« — »)
          sont placés après les autres, dans les deux ordres.
        </p>

        <p>
          <a class="fr-link fr-link--download" [href]="exportUrl()" download id="export-statistiques">
            Télécharger les statistiques {{ s.year }}
            <span class="fr-link__detail">XLSX, mêmes chiffres masqués que la page</span>
          </a>
        </p>

        <cdlp-statistics-table
          [year]="s.year"
          [rows]="list.items()"
          [total]="s.total"
          [threshold]="s.threshold"
          [sortState]="list.sort()"
        />

        @if (chartColumn(); as c) {
          <h2 class="fr-h4 fr-mt-4w" id="graphique-titre">Graphique : {{ c.title }}</h2>
          <cdlp-statistics-chart
            [column]="c"
            [rows]="list.items()"
            [total]="s.total"
            [year]="s.year"
            [threshold]="s.threshold"
          />
        }
      }
    </div>
  `,
})
export class NationalStatisticsPage {
  private readonly api = inject(NationalStatisticsApi);
  /** One request per year while the page is open: sorting or changing the chart asks nothing again. */
  private readonly years = new Map<number, Observable<NationalStatisticsDto>>();

  readonly statistics = signal<NationalStatisticsDto | null>(null);
  readonly filterFields: FilterField[] = [
    {
      id: 'year',
      label: 'Année',
      options: yearOptions(),
      placeholder: null,
    },
    {
      id: 'chart',
      label: 'Chiffre représenté par le graphique',
      options: NATIONAL_STATISTIC_COLUMNS.map((c) => ({ value: c.key, label: c.title })),
      placeholder: null,
    },
  ];
  readonly filters = new FormGroup({
    year: new FormControl(String(currentYear()), { nonNullable: true }),
    chart: new FormControl(DEFAULT_CHART, { nonNullable: true }),
  });
  readonly list = createListState({
    query: STATISTICS_QUERY,
    filters: this.filters,
    load: (q) =>
      this.forYear(q.year).pipe(
        map(
          (s): PageDto<DepartementStatisticsDto> => ({
            items: sortStatistics(s.departements, q.sort, q.order),
            total: s.departements.length,
            page: 1,
            pageSize: Math.max(1, s.departements.length),
          }),
        ),
      ),
  });
  readonly chartColumn = computed(() => statisticColumn(this.list.query().chart));
  readonly exportUrl = computed(() => this.api.exportUrl(this.list.query().year));

  private forYear(year: number): Observable<NationalStatisticsDto> {
    if (this.statistics()?.year !== year) this.statistics.set(null);
    let request = this.years.get(year);
    if (!request) {
      request = this.api
        .forYear(year)
        .pipe(tap({ error: () => this.years.delete(year) }), shareReplay({ bufferSize: 1, refCount: false }));
      this.years.set(year, request);
    }
    return request.pipe(tap((s) => this.statistics.set(s)));
  }
}

/** From this year back to 2016, the most recent first. */
export function yearOptions(now = currentYear()): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (let y = now; y >= FIRST_YEAR; y--) out.push({ value: String(y), label: String(y) });
  return out;
}
