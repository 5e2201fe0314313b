import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { OUTBOX_STATUS_LABELS, type OutboxMessageSummaryDto, type PageDto } from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { Option, SelectFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { outboxStatusBadge, outboxStatusLabel, templateLabel } from './outbox-labels';
import { OutboxApi, OutboxStatus } from './outbox.api';

export const OUTBOX_PAGE_SIZE = 25;

export function parseOutboxQuery(q: ParamMap): { status: OutboxStatus | ''; page: number } {
  const status = q.get('status');
  const page = Number(q.get('page'));
  return {
    status: status === 'QUEUED' || status === 'SENT' || status === 'FAILED' ? status : '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

const STATUS_OPTIONS: Option[] = (['QUEUED', 'SENT', 'FAILED'] as const).map((s) => ({
  value: s,
  label: OUTBOX_STATUS_LABELS[s],
}));

/** Delivery status of every e-mail of the portal; in demo mode, the messages themselves. */
@Component({
  selector: 'cdlp-outbox-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    InstantPipe,
    SelectFieldComponent,
    PaginationComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Courriels envoyés</h1>
      <p>
        Tous les courriels du portail passent par une file d'envoi : convocations, relances, avis de pièces
        manquantes, fins de parcours. Un message en échec peut être renvoyé. En démonstration, les messages ne
        quittent pas le serveur : ils sont consultables ici.
      </p>
      <form
        [formGroup]="filters"
        (ngSubmit)="applyFilters()"
        class="cdlp-filters"
        role="search"
        aria-label="Filtrer les courriels"
      >
        <cdlp-select
          fieldId="status"
          label="État d'envoi"
          placeholder="Tous les états"
          [optional]="true"
          [optionalMention]="false"
          [options]="statusOptions"
          [control]="filters.controls.status"
        />
        <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Filtrer</button>
      </form>
      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement des courriels…
        } @else if (result(); as r) {
          {{ r.total }} courriel{{ r.total > 1 ? 's' : '' }}
        }
      </p>
      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucun courriel.</p>
        } @else {
          <div class="fr-table fr-table--no-caption fr-table--multiline fr-table--sm" id="table-courriels">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Courriels, du plus récent au plus ancien
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Créé le</th>
                        <th scope="col">Objet</th>
                        <th scope="col">Destinataire</th>
                        <th scope="col">Type</th>
                        <th scope="col">État</th>
                        <th scope="col">Tentatives</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (m of r.items; track m.id) {
                        <tr>
                          <td class="cdlp-nowrap">{{ m.createdAt | instant }}</td>
                          <td>
                            <a class="fr-link" [routerLink]="['/administration/courriels', m.id]">{{
                              m.subject
                            }}</a>
                          </td>
                          <td>{{ m.recipient }}</td>
                          <td>{{ template(m) }}</td>
                          <td>
                            <p class="fr-badge fr-badge--sm" [class]="badge(m)">{{ status(m) }}</p>
                            @if (m.lastError) {
                              <p class="fr-text--xs fr-mb-0">{{ m.lastError }}</p>
                            }
                          </td>
                          <td>{{ m.attempts }}</td>
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
            label="Pagination des courriels"
          />
        }
      }
    </div>
  `,
})
export class OutboxListPage {
  private readonly api = inject(OutboxApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  readonly statusOptions = STATUS_OPTIONS;
  readonly result = signal<PageDto<OutboxMessageSummaryDto> | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly filters = new FormGroup({ status: new FormControl('', { nonNullable: true }) });

  constructor() {
    this.route.queryParamMap
      .pipe(
        map(parseOutboxQuery),
        tap((q) => {
          this.filters.setValue({ status: q.status }, { emitEvent: false });
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((q) =>
          this.api.list({ ...q, pageSize: OUTBOX_PAGE_SIZE }).pipe(
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
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { status: this.filters.getRawValue().status || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  status(m: OutboxMessageSummaryDto): string {
    return outboxStatusLabel(m);
  }
  badge(m: OutboxMessageSummaryDto): string {
    return outboxStatusBadge(m);
  }
  template(m: OutboxMessageSummaryDto): string {
    return templateLabel(m.template);
  }
}
