import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import {
  parisDate,
  Permission,
  SITTING_KIND_LABELS,
  SITTING_KINDS,
  SITTING_STATE_LABELS,
  SITTING_STATES,
  type CalendarDto,
  type PageDto,
  type SittingKind,
  type SittingListItemDto,
  type SittingState,
} from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { LongInstantPipe } from '../ui/dates';
import { Option, SelectFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { ProposalsComponent } from './proposals.component';
import { kindText, modeText, MONTHS_FR, sittingStateBadge, sittingStateLabel } from './sitting-labels';
import { SittingsApi } from './sittings.api';

export const SITTINGS_PAGE_SIZE = 20;

export interface SittingListQuery {
  view: 'liste' | 'calendrier';
  year: number;
  kind: SittingKind | '';
  state: SittingState | '';
  page: number;
}

export function currentYear(): number {
  return Number(parisDate(new Date()).slice(0, 4));
}

export function parseSittingListQuery(q: ParamMap): SittingListQuery {
  const year = Number(q.get('annee'));
  const kind = q.get('kind') ?? '';
  const state = q.get('state') ?? '';
  const page = Number(q.get('page'));
  return {
    view: q.get('vue') === 'calendrier' ? 'calendrier' : 'liste',
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : currentYear(),
    kind: (SITTING_KINDS as readonly string[]).includes(kind) ? (kind as SittingKind) : '',
    state: (SITTING_STATES as readonly string[]).includes(state) ? (state as SittingState) : '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export interface CalendarMonth {
  index: number;
  name: string;
  sittings: SittingListItemDto[];
}

/** The twelve months of a calendar, each with its sittings (Paris dates). */
export function calendarMonths(calendar: CalendarDto): CalendarMonth[] {
  return MONTHS_FR.map((name, index) => ({
    index,
    name,
    sittings: calendar.sittings.filter((s) => {
      const day = parisDate(new Date(s.startsAt));
      return Number(day.slice(0, 4)) === calendar.year && Number(day.slice(5, 7)) === index + 1;
    }),
  }));
}

@Component({
  selector: 'cdlp-sitting-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    LongInstantPipe,
    SelectFieldComponent,
    PaginationComponent,
    ProposalsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Séances de la commission</h1>
      @if (canManage()) {
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li><a class="fr-btn fr-icon-add-line" routerLink="/seances/nouvelle">Programmer une séance</a></li>
        </ul>
        <cdlp-proposals />
      }

      <nav class="cdlp-view-switch fr-mb-3w" aria-label="Affichage des séances">
        <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <li>
            <a
              class="fr-btn fr-btn--sm"
              [class.fr-btn--secondary]="query().view !== 'liste'"
              [routerLink]="[]"
              [queryParams]="{ vue: 'liste', page: null }"
              queryParamsHandling="merge"
              [attr.aria-current]="query().view === 'liste' ? 'page' : null"
              >Liste</a
            >
          </li>
          <li>
            <a
              class="fr-btn fr-btn--sm"
              [class.fr-btn--secondary]="query().view !== 'calendrier'"
              [routerLink]="[]"
              [queryParams]="{ vue: 'calendrier', page: null }"
              queryParamsHandling="merge"
              [attr.aria-current]="query().view === 'calendrier' ? 'page' : null"
              >Calendrier annuel</a
            >
          </li>
        </ul>
      </nav>

      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }

      @if (query().view === 'liste') {
        <form
          [formGroup]="filters"
          (ngSubmit)="applyFilters()"
          class="cdlp-filters"
          role="search"
          aria-label="Filtrer les séances"
        >
          <cdlp-select
            fieldId="year"
            label="Année"
            [placeholder]="null"
            [options]="yearOptions()"
            [control]="filters.controls.year"
          />
          <cdlp-select
            fieldId="kind"
            label="Type de séance"
            placeholder="Tous les types"
            [optional]="true"
            [optionalMention]="false"
            [options]="kindOptions"
            [control]="filters.controls.kind"
          />
          <cdlp-select
            fieldId="state"
            label="État"
            placeholder="Tous les états"
            [optional]="true"
            [optionalMention]="false"
            [options]="stateOptions"
            [control]="filters.controls.state"
          />
          <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Filtrer</button>
        </form>
        <p role="status" class="fr-mb-2w">
          @if (loading()) {
            Chargement des séances…
          } @else if (result(); as r) {
            {{ r.total }} séance{{ r.total > 1 ? 's' : '' }} en {{ query().year }}
          }
        </p>
        @if (result(); as r) {
          @if (r.items.length === 0) {
            <p class="cdlp-empty">Aucune séance ne correspond à votre recherche.</p>
          } @else {
            <div class="fr-table fr-table--no-caption fr-table--multiline" id="table-seances">
              <div class="fr-table__wrapper">
                <div class="fr-table__container">
                  <div class="fr-table__content">
                    <table>
                      <caption>
                        Séances de
                        {{
                          query().year
                        }}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Séance</th>
                          <th scope="col">Date</th>
                          <th scope="col">Type</th>
                          <th scope="col">Mode</th>
                          <th scope="col">État</th>
                          <th scope="col">Points</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (s of r.items; track s.id) {
                          <tr>
                            <td class="cdlp-nowrap">
                              <a class="fr-link" [routerLink]="['/seances', s.id]">N° {{ s.number }}</a>
                            </td>
                            <td>{{ s.startsAt | longInstant }}</td>
                            <td>{{ s.title || kind(s) }}</td>
                            <td>{{ mode(s) }}</td>
                            <td>
                              <p class="fr-badge fr-badge--sm" [class]="badge(s)">{{ state(s) }}</p>
                            </td>
                            <td>{{ s.itemCount }}</td>
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
              label="Pagination des séances"
            />
          }
        }
      } @else {
        <nav class="cdlp-year-nav fr-mb-2w" aria-label="Changer d'année">
          <a
            class="fr-link fr-icon-arrow-left-line fr-link--icon-left"
            [routerLink]="[]"
            [queryParams]="{ annee: query().year - 1 }"
            queryParamsHandling="merge"
          >
            Année {{ query().year - 1 }}
          </a>
          <h2 class="fr-h3 fr-mb-0">Calendrier {{ query().year }}</h2>
          <a
            class="fr-link fr-icon-arrow-right-line fr-link--icon-right"
            [routerLink]="[]"
            [queryParams]="{ annee: query().year + 1 }"
            queryParamsHandling="merge"
          >
            Année {{ query().year + 1 }}
          </a>
        </nav>
        @if (calendar(); as c) {
          @if (c.meet1Warning) {
            <cdlp-alert kind="warning" heading="Séances de stratégie (MEET-1)">{{
              c.meet1Warning
            }}</cdlp-alert>
          } @else {
            <p class="fr-text--sm">
              {{ c.policySittings }} séances consacrées à la stratégie départementale sont prévues en
              {{ c.year }} (MEET-1 : deux au moins).
            </p>
          }
          <ol class="cdlp-calendar" [attr.aria-label]="'Calendrier des séances ' + c.year">
            @for (month of months(); track month.index) {
              <li
                class="cdlp-calendar__month"
                [class.cdlp-calendar__month--empty]="month.sittings.length === 0"
              >
                <h3 class="fr-h6 fr-mb-1w">{{ month.name }} {{ c.year }}</h3>
                @if (month.sittings.length === 0) {
                  <p class="fr-text--sm cdlp-empty fr-mb-0">Aucune séance</p>
                } @else {
                  <ul class="cdlp-calendar__list">
                    @for (s of month.sittings; track s.id) {
                      <li>
                        <a class="fr-link fr-link--sm" [routerLink]="['/seances', s.id]">{{
                          s.startsAt | longInstant
                        }}</a>
                        <br />
                        <span class="fr-text--sm">{{ s.title || kind(s) }}</span>
                        <p class="fr-badge fr-badge--sm" [class]="badge(s)">{{ state(s) }}</p>
                      </li>
                    }
                  </ul>
                }
              </li>
            }
          </ol>
        } @else if (loading()) {
          <p role="status">Chargement du calendrier…</p>
        }
      }
    </div>
  `,
})
export class SittingListPage {
  private readonly api = inject(SittingsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  readonly canManage = computed(() => this.auth.can(Permission.SITTINGS_MANAGE));
  readonly kindOptions: Option[] = SITTING_KINDS.map((k) => ({ value: k, label: SITTING_KIND_LABELS[k] }));
  readonly stateOptions: Option[] = SITTING_STATES.map((s) => ({ value: s, label: SITTING_STATE_LABELS[s] }));
  readonly query = signal<SittingListQuery>(parseSittingListQuery(this.route.snapshot.queryParamMap));
  readonly yearOptions = computed<Option[]>(() => {
    const now = currentYear();
    const years = new Set([now - 2, now - 1, now, now + 1, now + 2, this.query().year]);
    return [...years].sort().map((y) => ({ value: String(y), label: String(y) }));
  });
  readonly result = signal<PageDto<SittingListItemDto> | null>(null);
  readonly calendar = signal<CalendarDto | null>(null);
  readonly months = computed(() => {
    const v = this.calendar();
    return v ? calendarMonths(v) : [];
  });
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly filters = new FormGroup({
    year: new FormControl(String(currentYear()), { nonNullable: true }),
    kind: new FormControl('', { nonNullable: true }),
    state: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    this.route.queryParamMap
      .pipe(
        map(parseSittingListQuery),
        tap((q) => {
          this.query.set(q);
          this.filters.setValue({ year: String(q.year), kind: q.kind, state: q.state }, { emitEvent: false });
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((q) => {
          const fail = (err: unknown) => {
            this.error.set(toApiError(err).message);
            return of(null);
          };
          if (q.view === 'calendrier') {
            return this.api.calendar(q.year).pipe(
              map((c) => ({ calendar: c, page: null })),
              catchError(fail),
            );
          }
          return this.api
            .list({ year: q.year, kind: q.kind, state: q.state, page: q.page, pageSize: SITTINGS_PAGE_SIZE })
            .pipe(
              map((p) => ({ calendar: null, page: p })),
              catchError(fail),
            );
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((r) => {
        this.loading.set(false);
        this.calendar.set(r?.calendar ?? null);
        this.result.set(r?.page ?? null);
      });
  }

  applyFilters(): void {
    const v = this.filters.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { annee: v.year, kind: v.kind || null, state: v.state || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  kind(s: SittingListItemDto): string {
    return kindText(s);
  }
  mode(s: SittingListItemDto): string {
    return modeText(s);
  }
  state(s: SittingListItemDto): string {
    return sittingStateLabel(s.state);
  }
  badge(s: SittingListItemDto): string {
    return sittingStateBadge(s.state);
  }
}
