import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup } from '@angular/forms';
import { ParamMap, RouterLink } from '@angular/router';
import {
  Permission,
  PSP_REQUEST_STATE_LABELS,
  PSP_REQUEST_STATES,
  type PspRequestListItemDto,
} from '@cdlp/shared';
import { catchError, map, of } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { AuthService } from '../core/auth.service';
import { DayOfPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { Option } from '../ui/form-fields';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import {
  countParam,
  dayParam,
  oneOfParam,
  optionalOneOfParam,
  orderParam,
  pageParam,
  parseQuery,
  textParam,
} from '../ui/query-params';
import { countValidator } from '../ui/validators';
import { isLongWait, kindLabel, opinionLabel, stateBadgeClass, stateLabel, waitingText } from './psp-labels';
import { PspRequestsApi, PspSort } from './psp.api';

export const PSP_PAGE_SIZE = 20;

const SORTS: readonly PspSort[] = ['completedAt', 'updatedAt', 'reference', 'daysWaiting'];

const PSP_QUERY = {
  state: optionalOneOfParam(PSP_REQUEST_STATES),
  associationId: textParam(),
  completedFrom: dayParam(),
  completedTo: dayParam(),
  minDaysWaiting: countParam(4),
  page: pageParam(),
  sort: oneOfParam(SORTS, 'updatedAt'),
  order: orderParam('desc'),
};

/** Reads the list state from the URL; anything unexpected falls back to the defaults. */
export function parsePspListQuery(q: ParamMap) {
  return parseQuery(PSP_QUERY, q);
}

const STATE_OPTIONS: Option[] = PSP_REQUEST_STATES.map((s) => ({
  value: s,
  label: PSP_REQUEST_STATE_LABELS[s],
}));

@Component({
  selector: 'cdlp-psp-list-page',
  imports: [RouterLink, DayOfPipe, FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>{{ heading() }}</h1>
      <p>
        Seules les demandes complètes sont inscrites à l'ordre du jour d'une séance. Le délai entre la demande
        complète et l'avis de la commission est suivi pour chaque dossier (PSP-4).
      </p>
      @if (canFile()) {
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li><a class="fr-btn fr-icon-add-line" routerLink="/demandes/nouvelle">Nouvelle demande</a></li>
        </ul>
      }

      <cdlp-filter-bar
        label="Filtrer les demandes"
        [fields]="filterFields()"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des demandes…"
        countOne="demande trouvée"
        countMany="demandes trouvées"
        emptyText="Aucune demande ne correspond à votre recherche."
        tableId="table-demandes"
        [caption]="heading()"
        paginationLabel="Pagination des demandes"
        [columns]="columns()"
      >
        <tbody>
          @for (r of list.items(); track r.id) {
            <tr>
              <td class="cdlp-nowrap">
                <a class="fr-link" [routerLink]="['/demandes', r.id]">{{ r.reference }}</a>
                @if (r.urgent) {
                  <p class="fr-badge fr-badge--sm fr-badge--error fr-mt-1v">Urgente</p>
                }
              </td>
              <td>{{ kind(r) }}</td>
              @if (showAssociation()) {
                <td>{{ r.associationName }}</td>
              }
              <td>
                <p class="fr-badge fr-badge--sm" [class]="badge(r)">{{ state(r) }}</p>
                @if (r.opinion) {
                  <p class="fr-text--sm fr-mb-0">{{ opinion(r) }}</p>
                }
              </td>
              <td class="cdlp-nowrap">
                @if (r.completedAt) {
                  {{ r.completedAt | dayOf }}
                } @else {
                  <span class="cdlp-empty">-</span>
                }
              </td>
              <td>
                @if (r.daysWaiting !== null) {
                  <p
                    class="fr-badge fr-badge--sm"
                    [class.fr-badge--warning]="longWait(r)"
                    [class.fr-badge--no-icon]="!longWait(r)"
                  >
                    {{ waiting(r) }}
                  </p>
                } @else {
                  <span class="cdlp-empty">-</span>
                }
              </td>
              <td class="cdlp-nowrap">{{ r.updatedAt | dayOf }}</td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class PspListPage {
  private readonly api = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);

  readonly canFile = computed(() => this.auth.can(Permission.PSP_REQUESTS_FILE));
  /** An association sees its own requests only: no association column or filter. */
  readonly showAssociation = computed(() => this.auth.role() !== 'ASSOCIATION');
  readonly heading = computed(() =>
    this.auth.role() === 'ASSOCIATION' ? 'Mes demandes' : 'Demandes de parcours de sortie',
  );
  readonly associationOptions = toSignal(
    this.showAssociation() && this.auth.can(Permission.ASSOCIATIONS_READ)
      ? inject(AssociationsApi)
          .list({ status: 'all', page: 1, pageSize: 200 })
          .pipe(
            map((p): Option[] => p.items.map((a) => ({ value: a.id, label: a.name }))),
            catchError(() => of([])),
          )
      : of([]),
    { initialValue: [] },
  );

  readonly filterFields = computed<FilterField[]>(() => [
    { id: 'state', label: 'État', options: STATE_OPTIONS, placeholder: 'Tous les états' },
    ...(this.showAssociation()
      ? [
          {
            id: 'associationId',
            label: 'Association',
            options: this.associationOptions(),
            placeholder: 'Toutes les associations',
          },
        ]
      : []),
    { id: 'completedFrom', label: 'Complète depuis le', type: 'date' },
    { id: 'completedTo', label: "Complète jusqu'au", type: 'date' },
    { id: 'minDaysWaiting', label: 'En attente depuis au moins (jours)', inputmode: 'numeric' },
  ]);
  readonly filters = new FormGroup({
    state: new FormControl('', { nonNullable: true }),
    associationId: new FormControl('', { nonNullable: true }),
    completedFrom: new FormControl('', { nonNullable: true }),
    completedTo: new FormControl('', { nonNullable: true }),
    minDaysWaiting: new FormControl('', {
      nonNullable: true,
      validators: [countValidator(4, 9999, 'Indiquez un nombre de jours (entier positif).')],
    }),
  });
  readonly columns = computed<TableColumn[]>(() => [
    { label: 'Référence', sort: 'reference' },
    'Type',
    ...(this.showAssociation() ? ['Association'] : []),
    'État',
    { label: 'Complète le', sort: 'completedAt' },
    { label: 'Attente', sort: 'daysWaiting' },
    { label: 'Mise à jour', sort: 'updatedAt' },
  ]);
  readonly list = createListState({
    query: PSP_QUERY,
    filters: this.filters,
    load: (q) =>
      this.api.list({
        ...q,
        associationId: this.showAssociation() ? q.associationId : '',
        pageSize: PSP_PAGE_SIZE,
      }),
  });

  kind(r: PspRequestListItemDto): string {
    return kindLabel(r.kind);
  }
  state(r: PspRequestListItemDto): string {
    return stateLabel(r.state);
  }
  badge(r: PspRequestListItemDto): string {
    return stateBadgeClass(r.state);
  }
  opinion(r: PspRequestListItemDto): string {
    return opinionLabel(r.opinion);
  }
  waiting(r: PspRequestListItemDto): string {
    return waitingText(r.daysWaiting ?? 0);
  }
  longWait(r: PspRequestListItemDto): boolean {
    return isLongWait(r.daysWaiting);
  }
}
