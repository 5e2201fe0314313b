import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup } from '@angular/forms';
import { ParamMap, RouterLink } from '@angular/router';
import { Permission, type MemberDto } from '@cdlp/shared';
import { catchError, map, of } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { RegistryApi } from '../registry/registry.api';
import { DayPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { Option } from '../ui/form-fields';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { oneOfParam, orderParam, pageParam, parseQuery, textParam } from '../ui/query-params';
import { memberName, seatLabel } from './member-labels';
import { MembersApi } from './members.api';

export const MEMBERS_PAGE_SIZE = 20;

const MEMBER_QUERY = {
  search: textParam(),
  categoryCode: textParam(),
  status: oneOfParam(['active', 'ended', 'all'] as const, 'active'),
  page: pageParam(),
  sort: oneOfParam(['lastName', 'category', 'termEnd'] as const, 'lastName'),
  order: orderParam('asc'),
};

/** Reads the list state from the URL, falling back to sane defaults for anything unexpected. */
export function parseMemberListQuery(q: ParamMap) {
  return parseQuery(MEMBER_QUERY, q);
}

const STATUS_OPTIONS: Option[] = [
  { value: 'active', label: 'En fonction' },
  { value: 'ended', label: 'Mandat terminé' },
  { value: 'all', label: 'Tous' },
];

@Component({
  selector: 'cdlp-member-list-page',
  imports: [RouterLink, DayPipe, FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Membres de la commission</h1>
      @if (canWrite()) {
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li><a class="fr-btn fr-icon-user-add-line" routerLink="/membres/nouveau">Ajouter un membre</a></li>
          <li>
            <a class="fr-btn fr-btn--secondary fr-icon-upload-line" routerLink="/membres/import"
              >Importer un fichier CSV</a
            >
          </li>
        </ul>
      }

      <cdlp-filter-bar
        label="Filtrer les membres"
        [fields]="filterFields()"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des membres…"
        countOne="membre trouvé"
        countMany="membres trouvés"
        emptyText="Aucun membre ne correspond à votre recherche."
        tableId="table-membres"
        caption="Membres de la commission"
        paginationLabel="Pagination des membres"
        [columns]="columns"
      >
        <tbody>
          @for (m of list.items(); track m.id) {
            <tr>
              <td>
                <a class="fr-link" [routerLink]="['/membres', m.id]">{{ name(m) }}</a>
              </td>
              <td>{{ m.categoryLabel }}</td>
              <td>
                {{ m.organisation }}<br /><span class="fr-text--sm">{{ m.function }}</span>
              </td>
              <td>
                {{ seat(m) }}
                @if (m.titulaireId && m.titulaireName) {
                  de
                  <a class="fr-link fr-link--sm" [routerLink]="['/membres', m.titulaireId]">{{
                    m.titulaireName
                  }}</a>
                }
              </td>
              <td class="cdlp-nowrap">
                @if (m.endedAt) {
                  {{ m.endedAt | day }}
                } @else if (m.termEnd) {
                  {{ m.termEnd | day }}
                } @else {
                  <span class="cdlp-empty">Non précisée</span>
                }
              </td>
              <td>
                <ul class="cdlp-badges fr-mb-0">
                  @if (m.active) {
                    <li><p class="fr-badge fr-badge--sm fr-badge--success">En fonction</p></li>
                  } @else {
                    <li><p class="fr-badge fr-badge--sm">Mandat terminé</p></li>
                  }
                  @if (m.excludedFromPsp) {
                    <li>
                      <p class="fr-badge fr-badge--sm fr-badge--warning">Exclu des examens individuels</p>
                    </li>
                  }
                </ul>
              </td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class MemberListPage {
  private readonly api = inject(MembersApi);
  private readonly auth = inject(AuthService);

  readonly canWrite = computed(() => this.auth.can(Permission.MEMBERS_WRITE));
  readonly categoryOptions = toSignal(
    inject(RegistryApi)
      .memberCategories()
      .pipe(
        map((categories): Option[] => categories.map((c) => ({ value: c.code, label: c.label }))),
        catchError(() => of([])),
      ),
    { initialValue: [] },
  );

  readonly filterFields = computed<FilterField[]>(() => [
    {
      id: 'search',
      label: 'Rechercher',
      hint: 'Nom, prénom, organisme ou adresse électronique',
      type: 'search',
    },
    { id: 'status', label: 'Statut du mandat', options: STATUS_OPTIONS, placeholder: null },
    {
      id: 'categoryCode',
      label: 'Catégorie',
      options: this.categoryOptions(),
      placeholder: 'Toutes les catégories',
    },
  ]);
  readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    status: new FormControl('active', { nonNullable: true }),
    categoryCode: new FormControl('', { nonNullable: true }),
  });
  readonly columns: TableColumn[] = [
    { label: 'Nom', sort: 'lastName' },
    { label: 'Catégorie', sort: 'category' },
    'Organisme et fonction',
    'Siège',
    { label: 'Fin du mandat', sort: 'termEnd' },
    'Statut',
  ];
  readonly list = createListState({
    query: MEMBER_QUERY,
    filters: this.filters,
    load: (q) => this.api.list({ ...q, pageSize: MEMBERS_PAGE_SIZE }),
  });

  name(m: MemberDto): string {
    return memberName(m);
  }

  seat(m: MemberDto): string {
    return seatLabel(m);
  }
}
