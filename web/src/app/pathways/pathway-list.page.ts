import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import type { PageDto, PathwayDto } from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { endsInText, endsSoon, monthsText, pathwayStateLabel } from './pathway-labels';
import { PathwaysApi } from './pathways.api';

export const PATHWAYS_PAGE_SIZE = 20;

export interface PathwayListQuery {
  state: 'ACTIVE' | 'ENDED' | '';
  expiringWithinDays: number | null;
  page: number;
}

export function parsePathwayListQuery(q: ParamMap): PathwayListQuery {
  const state = q.get('state');
  const days = q.get('expiringWithinDays');
  const page = Number(q.get('page'));
  return {
    state: state === 'ENDED' || state === 'all' ? (state === 'all' ? '' : 'ENDED') : 'ACTIVE',
    expiringWithinDays: days !== null && /^\d{1,3}$/.test(days) && Number(days) <= 366 ? Number(days) : null,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

const STATE_OPTIONS: Option[] = [
  { value: 'ACTIVE', label: 'En cours' },
  { value: 'ENDED', label: 'Terminés' },
  { value: 'all', label: 'Tous' },
];

@Component({
  selector: 'cdlp-pathway-list-page',
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
      <h1>Parcours de sortie de la prostitution</h1>
      <p>
        Un parcours est accordé par périodes de six mois, dans la limite de vingt-quatre mois (PSP-6). Les
        parcours dont la période se termine bientôt sont signalés.
      </p>
      <form
        [formGroup]="filters"
        (ngSubmit)="applyFilters()"
        class="cdlp-filters"
        role="search"
        aria-label="Filtrer les parcours"
        novalidate
      >
        <cdlp-select
          fieldId="state"
          label="État du parcours"
          [placeholder]="null"
          [options]="stateOptions"
          [control]="filters.controls.state"
        />
        <cdlp-input
          fieldId="expiringWithinDays"
          label="Période se terminant dans les (jours)"
          inputmode="numeric"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.expiringWithinDays"
          [submitted]="true"
        />
        <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Filtrer</button>
      </form>

      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement des parcours…
        } @else if (result(); as r) {
          {{ r.total }} parcours trouvé{{ r.total > 1 ? 's' : '' }}
        }
      </p>
      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucun parcours ne correspond à votre recherche.</p>
        } @else {
          <div class="fr-table fr-table--no-caption fr-table--multiline" id="table-parcours">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Parcours de sortie, par fin de période
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Référence</th>
                        @if (showAssociation()) {
                          <th scope="col">Association</th>
                        }
                        <th scope="col">État</th>
                        <th scope="col">Période en cours jusqu'au</th>
                        <th scope="col">Durée (PSP-6)</th>
                        <th scope="col">Échéance</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (p of r.items; track p.id) {
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
                  </table>
                </div>
              </div>
            </div>
          </div>
          <cdlp-pagination
            [page]="r.page"
            [pageSize]="r.pageSize"
            [total]="r.total"
            label="Pagination des parcours"
          />
        }
      }
    </div>
  `,
})
export class PathwayListPage {
  private readonly api = inject(PathwaysApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  readonly stateOptions = STATE_OPTIONS;
  readonly showAssociation = computed(() => this.auth.role() !== 'ASSOCIATION');
  readonly result = signal<PageDto<PathwayDto> | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly filters = new FormGroup({
    state: new FormControl('ACTIVE', { nonNullable: true }),
    expiringWithinDays: new FormControl('', {
      nonNullable: true,
      validators: [
        (c) =>
          c.value && (!/^\d{1,3}$/.test(String(c.value).trim()) || Number(c.value) > 366)
            ? { message: 'Indiquez un nombre de jours entre 0 et 366.' }
            : null,
      ],
    }),
  });

  constructor() {
    this.route.queryParamMap
      .pipe(
        map(parsePathwayListQuery),
        tap((q) => {
          this.filters.setValue(
            {
              state: q.state === '' ? 'all' : q.state,
              expiringWithinDays: q.expiringWithinDays === null ? '' : String(q.expiringWithinDays),
            },
            { emitEvent: false },
          );
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((q) =>
          this.api.list({ ...q, pageSize: PATHWAYS_PAGE_SIZE }).pipe(
            catchError((err: unknown) => {
              this.error.set(toApiError(err).message);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
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
      queryParams: { state: v.state, expiringWithinDays: v.expiringWithinDays.trim() || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

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
