import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Permission, type SittingListItemDto, type SittingState } from '@cdlp/shared';
import { catchError, forkJoin, map, of } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { sittingTitle } from '../sittings/sitting-labels';
import { SittingsApi } from '../sittings/sittings.api';
import { LongInstantPipe } from '../ui/dates';

interface Group {
  state: SittingState;
  title: string;
  empty: string;
  items: SittingListItemDto[];
}

/** PV-1: the task list of the minutes: to draft (closed sittings), to sign, signed. */
@Component({
  selector: 'cdlp-minutes-list-page',
  imports: [RouterLink, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Procès-verbaux</h1>
      <p class="fr-text--lead">
        Le procès-verbal de chaque séance est établi à partir des registres, signé par la présidence puis envoyé à tous
        les membres (PV-1, SIG-1).
      </p>
      @if (groups() === null) {
        <p role="status">Chargement des séances…</p>
      } @else {
        @for (g of groups(); track g.state) {
          <h2 class="fr-h4 fr-mt-4w">{{ g.title }} ({{ g.items.length }})</h2>
          @if (g.items.length === 0) {
            <p class="cdlp-empty">{{ g.empty }}</p>
          } @else {
            <ul class="cdlp-home-list">
              @for (s of g.items; track s.id) {
                <li>
                  <a class="fr-link" [routerLink]="['/seances', s.id, 'proces-verbal']">
                    Procès-verbal : {{ name(s) }}
                  </a>
                  - {{ s.startsAt | longInstant }}
                </li>
              }
            </ul>
          }
        }
      }
    </div>
  `,
})
export class MinutesListPage {
  private readonly api = inject(SittingsApi);
  private readonly auth = inject(AuthService);
  readonly groups = signal<Group[] | null>(null);
  readonly canEdit = computed(() => this.auth.can(Permission.MINUTES_EDIT));
  readonly canSign = computed(() => this.auth.can(Permission.DOCUMENTS_SIGN));

  constructor() {
    const wanted: Omit<Group, 'items'>[] = [];
    if (this.canEdit()) wanted.push({ state: 'CLOSED', title: 'À rédiger', empty: 'Aucune séance close sans procès-verbal.' });
    if (this.canEdit() || this.canSign()) {
      wanted.push({ state: 'MINUTES_DRAFTED', title: 'À signer', empty: 'Aucun projet de procès-verbal en attente de signature.' });
    }
    wanted.push({ state: 'MINUTES_SIGNED', title: 'Signés', empty: 'Aucun procès-verbal signé.' });
    forkJoin(
      wanted.map((g) =>
        this.api.list({ state: g.state, page: 1, pageSize: 50 }).pipe(
          map((p) => ({ ...g, items: p.items })),
          catchError(() => of({ ...g, items: [] as SittingListItemDto[] })),
        ),
      ),
    ).subscribe((groups) => this.groups.set(groups));
  }

  name(s: SittingListItemDto): string {
    return sittingTitle(s);
  }
}
