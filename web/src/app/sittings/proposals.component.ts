import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { WrittenDeliberationProposalDto } from '@cdlp/shared';
import { catchError, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { LongInstantPipe } from '../ui/dates';
import { waitingText } from '../psp/psp-labels';
import { SittingsApi } from './sittings.api';

/**
 * PSP-4: complete requests waiting with no examination sitting planned soon. One click creates a
 * written electronic deliberation (REM-1, REM-3) with these requests on its agenda.
 */
@Component({
  selector: 'cdlp-proposals',
  imports: [AlertComponent, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (proposals().length > 0) {
      <section class="cdlp-panel cdlp-proposals" aria-labelledby="propositions-titre">
        <h2 id="propositions-titre" class="fr-h4">Demandes complètes en attente d'examen</h2>
        <p>
          @if (proposals()[0].nextExaminationSitting; as next) {
            La prochaine séance d'examen n'a lieu que le {{ next | longInstant }}.
          } @else {
            Aucune séance d'examen n'est prévue.
          }
          Une délibération électronique écrite permet de rendre l'avis sans attendre (PSP-4, REM-1).
        </p>
        <ul>
          @for (p of proposals(); track p.requestId) {
            <li>
              <strong>{{ p.reference }}</strong> : {{ waiting(p.daysWaiting) }}
            </li>
          }
        </ul>
        <cdlp-alert kind="error" [text]="error()" />
        <button
          type="button"
          class="fr-btn fr-icon-calendar-line fr-btn--icon-left"
          [disabled]="busy()"
          (click)="propose()"
        >
          Proposer une délibération écrite
        </button>
      </section>
    }
  `,
})
export class ProposalsComponent {
  private readonly api = inject(SittingsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  readonly proposals = signal<WrittenDeliberationProposalDto[]>([]);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    this.api
      .proposals()
      .pipe(catchError(() => of([])))
      .subscribe((p) => this.proposals.set(p));
  }

  waiting(days: number): string {
    return waitingText(days);
  }

  propose(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.createWrittenDeliberation(this.proposals().map((p) => p.requestId)).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.flash.show(
          'success',
          `La délibération écrite n° ${s.number} a été créée avec ${s.agenda.length} demande${s.agenda.length > 1 ? 's' : ''} : vérifiez-la puis envoyez la convocation.`,
        );
        void this.router.navigate(['/seances', s.id]);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
