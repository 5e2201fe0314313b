import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { AuditVerificationDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { pageParam } from '../ui/query-params';
import { AuditApi } from './audit.api';

export const AUDIT_PAGE_SIZE = 25;

/** First characters of an identifier or hash, enough to tell them apart on screen. */
export function shortId(value: string | null, length = 8): string {
  if (!value) return '-';
  return value.length > length ? `${value.slice(0, length)}…` : value;
}

@Component({
  selector: 'cdlp-audit-page',
  imports: [AlertComponent, InstantPipe, ListResultsComponent],
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
      <cdlp-alert kind="error" [text]="verifyError()" />
      <cdlp-list-results
        [list]="list"
        loadingText="Chargement du journal…"
        countOne="événement enregistré"
        countMany="événements enregistrés"
        emptyText="Aucun événement enregistré."
        tableId="table-audit"
        tableClass="fr-table--sm fr-table--multiline"
        caption="Événements du journal d'audit, du plus récent au plus ancien"
        paginationLabel="Pagination du journal"
        [columns]="columns"
      >
        <tbody>
          @for (e of list.items(); track e.id) {
            <tr>
              <td class="cdlp-nowrap">{{ e.occurredAt | instant }}</td>
              <td>
                <code>{{ e.action }}</code>
              </td>
              <td>
                {{ e.entityType }}
                @if (e.entityId) {
                  <br /><span class="cdlp-mono" [attr.title]="e.entityId">{{ short(e.entityId) }}</span>
                }
              </td>
              <td>
                {{ e.actorRole || 'Système' }}
                @if (e.actorUserId) {
                  <br /><span class="cdlp-mono" [attr.title]="e.actorUserId">{{ short(e.actorUserId) }}</span>
                }
              </td>
              <td class="cdlp-mono">{{ short(e.requestId) }}</td>
              <td class="cdlp-mono" [attr.title]="e.hash">{{ short(e.hash, 12) }}</td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class AuditPage {
  private readonly api = inject(AuditApi);

  readonly columns: TableColumn[] = [
    'Date (heure de Paris)',
    'Action',
    'Objet',
    'Auteur',
    'Requête',
    'Empreinte',
  ];
  readonly list = createListState({
    query: { page: pageParam() },
    load: (q) => this.api.list(q.page, AUDIT_PAGE_SIZE),
  });
  readonly verifying = signal(false);
  readonly verification = signal<AuditVerificationDto | null>(null);
  readonly verifyError = signal<string | null>(null);

  short(value: string | null, length = 8): string {
    return shortId(value, length);
  }

  verify(): void {
    this.verifying.set(true);
    this.verification.set(null);
    this.verifyError.set(null);
    this.api.verify().subscribe({
      next: (v) => {
        this.verifying.set(false);
        this.verification.set(v);
      },
      error: (err: unknown) => {
        this.verifying.set(false);
        this.verifyError.set(toApiError(err).message);
      },
    });
  }
}
