import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import { ParamMap, RouterLink } from '@angular/router';
import { OUTBOX_STATUS_LABELS, type OutboxMessageSummaryDto } from '@cdlp/shared';
import { InstantPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { Option } from '../ui/form-fields';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { optionalOneOfParam, pageParam, parseQuery } from '../ui/query-params';
import { outboxStatusBadge, outboxStatusLabel, templateLabel } from './outbox-labels';
import { OutboxApi } from './outbox.api';

export const OUTBOX_PAGE_SIZE = 25;

const OUTBOX_STATUSES = ['QUEUED', 'SENT', 'FAILED'] as const;
const OUTBOX_QUERY = { status: optionalOneOfParam(OUTBOX_STATUSES), page: pageParam() };

export function parseOutboxQuery(q: ParamMap) {
  return parseQuery(OUTBOX_QUERY, q);
}

const STATUS_OPTIONS: Option[] = OUTBOX_STATUSES.map((s) => ({ value: s, label: OUTBOX_STATUS_LABELS[s] }));

/** Delivery status of every e-mail of the portal; in demo mode, the messages themselves. */
@Component({
  selector: 'cdlp-outbox-list-page',
  imports: [RouterLink, InstantPipe, FilterBarComponent, ListResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Courriels envoyés</h1>
      <p>
        Tous les courriels du portail passent par une file d'envoi : convocations, relances, avis de pièces
        manquantes, fins de parcours. Un message en échec peut être renvoyé. En démonstration, les messages ne
        quittent pas le serveur : ils sont consultables ici.
      </p>
      <cdlp-filter-bar
        label="Filtrer les courriels"
        [fields]="filterFields"
        [form]="filters"
        (apply)="list.applyFilters()"
      />
      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des courriels…"
        countOne="courriel"
        countMany="courriels"
        emptyText="Aucun courriel."
        tableId="table-courriels"
        tableClass="fr-table--no-caption fr-table--multiline fr-table--sm"
        caption="Courriels, du plus récent au plus ancien"
        paginationLabel="Pagination des courriels"
        [columns]="columns"
      >
        <tbody>
          @for (m of list.items(); track m.id) {
            <tr>
              <td class="cdlp-nowrap">{{ m.createdAt | instant }}</td>
              <td>
                <a class="fr-link" [routerLink]="['/administration/courriels', m.id]">{{ m.subject }}</a>
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
      </cdlp-list-results>
    </div>
  `,
})
export class OutboxListPage {
  private readonly api = inject(OutboxApi);

  readonly filterFields: FilterField[] = [
    { id: 'status', label: "État d'envoi", options: STATUS_OPTIONS, placeholder: 'Tous les états' },
  ];
  readonly filters = new FormGroup({ status: new FormControl('', { nonNullable: true }) });
  readonly columns: TableColumn[] = ['Créé le', 'Objet', 'Destinataire', 'Type', 'État', 'Tentatives'];
  readonly list = createListState({
    query: OUTBOX_QUERY,
    filters: this.filters,
    load: (q) => this.api.list({ ...q, pageSize: OUTBOX_PAGE_SIZE }),
  });

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
