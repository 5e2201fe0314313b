import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { NationalDepartementDto, PageDto } from '@cdlp/shared';
import { map, shareReplay } from 'rxjs';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import { oneOfParam, orderParam, textParam, type SortOrder } from '../ui/query-params';
import type { TableColumn } from '../ui/table.component';
import { DepartementsApi } from './departements.api';
import { accountsText, stateBadge } from './departement-labels';

const SORTS = ['code', 'name', 'prefecture', 'accounts'] as const;
type DepartementSort = (typeof SORTS)[number];

const DEPARTEMENT_QUERY = {
  search: textParam(),
  status: oneOfParam(['all', 'active', 'closed'] as const, 'all'),
  sort: oneOfParam(SORTS, 'code'),
  order: orderParam('asc'),
};

/** Lower case without accents: « Deux-Sèvres » is found by « deux-sevres ». */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The départements shown for a state of the page: the registry holds about a hundred, so it
 * is loaded once and searched, filtered and sorted here.
 */
export function selectDepartements(
  all: readonly NationalDepartementDto[],
  q: { search: string; status: 'all' | 'active' | 'closed'; sort: DepartementSort; order: SortOrder },
): NationalDepartementDto[] {
  const search = folded(q.search.trim());
  const sign = q.order === 'asc' ? 1 : -1;
  const compare: Record<DepartementSort, (a: NationalDepartementDto, b: NationalDepartementDto) => number> = {
    code: (a, b) => a.code.localeCompare(b.code),
    name: (a, b) => a.name.localeCompare(b.name, 'fr'),
    prefecture: (a, b) => a.prefecture.localeCompare(b.prefecture, 'fr'),
    accounts: (a, b) => a.accounts - b.accounts,
  };
  return all
    .filter((d) => q.status === 'all' || d.active === (q.status === 'active'))
    .filter(
      (d) =>
        !search ||
        [d.code, d.name, d.prefecture, d.mailSenderName ?? ''].some((v) => folded(v).includes(search)),
    )
    .sort((a, b) => sign * compare[q.sort](a, b) || a.code.localeCompare(b.code));
}

/** TENANT-1: the départements of the national instance (NATIONAL_ADMIN). */
@Component({
  selector: 'cdlp-departement-list-page',
  imports: [RouterLink, FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Départements</h1>
      <p>
        Les départements ouverts sur le portail national. Les comptes sont comptés par département ; aucun
        compte ni aucun dossier n’est visible d’ici.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-icon-add-line" routerLink="/national/departements/nouveau"
            >Ouvrir un département</a
          >
        </li>
      </ul>

      <cdlp-filter-bar
        label="Filtrer les départements"
        [fields]="filterFields"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des départements…"
        countOne="département trouvé"
        countMany="départements trouvés"
        emptyText="Aucun département ne correspond à votre recherche."
        tableId="table-departements"
        caption="Départements du portail"
        paginationLabel="Pagination des départements"
        [columns]="columns"
      >
        <tbody>
          @for (d of list.items(); track d.code) {
            <tr>
              <td>{{ d.code }}</td>
              <td>
                <a class="fr-link" [routerLink]="['/national/departements', d.code]">{{ d.name }}</a>
              </td>
              <td>{{ d.prefecture }}</td>
              <td>
                <p class="fr-badge fr-badge--sm" [class]="badge(d).cssClass">{{ badge(d).label }}</p>
              </td>
              <td>{{ d.mailSenderName || 'Non renseigné' }}</td>
              <td>{{ accounts(d) }}</td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class DepartementListPage {
  private readonly all = inject(DepartementsApi)
    .list()
    .pipe(shareReplay({ bufferSize: 1, refCount: false }));

  readonly filterFields: FilterField[] = [
    { id: 'search', label: 'Rechercher', hint: 'Code, nom, préfecture ou expéditeur', type: 'search' },
    {
      id: 'status',
      label: 'État',
      options: [
        { value: 'all', label: 'Tous' },
        { value: 'active', label: 'Ouverts' },
        { value: 'closed', label: 'Fermés' },
      ],
      placeholder: null,
    },
  ];
  readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    status: new FormControl('all', { nonNullable: true }),
  });
  readonly columns: TableColumn[] = [
    { label: 'Code', sort: 'code' },
    { label: 'Nom', sort: 'name' },
    { label: 'Préfecture', sort: 'prefecture' },
    'État',
    'Expéditeur des courriels',
    { label: 'Comptes', sort: 'accounts' },
  ];
  readonly list = createListState({
    query: DEPARTEMENT_QUERY,
    filters: this.filters,
    load: (q) =>
      this.all.pipe(
        map((all): PageDto<NationalDepartementDto> => {
          const items = selectDepartements(all, q);
          return { items, total: items.length, page: 1, pageSize: Math.max(1, items.length) };
        }),
      ),
  });

  badge(d: NationalDepartementDto) {
    return stateBadge(d);
  }

  accounts(d: NationalDepartementDto): string {
    return accountsText(d);
  }
}
