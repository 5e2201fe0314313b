import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { Permission, type MemberCategoryDto, type MemberDto, type PageDto } from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { RegistryApi } from '../registry/registry.api';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { ariaSort, SortHeaderComponent, SortOrder } from '../ui/sort-header.component';
import { memberName, seatLabel } from './member-labels';
import { MembersApi, MemberSort, MemberStatusFilter } from './members.api';

export const MEMBERS_PAGE_SIZE = 20;

export interface MemberListQuery {
  search: string;
  categoryCode: string;
  status: MemberStatusFilter;
  page: number;
  sort: MemberSort;
  order: SortOrder;
}

/** Reads the list state from the URL, falling back to sane defaults for anything unexpected. */
export function parseMemberListQuery(q: ParamMap): MemberListQuery {
  const status = q.get('status');
  const sort = q.get('sort');
  const page = Number(q.get('page'));
  return {
    search: q.get('search') ?? '',
    categoryCode: q.get('categoryCode') ?? '',
    status: status === 'ended' || status === 'all' ? status : 'active',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    sort: sort === 'category' || sort === 'termEnd' ? sort : 'lastName',
    order: q.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

const STATUS_OPTIONS: Option[] = [
  { value: 'active', label: 'En fonction' },
  { value: 'ended', label: 'Mandat terminé' },
  { value: 'all', label: 'Tous' },
];

@Component({
  selector: 'cdlp-member-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    DayPipe,
    InputFieldComponent,
    SelectFieldComponent,
    PaginationComponent,
    SortHeaderComponent,
  ],
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

      <form
        [formGroup]="filters"
        (ngSubmit)="applyFilters()"
        class="cdlp-filters"
        role="search"
        aria-label="Filtrer les membres"
      >
        <cdlp-input
          fieldId="search"
          label="Rechercher"
          hint="Nom, prénom, organisme ou adresse électronique"
          type="search"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.search"
        />
        <cdlp-select
          fieldId="status"
          label="Statut du mandat"
          [options]="statusOptions"
          [placeholder]="null"
          [control]="filters.controls.status"
        />
        <cdlp-select
          fieldId="categoryCode"
          label="Catégorie"
          placeholder="Toutes les catégories"
          [optional]="true"
          [optionalMention]="false"
          [options]="categoryOptions()"
          [control]="filters.controls.categoryCode"
        />
        <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Filtrer</button>
      </form>

      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement des membres…
        } @else if (result(); as r) {
          {{ r.total }} membre{{ r.total > 1 ? 's' : '' }} trouvé{{ r.total > 1 ? 's' : '' }}
        }
      </p>

      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }

      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucun membre ne correspond à votre recherche.</p>
        } @else {
          <div class="fr-table fr-table--no-caption fr-table--multiline" id="table-membres">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Membres de la commission
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col" [attr.aria-sort]="sortOf('lastName')">
                          <cdlp-sort-header
                            key="lastName"
                            label="Nom"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                        <th scope="col" [attr.aria-sort]="sortOf('category')">
                          <cdlp-sort-header
                            key="category"
                            label="Catégorie"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                        <th scope="col">Organisme et fonction</th>
                        <th scope="col">Siège</th>
                        <th scope="col" [attr.aria-sort]="sortOf('termEnd')">
                          <cdlp-sort-header
                            key="termEnd"
                            label="Fin du mandat"
                            [currentSort]="query().sort"
                            [currentOrder]="query().order"
                          />
                        </th>
                        <th scope="col">Statut</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (m of r.items; track m.id) {
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
                                  <p class="fr-badge fr-badge--sm fr-badge--warning">
                                    Exclu des examens individuels
                                  </p>
                                </li>
                              }
                            </ul>
                          </td>
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
            label="Pagination des membres"
          />
        }
      }
    </div>
  `,
})
export class MemberListPage {
  private readonly api = inject(MembersApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  readonly statusOptions = STATUS_OPTIONS;
  readonly canWrite = computed(() => this.auth.can(Permission.MEMBERS_WRITE));
  readonly query = signal<MemberListQuery>(parseMemberListQuery(this.route.snapshot.queryParamMap));
  readonly result = signal<PageDto<MemberDto> | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly categories = signal<MemberCategoryDto[]>([]);
  readonly categoryOptions = computed<Option[]>(() =>
    this.categories().map((c) => ({ value: c.code, label: c.label })),
  );

  readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    status: new FormControl<string>('active', { nonNullable: true }),
    categoryCode: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    inject(RegistryApi)
      .memberCategories()
      .pipe(
        catchError(() => of([])),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((c) => this.categories.set(c));

    this.route.queryParamMap
      .pipe(
        map(parseMemberListQuery),
        tap((q) => {
          this.query.set(q);
          this.filters.setValue(
            { search: q.search, status: q.status, categoryCode: q.categoryCode },
            { emitEvent: false },
          );
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((q) =>
          this.api.list({ ...q, pageSize: MEMBERS_PAGE_SIZE }).pipe(
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
    const { search, status, categoryCode } = this.filters.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { search: search.trim() || null, status, categoryCode: categoryCode || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  sortOf(key: MemberSort): 'ascending' | 'descending' | null {
    return ariaSort(key, this.query().sort, this.query().order);
  }

  name(m: MemberDto): string {
    return memberName(m);
  }

  seat(m: MemberDto): string {
    return seatLabel(m);
  }
}
