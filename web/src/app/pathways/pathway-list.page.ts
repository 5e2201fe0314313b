import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import { ParamMap, RouterLink } from '@angular/router';
import type { PathwayDto } from '@cdlp/shared';
import { AuthService } from '../core/auth.service';
import { DayPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { Option } from '../ui/form-fields';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { countValidator } from '../ui/validators';
import { countParam, oneOfParam, pageParam, parseQuery } from '../ui/query-params';
import { endsInText, endsSoon, monthsText, pathwayStateLabel } from './pathway-labels';
import { PathwaysApi } from './pathways.api';

export const PATHWAYS_PAGE_SIZE = 20;

const PATHWAY_QUERY = {
  /** "all" in the URL and the form; no state for the API. */
  state: oneOfParam(['ACTIVE', 'ENDED', 'all'] as const, 'ACTIVE'),
  expiringWithinDays: countParam(3, 366),
  page: pageParam(),
};

export function parsePathwayListQuery(q: ParamMap) {
  return parseQuery(PATHWAY_QUERY, q);
}

const STATE_OPTIONS: Option[] = [
  { value: 'ACTIVE', label: 'En cours' },
  { value: 'ENDED', label: 'Terminés' },
  { value: 'all', label: 'Tous' },
];

@Component({
  selector: 'cdlp-pathway-list-page',
  imports: [RouterLink, DayPipe, FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Parcours de sortie de la prostitution</h1>
      <p>
        Un parcours est accordé par périodes de six mois, dans la limite de vingt-quatre mois (PSP-6). Les
        parcours dont la période se termine bientôt sont signalés.
      </p>
      <cdlp-filter-bar
        label="Filtrer les parcours"
        [fields]="filterFields"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des parcours…"
        countOne="parcours trouvé"
        countMany="parcours trouvés"
        emptyText="Aucun parcours ne correspond à votre recherche."
        tableId="table-parcours"
        caption="Parcours de sortie, par fin de période"
        paginationLabel="Pagination des parcours"
        [columns]="columns()"
      >
        <tbody>
          @for (p of list.items(); track p.id) {
            <tr>
              <td class="cdlp-nowrap">
                <a class="fr-link" [routerLink]="['/parcours', p.id]">{{ p.reference }}</a>
              </td>
              @if (showAssociation()) {
                <td>{{ p.associationName }}</td>
              }
              <td>
                <p
                  class="fr-badge fr-badge--sm"
                  [class.fr-badge--success]="p.state === 'ACTIVE'"
                  [class.fr-badge--no-icon]="p.state !== 'ACTIVE'"
                >
                  {{ stateLabel(p) }}
                </p>
              </td>
              <td class="cdlp-nowrap">{{ p.currentPeriodEnd | day }}</td>
              <td>{{ months(p) }}</td>
              <td>
                @if (p.state === 'ACTIVE' && p.daysToPeriodEnd !== null) {
                  <p
                    class="fr-badge fr-badge--sm"
                    [class.fr-badge--warning]="soon(p)"
                    [class.fr-badge--no-icon]="!soon(p)"
                  >
                    {{ endsIn(p) }}
                  </p>
                } @else {
                  <span class="cdlp-empty">-</span>
                }
              </td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class PathwayListPage {
  private readonly api = inject(PathwaysApi);
  private readonly auth = inject(AuthService);

  readonly showAssociation = computed(() => this.auth.role() !== 'ASSOCIATION');
  readonly filterFields: FilterField[] = [
    { id: 'state', label: 'État du parcours', options: STATE_OPTIONS, placeholder: null },
    { id: 'expiringWithinDays', label: 'Période se terminant dans les (jours)', inputmode: 'numeric' },
  ];
  readonly filters = new FormGroup({
    state: new FormControl('ACTIVE', { nonNullable: true }),
    expiringWithinDays: new FormControl('', {
      nonNullable: true,
      validators: [countValidator(3, 366, 'Indiquez un nombre de jours entre 0 et 366.')],
    }),
  });
  readonly columns = computed<TableColumn[]>(() => [
    'Référence',
    ...(this.showAssociation() ? ['Association'] : []),
    'État',
    "Période en cours jusqu'au",
    'Durée (PSP-6)',
    'Échéance',
  ]);
  readonly list = createListState({
    query: PATHWAY_QUERY,
    filters: this.filters,
    load: (q) =>
      this.api.list({ ...q, state: q.state === 'all' ? '' : q.state, pageSize: PATHWAYS_PAGE_SIZE }),
  });

  stateLabel(p: PathwayDto): string {
    return pathwayStateLabel(p);
  }
  months(p: PathwayDto): string {
    return monthsText(p.totalMonths, p.totalMonths + p.remainingMonths);
  }
  endsIn(p: PathwayDto): string {
    return endsInText(p.daysToPeriodEnd);
  }
  soon(p: PathwayDto): boolean {
    return endsSoon(p);
  }
}
