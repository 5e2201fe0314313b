import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import type { AuditEventDto, AuditVerificationDto, PageDto } from '@cdlp/shared';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { PaginationComponent } from '../ui/pagination.component';
import { AuditApi } from './audit.api';

export const AUDIT_PAGE_SIZE = 25;

/** First characters of an identifier or hash, enough to tell them apart on screen. */
export function shortId(value: string | null, length = 8): string {
  if (!value) return '-';
  return value.length > length ? `${value.slice(0, length)}…` : value;
}

@Component({
  selector: 'cdlp-audit-page',
  imports: [AlertComponent, InstantPipe, PaginationComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Journal d'audit</h1>
      <p>
        Chaque action sensible est enregistrée dans un journal chaîné : chaque événement contient l'empreinte
        du précédent, ce qui permet de détecter toute modification ou suppression.
      </p>
      <div class="cdlp-actions">
        <button
          type="button"
          class="fr-btn fr-btn--secondary fr-icon-shield-line fr-btn--icon-left"
          [disabled]="verifying()"
          (click)="verify()"
        >
          {{ verifying() ? 'Vérification en cours…' : "Vérifier l'intégrité" }}
        </button>
      </div>
      @if (verification(); as v) {
        @if (v.ok) {
          <cdlp-alert kind="success" heading="Journal intègre">
            {{ v.checked }} événement{{ v.checked > 1 ? 's' : '' }} vérifié{{ v.checked > 1 ? 's' : '' }} : la
            chaîne d'empreintes est intacte.
          </cdlp-alert>
        } @else {
          <cdlp-alert kind="error" heading="Rupture de la chaîne détectée">
            {{ v.reason || "La chaîne d'empreintes est rompue." }}
            @if (v.firstBrokenId) {
              Premier événement en cause : {{ v.firstBrokenId }}.
            }
            ({{ v.checked }} événements vérifiés.)
          </cdlp-alert>
        }
      }
      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement du journal…
        } @else if (result(); as r) {
          {{ r.total }} événement{{ r.total > 1 ? 's' : '' }} enregistré{{ r.total > 1 ? 's' : '' }}
        }
      </p>
      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucun événement enregistré.</p>
        } @else {
          <div class="fr-table fr-table--sm fr-table--multiline" id="table-audit">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Événements du journal d'audit, du plus récent au plus ancien
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Date (heure de Paris)</th>
                        <th scope="col">Action</th>
                        <th scope="col">Objet</th>
                        <th scope="col">Auteur</th>
                        <th scope="col">Requête</th>
                        <th scope="col">Empreinte</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (e of r.items; track e.id) {
                        <tr>
                          <td class="cdlp-nowrap">{{ e.occurredAt | instant }}</td>
                          <td>
                            <code>{{ e.action }}</code>
                          </td>
                          <td>
                            {{ e.entityType }}
                            @if (e.entityId) {
                              <br /><span class="cdlp-mono" [attr.title]="e.entityId">{{
                                short(e.entityId)
                              }}</span>
                            }
                          </td>
                          <td>
                            {{ e.actorRole || 'Système' }}
                            @if (e.actorUserId) {
                              <br /><span class="cdlp-mono" [attr.title]="e.actorUserId">{{
                                short(e.actorUserId)
                              }}</span>
                            }
                          </td>
                          <td class="cdlp-mono">{{ short(e.requestId) }}</td>
                          <td class="cdlp-mono" [attr.title]="e.hash">{{ short(e.hash, 12) }}</td>
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
            label="Pagination du journal"
          />
        }
      }
    </div>
  `,
})
export class AuditPage {
  private readonly api = inject(AuditApi);

  readonly result = signal<PageDto<AuditEventDto> | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly verifying = signal(false);
  readonly verification = signal<AuditVerificationDto | null>(null);

  constructor() {
    inject(ActivatedRoute)
      .queryParamMap.pipe(
        map((q) => {
          const page = Number(q.get('page'));
          return Number.isInteger(page) && page > 0 ? page : 1;
        }),
        tap(() => {
          this.loading.set(true);
          this.error.set(null);
        }),
        switchMap((page) =>
          this.api.list(page, AUDIT_PAGE_SIZE).pipe(
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

  short(value: string | null, length = 8): string {
    return shortId(value, length);
  }

  verify(): void {
    this.verifying.set(true);
    this.verification.set(null);
    this.error.set(null);
    this.api.verify().subscribe({
      next: (v) => {
        this.verifying.set(false);
        this.verification.set(v);
      },
      error: (err: unknown) => {
        this.verifying.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
