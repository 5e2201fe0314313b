import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import {
  BALLOT_CHOICE_LABELS,
  type BallotChoice,
  type DeliberationDto,
  type VotingSeatDto,
} from '@cdlp/shared';
import { isTransient, toApiError } from '../core/api-error';
import { newClientKey } from '../core/client-key';
import { FieldControlDirective, FieldGroupComponent } from '../ui/form-fields';
import { DeliberationApi } from './deliberation.api';

export const CHOICES: readonly BallotChoice[] = ['FAVOURABLE', 'UNFAVOURABLE', 'ABSTENTION'];

/** "Voter favorable", "Voter défavorable", "S'abstenir". */
export function choiceVerb(choice: BallotChoice): string {
  return choice === 'FAVOURABLE'
    ? 'Voter favorable'
    : choice === 'UNFAVOURABLE'
      ? 'Voter défavorable'
      : "S'abstenir";
}

export function seatKey(seat: Pick<VotingSeatDto, 'capacity' | 'representedMemberId'>): string {
  return `${seat.capacity}:${seat.representedMemberId}`;
}

interface PendingCast {
  choice: BallotChoice;
  reason: string;
  key: string;
}

/**
 * VOTE-1: the ballot of one seat the member votes for (own seat or mandate): an optional reason,
 * one explicit button per choice, and "Renvoyer le vote" when the answer was lost. The intended
 * vote keeps its idempotent client key on retry, so the server records it once.
 */
@Component({
  selector: 'cdlp-seat-ballot',
  imports: [FieldGroupComponent, FieldControlDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = seat();
    <fieldset class="fr-fieldset cdlp-seat" [attr.aria-labelledby]="legendId()">
      <legend class="fr-fieldset__legend fr-text--md" [id]="legendId()">
        Vote {{ s.label }}{{ s.capacity === 'PROXY' ? ' (mandat)' : '' }}
      </legend>
      @if (s.blockedReason) {
        <p class="fr-text--sm">{{ s.blockedReason }}</p>
      } @else {
        <div class="fr-fieldset__element">
          <cdlp-field-group
            [fieldId]="'motif-' + itemId() + '-' + index()"
            [label]="'Motif de votre vote ' + s.label"
            [mention]="true"
          >
            <textarea
              class="fr-input"
              rows="2"
              cdlpFieldControl
              [value]="reason()"
              (input)="type($event)"
            ></textarea>
          </cdlp-field-group>
        </div>
        <div class="fr-fieldset__element">
          <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm cdlp-vote__choices">
            @for (choice of choices; track choice) {
              <li>
                <button
                  type="button"
                  class="fr-btn fr-btn--sm"
                  [class.fr-btn--secondary]="s.choice !== choice"
                  [attr.aria-pressed]="s.choice === choice"
                  [disabled]="inFlight()"
                  (click)="cast(choice)"
                >
                  {{ verb(choice) }}<span class="fr-sr-only"> {{ subject() }} {{ s.label }}</span>
                </button>
              </li>
            }
          </ul>
        </div>
        <p class="fr-text--sm fr-mb-0">
          @if (s.choice) {
            Vote enregistré {{ s.label }} : <strong>{{ choiceLabel(s.choice) }}</strong
            >. Vous pouvez le modifier tant que le vote est ouvert.
          } @else {
            Pas encore de vote {{ s.label }}.
          }
        </p>
        @if (retry(); as message) {
          <div class="fr-alert fr-alert--error fr-alert--sm fr-mt-1w" role="alert">
            <p>{{ message }}</p>
            <button type="button" class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w" (click)="send()">
              Renvoyer le vote<span class="fr-sr-only"> {{ s.label }}</span>
            </button>
          </div>
        }
      }
    </fieldset>
  `,
})
export class SeatBallotComponent {
  private readonly api = inject(DeliberationApi);
  readonly sittingId = input.required<string>();
  readonly itemId = input.required<string>();
  readonly seat = input.required<VotingSeatDto>();
  /** Its rank among the member's seats, for the ids. */
  readonly index = input.required<number>();
  readonly subject = input.required<string>();
  readonly changed = output<DeliberationDto>();
  readonly announce = output<string>();
  readonly failed = output<string>();

  readonly choices = CHOICES;
  readonly typed = signal<string | null>(null);
  readonly reason = computed(() => this.typed() ?? this.seat().reason ?? '');
  readonly inFlight = signal(false);
  readonly retry = signal<string | null>(null);
  readonly legendId = computed(() => `siege-${this.itemId()}-${this.index()}`);
  private pending: PendingCast | null = null;

  verb(choice: BallotChoice): string {
    return choiceVerb(choice);
  }
  choiceLabel(choice: BallotChoice): string {
    return BALLOT_CHOICE_LABELS[choice];
  }

  type(event: Event): void {
    this.typed.set((event.target as HTMLTextAreaElement).value);
  }

  /** A new intended vote gets a new key; the same vote sent again (retry) keeps its key. */
  cast(choice: BallotChoice): void {
    const reason = this.reason().trim();
    if (!this.pending || this.pending.choice !== choice || this.pending.reason !== reason) {
      this.pending = { choice, reason, key: newClientKey() };
    }
    this.send();
  }

  send(): void {
    const p = this.pending;
    if (!p) return;
    const seat = this.seat();
    this.inFlight.set(true);
    this.retry.set(null);
    this.announce.emit(`Envoi de votre vote ${seat.label}…`);
    this.api
      .cast(this.sittingId(), this.itemId(), {
        choice: p.choice,
        capacity: seat.capacity,
        reason: p.reason || undefined,
        clientKey: p.key,
      })
      .subscribe({
        next: (d) => {
          this.pending = null;
          this.inFlight.set(false);
          this.announce.emit(
            `Votre vote « ${BALLOT_CHOICE_LABELS[p.choice]} » ${seat.label} ${this.subject()} est enregistré.`,
          );
          this.changed.emit(d);
        },
        error: (err: unknown) => {
          this.inFlight.set(false);
          const message = toApiError(err).message;
          if (isTransient(err)) {
            // Same key on retry: the server records the vote once even if the first try got through.
            this.retry.set(`Le vote n'a pas pu être confirmé : ${message}`);
            this.announce.emit("Le vote n'a pas pu être confirmé : renvoyez-le.");
          } else {
            this.pending = null;
            this.failed.emit(message);
            this.announce.emit(message);
          }
        },
      });
  }
}
