import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Permission, type AssociationDto } from '@cdlp/shared';
import { AuthService } from '../core/auth.service';
import { DayPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { Option } from '../ui/form-fields';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { oneOfParam, pageParam, textParam } from '../ui/query-params';
import { approvalBadge } from './approval-badge';
import { AssociationsApi } from './associations.api';

export const ASSOCIATIONS_PAGE_SIZE = 20;

const ASSOCIATION_QUERY = {
  search: textParam(),
  status: oneOfParam(['active', 'ended', 'all'] as const, 'active'),
  page: pageParam(),
};

const STATUS_OPTIONS: Option[] = [
  { value: 'active', label: 'Agrément en cours' },
  { value: 'ended', label: 'Agrément terminé' },
  { value: 'all', label: 'Toutes' },
];

@Component({
  selector: 'cdlp-association-list-page',
  imports: [RouterLink, DayPipe, FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Associations agréées</h1>
      @if (canWrite()) {
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a class="fr-btn fr-icon-add-line" routerLink="/associations/nouvelle">Ajouter une association</a>
          </li>
        </ul>
      }

      <cdlp-filter-bar
        label="Filtrer les associations"
        [fields]="filterFields"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des associations…"
        countOne="association trouvée"
        countMany="associations trouvées"
        emptyText="Aucune association ne correspond à votre recherche."
        tableId="table-associations"
        caption="Associations agréées"
        paginationLabel="Pagination des associations"
        [columns]="columns"
      >
        <tbody>
          @for (a of list.items(); track a.id) {
            <tr>
              <td>
                <a class="fr-link" [routerLink]="['/associations', a.id]">{{ a.name }}</a>
              </td>
              <td>{{ a.departementCodes.join(', ') }}</td>
              <td>{{ a.approvalOrderRef }}</td>
              <td>du {{ a.approvalStart | day }}<br />au {{ a.approvalEnd | day }}</td>
              <td>
                <p class="fr-badge fr-badge--sm" [class]="badge(a).cssClass">
                  {{ badge(a).label }}
                </p>
              </td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class AssociationListPage {
  private readonly api = inject(AssociationsApi);
  private readonly auth = inject(AuthService);

  readonly canWrite = computed(() => this.auth.can(Permission.ASSOCIATIONS_WRITE));
  readonly filterFields: FilterField[] = [
    {
      id: 'search',
      label: 'Rechercher',
      hint: "Nom, adresse électronique ou référence de l'arrêté",
      type: 'search',
    },
    { id: 'status', label: 'Statut', options: STATUS_OPTIONS, placeholder: null },
  ];
  readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    status: new FormControl('active', { nonNullable: true }),
  });
  readonly columns: TableColumn[] = [
    'Nom',
    'Départements couverts',
    "Arrêté d'agrément",
    "Période d'agrément",
    'Validité',
  ];
  readonly list = createListState({
    query: ASSOCIATION_QUERY,
    filters: this.filters,
    load: (q) => this.api.list({ ...q, pageSize: ASSOCIATIONS_PAGE_SIZE }),
  });

  badge(a: AssociationDto) {
    return approvalBadge(a);
  }
}
