import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import {
  isIsoDate,
  Permission,
  PSP_REQUEST_STATE_LABELS,
  PSP_REQUEST_STATES,
  type PageDto,
  type PspRequestListItemDto,
  type PspRequestState,
} from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { DayOfPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { ariaSort, SortHeaderComponent, SortOrder } from '../ui/sort-header.component';
import { isLongWait, kindLabel, opinionLabel, stateBadgeClass, stateLabel, waitingText } from './psp-labels';
import { PspRequestsApi, PspSort } from './psp.api';

export const PSP_PAGE_SIZE = 20;

export interface PspListQuery {
  state: PspRequestState | '';
  associationId: string;
  completedFrom: string;
  completedTo: string;
  minDaysWaiting: number | null;
  page: number;
  sort: PspSort;
  order: SortOrder;
}

const SORTS: readonly PspSort[] = ['completedAt', 'updatedAt', 'reference', 'daysWaiting'];

/** Reads the list state from the URL; anything unexpected falls back to the defaults. */
export function parsePspListQuery(q: ParamMap): PspListQuery {
  const state = q.get('state') ?? '';
  const sort = q.get('sort') as PspSort | null;
  const page = Number(q.get('page'));
  const days = q.get('minDaysWaiting');
  const date = (key: string) => {
    const v = q.get(key) ?? '';
    return isIsoDate(v) ? v : '';
  };
  return {
    state: (PSP_REQUEST_STATES as readonly string[]).includes(state) ? (state as PspRequestState) : '',
    associationId: q.get('associationId') ?? '',
    completedFrom: date('completedFrom'),
    completedTo: date('completedTo'),
    minDaysWaiting: days !== null && /^\d{1,4}$/.test(days) ? Number(days) : null,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    sort: sort && SORTS.includes(sort) ? sort : 'updatedAt',
    order: q.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

const STATE_OPTIONS: Option[] = PSP_REQUEST_STATES.map((s) => ({
  value: s,
  label: PSP_REQUEST_STATE_LABELS[s],
}));

@Component({
  selector: 'cdlp-psp-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    DayOfPipe,
    InputFieldComponent,
    SelectFieldComponent,
    PaginationComponent,
    SortHeaderComponent,
  ],
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

      <form
        [formGroup]="filters"
        (ngSubmit)="applyFilters()"
        class="cdlp-filters"
        role="search"
        aria-label="Filtrer les demandes"
        novalidate
      >
        <cdlp-select
          fieldId="state"
          label="État"
          placeholder="Tous les états"
          [optional]="true"
          [optionalMention]="false"
          [options]="stateOptions"
          [control]="filters.controls.state"
        />
        @if (showAssociation()) {
          <cdlp-select
            fieldId="associationId"
            label="Association"
            placeholder="Toutes les associations"
            [optional]="true"
            [optionalMention]="false"
            [options]="associationOptions()"
            [control]="filters.controls.associationId"
          />
        }
        <cdlp-input
          fieldId="completedFrom"
          label="Complète depuis le"
          type="date"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.completedFrom"
        />
        <cdlp-input
          fieldId="completedTo"
          label="Complète jusqu'au"
          type="date"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.completedTo"
        />
        <cdlp-input
          fieldId="minDaysWaiting"
          label="En attente depuis au moins (jours)"
          inputmode="numeric"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.minDaysWaiting"
          [submitted]="true"
        />
        <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Filtrer</button>
      </form>

      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement des demandes…
        } @else if (result(); as r) {
          {{ r.total }} demande{{ r.total > 1 ? 's' : '' }} trouvée{{ r.total > 1 ? 's' : '' }}
        }
      </p>

      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }

      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucune demande ne correspond à votre recherche.</p>
        } @else {
          <div class="fr-table fr-table--no-caption fr-table--multiline" id="table-demandes">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      {{
                        heading()
                      }}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col" [attr.aria-sort]="sortOf('reference')">
                          <cdlp-sort-header
                            key="reference"
                            label="Référence"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                        <th scope="col">Type</th>
                        @if (showAssociation()) {
                          <th scope="col">Association</th>
                        }
                        <th scope="col">État</th>
                        <th scope="col" [attr.aria-sort]="sortOf('completedAt')">
                          <cdlp-sort-header
                            key="completedAt"
                            label="Complète le"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                        <th scope="col" [attr.aria-sort]="sortOf('daysWaiting')">
                          <cdlp-sort-header
                            key="daysWaiting"
                            label="Attente"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                        <th scope="col" [attr.aria-sort]="sortOf('updatedAt')">
                          <cdlp-sort-header
                            key="updatedAt"
                            label="Mise à jour"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (r of r.items; track r.id) {
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
                  </table>
                </div>
              </div>
            </div>
          </div>
          <cdlp-pagination
            [page]="r.page"
            [pageSize]="r.pageSize"
            [total]="r.total"
            label="Pagination des demandes"
          />
        }
      }
    </div>
  `,
})
export class PspListPage {
  private readonly api = inject(PspRequestsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  readonly stateOptions = STATE_OPTIONS;
  readonly canFile = computed(() => this.auth.can(Permission.PSP_REQUESTS_FILE));
  /** An association sees its own requests only: no association column or filter. */
  readonly showAssociation = computed(() => this.auth.role() !== 'ASSOCIATION');
  readonly heading = computed(() =>
    this.auth.role() === 'ASSOCIATION' ? 'Mes demandes' : 'Demandes de parcours de sortie',
  );
  readonly query = signal<PspListQuery>(parsePspListQuery(this.route.snapshot.queryParamMap));
  readonly result = signal<PageDto<PspRequestListItemDto> | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly associationOptions = signal<Option[]>([]);

  readonly filters = new FormGroup({
    state: new FormControl<string>('', { nonNullable: true }),
    associationId: new FormControl('', { nonNullable: true }),
    completedFrom: new FormControl('', { nonNullable: true }),
    completedTo: new FormControl('', { nonNullable: true }),
    minDaysWaiting: new FormControl('', {
      nonNullable: true,
      validators: [
        (c) =>
          c.value && !/^\d{1,4}$/.test(String(c.value).trim())
            ? { message: 'Indiquez un nombre de jours (entier positif).' }
            : null,
      ],
    }),
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    if (this.showAssociation() && this.auth.can(Permission.ASSOCIATIONS_READ)) {
      inject(AssociationsApi)
        .list({ status: 'all', page: 1, pageSize: 200 })
        .pipe(
          map((p) => p.items.map((a) => ({ value: a.id, label: a.name }))),
          catchError(() => of([])),
          takeUntilDestroyed(destroyRef),
        )
        .subscribe((o) => this.associationOptions.set(o));
    }

    this.route.queryParamMap
      .pipe(
        map(parsePspListQuery),
        tap((q) => {
          this.query.set(q);
          this.filters.setValue(
            {
              state: q.state,
              associationId: q.associationId,
              completedFrom: q.completedFrom,
              completedTo: q.completedTo,
              minDaysWaiting: q.minDaysWaiting === null ? '' : String(q.minDaysWaiting),
            },
            { emitEvent: false },
          );
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((q) =>
          this.api
            .list({
              state: q.state,
              associationId: this.showAssociation() ? q.associationId : '',
              completedFrom: q.completedFrom,
              completedTo: q.completedTo,
              minDaysWaiting: q.minDaysWaiting,
              page: q.page,
              pageSize: PSP_PAGE_SIZE,
              sort: q.sort,
              order: q.order,
            })
            .pipe(
              catchError((err: unknown) => {
                this.error.set(toApiError(err).message);
                return of(null);
              }),
            ),
        ),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((page) => {
        this.loading.set(false);
        this.result.set(page);
      });
  }

  applyFilters(): void {
    if (this.filters.invalid) return;
    const v = this.filters.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: {
        state: v.state || null,
        associationId: v.associationId || null,
        completedFrom: v.completedFrom || null,
        completedTo: v.completedTo || null,
        minDaysWaiting: v.minDaysWaiting.trim() || null,
        page: null,
      },
      queryParamsHandling: 'merge',
    });
  }

  sortOf(key: PspSort): 'ascending' | 'descending' | null {
    return ariaSort(key, this.query().sort, this.query().order);
  }

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
