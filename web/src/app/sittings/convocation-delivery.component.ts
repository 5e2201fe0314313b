import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  InjectionToken,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import type { ConvocationLetterDto, ConvocationProgressDto, SittingDto } from '@cdlp/shared';
import { EMPTY, expand, Subscription, switchMap, take, timer } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { formatLongInstant } from '../ui/dates';
import { blobError, saveBlob } from '../ui/download';
import { ProgressComponent } from '../ui/progress.component';
import { TableComponent } from '../ui/table.component';
import { ConvocationLettersApi } from './convocation-letters.api';
import { SittingsApi } from './sittings.api';

/** How often the sending progress is read while messages wait in the outbox. */
export const CONVOCATION_POLL_MS = new InjectionToken<number>('CONVOCATION_POLL_MS', {
  factory: () => 2000,
});

/**
 * Readings at most per page view (10 minutes at 2 s): a message the relay keeps refusing is
 * retried by the outbox for hours, and the page need not follow it that long.
 */
export const CONVOCATION_POLL_LIMIT = new InjectionToken<number>('CONVOCATION_POLL_LIMIT', {
  factory: () => 300,
});

/** The live text of the sending progress. */
export function progressText(p: ConvocationProgressDto): string {
  const s = (n: number) => (n > 1 ? 's' : '');
  if (p.total === 0) return 'Aucune convocation à envoyer par courriel.';
  const failed = p.failed > 0 ? `, ${p.failed} échec${s(p.failed)}` : '';
  if (p.done) {
    return `Envoi terminé : ${p.sent} convocation${s(p.sent)} envoyée${s(p.sent)} sur ${p.total}${failed}.`;
  }
  return `${p.sent} envoyée${s(p.sent)} sur ${p.total}, ${p.queued} en file d'attente${failed}.`;
}

/**
 * After the convocation: the sending progress read from the outbox, refreshed until every
 * message has left, and the members without an e-mail address, whose convocation the
 * secretariat prints (CONV-1): one letter, or all of them in one PDF.
 */
@Component({
  selector: 'cdlp-convocation-delivery',
  imports: [AlertComponent, ProgressComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (progress(); as p) {
      @if (p.total > 0) {
        <cdlp-progress
          label="Envoi des convocations par courriel"
          [value]="p.sent + p.failed"
          [max]="p.total"
          [text]="text()"
        />
      }
    }
    @if (letters().length > 0) {
      <div class="cdlp-panel fr-mb-3w" id="convocations-courrier">
        <h3 class="fr-h6">Convocations par courrier</h3>
        <p>
          {{ letters().length }} membre{{ letters().length > 1 ? 's n’ont' : ' n’a' }} pas d'adresse
          électronique : imprimez {{ letters().length > 1 ? 'leur' : 'sa' }} convocation (CONV-1).
        </p>
        <cdlp-alert kind="error" [text]="error()" />
        <cdlp-alert kind="success" [text]="done()" />
        <div
          class="fr-table fr-table--no-caption fr-table--sm"
          id="table-courriers"
          cdlpTable="Membres à convoquer par courrier"
          [columns]="['Membre', 'Lettre', 'Action']"
        >
          <tbody>
            @for (l of letters(); track l.memberId) {
              <tr>
                <td>
                  {{ l.name }}
                  @if (l.forInformationOf) {
                    <br /><span class="fr-text--sm"
                      >Suppléant(e) de {{ l.forInformationOf }}, pour information</span
                    >
                  }
                </td>
                <td>{{ l.producedAt ? 'Produite le ' + long(l.producedAt) : 'Non produite' }}</td>
                <td>
                  <button
                    type="button"
                    class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-download-line fr-btn--icon-left"
                    [disabled]="busy()"
                    (click)="download(l)"
                  >
                    Télécharger<span class="fr-sr-only"> la lettre de {{ l.name }}</span>
                  </button>
                </td>
              </tr>
            }
          </tbody>
        </div>
        <button
          type="button"
          class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left"
          [disabled]="busy()"
          (click)="download(null)"
        >
          Télécharger toutes les lettres (PDF)
        </button>
      </div>
    }
  `,
})
export class ConvocationDeliveryComponent {
  private readonly api = inject(ConvocationLettersApi);
  private readonly sittings = inject(SittingsApi);
  private readonly pollMs = inject(CONVOCATION_POLL_MS);
  private readonly pollLimit = inject(CONVOCATION_POLL_LIMIT);

  readonly sitting = input.required<SittingDto>();
  /** The sitting read again once every message has left (per-member delivery statuses). */
  readonly changed = output<SittingDto>();

  readonly progress = signal<ConvocationProgressDto | null>(null);
  readonly letters = signal<ConvocationLetterDto[]>([]);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly done = signal<string | null>(null);
  /** The readings stopped before every message had left. */
  readonly stopped = signal(false);
  readonly text = computed(() => {
    const p = this.progress();
    if (!p) return '';
    const more = this.stopped() ? " L'envoi se poursuit : rechargez la page pour en suivre la fin." : '';
    return progressText(p) + more;
  });

  private polling: Subscription | null = null;
  private readonly key = computed(() => `${this.sitting().id}|${this.sitting().convokedAt ?? ''}`);

  constructor() {
    effect(() => {
      this.key();
      untracked(() => this.load());
    });
    inject(DestroyRef).onDestroy(() => this.polling?.unsubscribe());
  }

  long(instant: string): string {
    return formatLongInstant(instant);
  }

  private load(): void {
    const s = this.sitting();
    this.polling?.unsubscribe();
    this.stopped.set(false);
    if (!s.convokedAt || !['CONVENED', 'OPEN'].includes(s.state)) return;
    let waited = false;
    // One reading at a time: the next one waits for the answer, then for the polling delay.
    this.polling = this.api
      .progress(s.id)
      .pipe(
        expand((p) => (p.done ? EMPTY : timer(this.pollMs).pipe(switchMap(() => this.api.progress(s.id))))),
        take(this.pollLimit),
      )
      .subscribe({
        next: (p) => {
          this.progress.set(p);
          if (!p.done) waited = true;
          else if (waited) this.sittings.get(s.id).subscribe((fresh) => this.changed.emit(fresh));
        },
        error: () => this.progress.set(null),
        complete: () => this.stopped.set(this.progress()?.done === false),
      });
    this.reloadLetters();
  }

  private reloadLetters(): void {
    this.api.letters(this.sitting().id).subscribe({
      next: (l) => this.letters.set(l),
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
  }

  download(letter: ConvocationLetterDto | null): void {
    const s = this.sitting();
    this.busy.set(true);
    this.error.set(null);
    this.done.set(null);
    this.api.download(s.id, letter?.memberId).subscribe({
      next: ({ blob, filename }) => {
        this.busy.set(false);
        saveBlob(blob, filename ?? `convocation-courrier-seance-${s.number}.pdf`);
        this.done.set(
          letter
            ? `La lettre de ${letter.name} a été produite.`
            : `${this.letters().length} lettre${this.letters().length > 1 ? 's ont été produites' : ' a été produite'}.`,
        );
        this.reloadLetters();
      },
      error: (err: unknown) => {
        void blobError(err).then((e) => {
          this.busy.set(false);
          this.error.set(toApiError(e).message);
        });
      },
    });
  }
}
