import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DECISION_LABELS, OPINION_LABELS, type DecisionDto, type PspRequestListItemDto } from '@cdlp/shared';
import { catchError, forkJoin, map, of, switchMap } from 'rxjs';
import { PspRequestsApi } from '../psp/psp.api';
import { DecisionsApi } from './decisions.api';
import { TableComponent } from '../ui/table.component';

interface Row {
  request: PspRequestListItemDto;
  decision: DecisionDto | null;
}

/** PSP-5: the task list of the préfet's decisions: to prepare, to sign, and the latest signed ones. */
@Component({
  selector: 'cdlp-decision-list-page',
  imports: [TableComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Décisions du préfet</h1>
      <p class="fr-text--lead">
        Après l'avis de la commission, le secrétariat prépare la décision du préfet, qui la signe (PSP-5,
        SIG-1). La signature d'une autorisation ouvre le parcours de sortie.
      </p>
      @if (pending() === null) {
        <p role="status">Chargement des demandes…</p>
      } @else {
        <h2 class="fr-h4">Décisions en attente ({{ pending()!.length }})</h2>
        @if (pending()!.length === 0) {
          <p class="cdlp-empty">Aucune demande n'attend de décision.</p>
        } @else {
          <div
            class="fr-table fr-table--no-caption fr-table--multiline"
            cdlpTable="Décisions en attente"
            [columns]="['Demande', 'Association', 'Avis', 'Étape']"
          >
            <tbody>
              @for (row of pending(); track row.request.id) {
                <tr>
                  <td>
                    <a class="fr-link" [routerLink]="['/demandes', row.request.id, 'decision']">
                      Décision - {{ row.request.reference }}
                    </a>
                  </td>
                  <td>{{ row.request.associationName }}</td>
                  <td>{{ opinion(row.request) }}</td>
                  <td>
                    <p
                      class="fr-badge fr-badge--sm"
                      [class.fr-badge--new]="!row.decision"
                      [class.fr-badge--info]="!!row.decision"
                    >
                      {{ step(row) }}
                    </p>
                  </td>
                </tr>
              }
            </tbody>
          </div>
        }

        <h2 class="fr-h4 fr-mt-4w">Dernières décisions signées</h2>
        @if ((decided() ?? []).length === 0) {
          <p class="cdlp-empty">Aucune décision signée.</p>
        } @else {
          <ul class="cdlp-home-list">
            @for (r of decided() ?? []; track r.id) {
              <li>
                <a class="fr-link" [routerLink]="['/demandes', r.id, 'decision']"
                  >Décision - {{ r.reference }}</a
                >
                : {{ decisionLabel(r) }}
              </li>
            }
          </ul>
        }
      }
    </div>
  `,
})
export class DecisionListPage {
  private readonly requests = inject(PspRequestsApi);
  private readonly decisions = inject(DecisionsApi);
  readonly pending = signal<Row[] | null>(null);
  readonly decided = signal<PspRequestListItemDto[] | null>(null);

  constructor() {
    this.requests
      .list({ state: 'OPINION_GIVEN', page: 1, pageSize: 50, sort: 'updatedAt', order: 'asc' })
      .pipe(
        map((p) => p.items),
        switchMap((items) =>
          items.length === 0
            ? of([] as Row[])
            : forkJoin(
                items.map((request) =>
                  this.decisions.get(request.id).pipe(
                    map((d) => ({ request, decision: d.decision })),
                    catchError(() => of({ request, decision: null })),
                  ),
                ),
              ),
        ),
        catchError(() => of([] as Row[])),
      )
      .subscribe((rows) => this.pending.set(rows));
    this.requests
      .list({ state: 'DECIDED', page: 1, pageSize: 10, sort: 'updatedAt', order: 'desc' })
      .pipe(
        map((p) => p.items),
        catchError(() => of([] as PspRequestListItemDto[])),
      )
      .subscribe((items) => this.decided.set(items));
  }

  opinion(r: PspRequestListItemDto): string {
    return r.opinion ? OPINION_LABELS[r.opinion] : '–';
  }

  step(row: Row): string {
    if (!row.decision) return 'À préparer';
    return 'À signer';
  }

  decisionLabel(r: PspRequestListItemDto): string {
    return r.decision ? DECISION_LABELS[r.decision] : 'Décision prise';
  }
}
