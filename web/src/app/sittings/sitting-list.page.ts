import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  parisDate,
  Permission,
  SITTING_KIND_LABELS,
  SITTING_KINDS,
  SITTING_STATE_LABELS,
  SITTING_STATES,
  type SittingListItemDto,
} from '@cdlp/shared';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { LongInstantPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { Option } from '../ui/form-fields';
import { createListState, queryResource } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { intParam, inUrlAs, oneOfParam, optionalOneOfParam, pageParam } from '../ui/query-params';
import { ProposalsComponent } from './proposals.component';
import { SittingCalendarComponent } from './sitting-calendar.component';
import { kindText, modeText, sittingStateBadge, sittingStateLabel } from './sitting-labels';
import { SittingsApi } from './sittings.api';

export { calendarMonths } from './sitting-calendar.component';

export const SITTINGS_PAGE_SIZE = 20;

export function currentYear(): number {
  return Number(parisDate(new Date()).slice(0, 4));
}

const SITTING_QUERY = {
  view: inUrlAs('vue', oneOfParam(['liste', 'calendrier'] as const, 'liste')),
  year: inUrlAs('annee', intParam(2000, 2100, currentYear)),
  kind: optionalOneOfParam(SITTING_KINDS),
  state: optionalOneOfParam(SITTING_STATES),
  page: pageParam(),
};

@Component({
  selector: 'cdlp-sitting-list-page',
  imports: [
    RouterLink,
    AlertComponent,
    LongInstantPipe,
    FilterBarComponent,
    ListResultsComponent,
    ProposalsComponent,
    SittingCalendarComponent,
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
          @for (v of views; track v.key) {
            <li>
              <a
                class="fr-btn fr-btn--sm"
                [class.fr-btn--secondary]="list.query().view !== v.key"
                [routerLink]="[]"
                [queryParams]="{ vue: v.key, page: null }"
                queryParamsHandling="merge"
                [attr.aria-current]="list.query().view === v.key ? 'page' : null"
                >{{ v.label }}</a
              >
            </li>
          }
        </ul>
      </nav>

      @if (list.query().view === 'liste') {
        <cdlp-filter-bar
          label="Filtrer les séances"
          [fields]="filterFields()"
          [form]="filters"
          (apply)="list.applyFilters()"
        />
        <cdlp-list-results
          [list]="list"
          loadingText="Chargement des séances…"
          [countOne]="'séance en ' + list.query().year"
          [countMany]="'séances en ' + list.query().year"
          emptyText="Aucune séance ne correspond à votre recherche."
          tableId="table-seances"
          [caption]="'Séances de ' + list.query().year"
          paginationLabel="Pagination des séances"
          [columns]="columns"
        >
          <tbody>
            @for (s of list.items(); track s.id) {
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
        </cdlp-list-results>
      } @else {
        <cdlp-alert kind="error" [text]="calendar.error()" />
        <nav class="cdlp-year-nav fr-mb-2w" aria-label="Changer d'année">
          <a
            class="fr-link fr-icon-arrow-left-line fr-link--icon-left"
            [routerLink]="[]"
            [queryParams]="{ annee: list.query().year - 1 }"
            queryParamsHandling="merge"
          >
            Année {{ list.query().year - 1 }}
          </a>
          <h2 class="fr-h3 fr-mb-0">Calendrier {{ list.query().year }}</h2>
          <a
            class="fr-link fr-icon-arrow-right-line fr-link--icon-right"
            [routerLink]="[]"
            [queryParams]="{ annee: list.query().year + 1 }"
            queryParamsHandling="merge"
          >
            Année {{ list.query().year + 1 }}
          </a>
        </nav>
        @if (calendar.value(); as c) {
          <cdlp-sitting-calendar [calendar]="c" />
        } @else if (calendar.loading()) {
          <p role="status">Chargement du calendrier…</p>
        }
      }
    </div>
  `,
})
export class SittingListPage {
  private readonly api = inject(SittingsApi);
  private readonly auth = inject(AuthService);

  readonly views = [
    { key: 'liste', label: 'Liste' },
    { key: 'calendrier', label: 'Calendrier annuel' },
  ] as const;
  readonly canManage = computed(() => this.auth.can(Permission.SITTINGS_MANAGE));
  readonly kindOptions: Option[] = SITTING_KINDS.map((k) => ({ value: k, label: SITTING_KIND_LABELS[k] }));
  readonly stateOptions: Option[] = SITTING_STATES.map((s) => ({ value: s, label: SITTING_STATE_LABELS[s] }));
  readonly filterFields = computed<FilterField[]>(() => [
    { id: 'year', label: 'Année', options: this.yearOptions(), placeholder: null },
    { id: 'kind', label: 'Type de séance', options: this.kindOptions, placeholder: 'Tous les types' },
    { id: 'state', label: 'État', options: this.stateOptions, placeholder: 'Tous les états' },
  ]);
  readonly filters = new FormGroup({
    year: new FormControl(String(currentYear()), { nonNullable: true }),
    kind: new FormControl('', { nonNullable: true }),
    state: new FormControl('', { nonNullable: true }),
  });
  readonly columns: TableColumn[] = ['Séance', 'Date', 'Type', 'Mode', 'État', 'Points'];
  readonly list = createListState({
    query: SITTING_QUERY,
    filters: this.filters,
    load: ({ view, year, kind, state, page }) =>
      view === 'liste' ? this.api.list({ year, kind, state, page, pageSize: SITTINGS_PAGE_SIZE }) : null,
  });
  readonly calendar = queryResource(this.list.query$, (q) =>
    q.view === 'calendrier' ? this.api.calendar(q.year) : null,
  );
  readonly yearOptions = computed<Option[]>(() => {
    const now = currentYear();
    const years = new Set([now - 2, now - 1, now, now + 1, now + 2, this.list.query().year]);
    return [...years].sort().map((y) => ({ value: String(y), label: String(y) }));
  });

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
