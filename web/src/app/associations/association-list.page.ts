import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { Permission, type AssociationDto, type PageDto } from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { approvalBadge } from './approval-badge';
import { AssociationsApi, AssociationStatusFilter } from './associations.api';

export const ASSOCIATIONS_PAGE_SIZE = 20;

export interface AssociationListQuery {
  search: string;
  status: AssociationStatusFilter;
  page: number;
}

export function parseAssociationListQuery(q: ParamMap): AssociationListQuery {
  const status = q.get('status');
  const page = Number(q.get('page'));
  return {
    search: q.get('search') ?? '',
    status: status === 'ended' || status === 'all' ? status : 'active',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

const STATUS_OPTIONS: Option[] = [
  { value: 'active', label: 'Agrément en cours' },
  { value: 'ended', label: 'Agrément terminé' },
  { value: 'all', label: 'Toutes' },
];

@Component({
  selector: 'cdlp-association-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    DayPipe,
    InputFieldComponent,
    SelectFieldComponent,
    PaginationComponent,
  ],
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

      <form
        [formGroup]="filters"
        (ngSubmit)="applyFilters()"
        class="cdlp-filters"
        role="search"
        aria-label="Filtrer les associations"
      >
        <cdlp-input
          fieldId="search"
          label="Rechercher"
          hint="Nom, adresse électronique ou référence de l'arrêté"
          type="search"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.search"
        />
        <cdlp-select
          fieldId="status"
          label="Statut"
          [options]="statusOptions"
          [placeholder]="null"
          [control]="filters.controls.status"
        />
        <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Filtrer</button>
      </form>

      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement des associations…
        } @else if (result(); as r) {
          {{ r.total }} association{{ r.total > 1 ? 's' : '' }} trouvée{{ r.total > 1 ? 's' : '' }}
        }
      </p>
      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }

      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucune association ne correspond à votre recherche.</p>
        } @else {
          <div class="fr-table fr-table--no-caption fr-table--multiline" id="table-associations">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Associations agréées
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Nom</th>
                        <th scope="col">Départements couverts</th>
                        <th scope="col">Arrêté d'agrément</th>
                        <th scope="col">Période d'agrément</th>
                        <th scope="col">Validité</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (a of r.items; track a.id) {
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
                  </table>
                </div>
              </div>
            </div>
          </div>
          <cdlp-pagination
            [page]="r.page"
            [pageSize]="r.pageSize"
            [total]="r.total"
            label="Pagination des associations"
          />
        }
      }
    </div>
  `,
})
export class AssociationListPage {
  private readonly api = inject(AssociationsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  readonly statusOptions = STATUS_OPTIONS;
  readonly canWrite = computed(() => this.auth.can(Permission.ASSOCIATIONS_WRITE));
  readonly result = signal<PageDto<AssociationDto> | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    status: new FormControl<string>('active', { nonNullable: true }),
  });

  constructor() {
    this.route.queryParamMap
      .pipe(
        map(parseAssociationListQuery),
        tap((q) => {
          this.filters.setValue({ search: q.search, status: q.status }, { emitEvent: false });
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((q) =>
          this.api.list({ ...q, pageSize: ASSOCIATIONS_PAGE_SIZE }).pipe(
            catchError((err: unknown) => {
              this.error.set(toApiError(err).message);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.loading.set(false);
        this.result.set(page);
      });
  }

  applyFilters(): void {
    const { search, status } = this.filters.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { search: search.trim() || null, status, page: null },
      queryParamsHandling: 'merge',
    });
  }

  badge(a: AssociationDto) {
    return approvalBadge(a);
  }
}
