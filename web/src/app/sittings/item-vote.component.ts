import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  BALLOT_CHOICE_LABELS,
  OPINION_LABELS,
  VOTE_STATE_LABELS,
  type AgendaItemDto,
  type BallotChoice,
  type DeliberationDto,
  type ItemVotingDto,
  type SittingDto,
  type VotingSeatDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
import { isTransient, toApiError } from '../core/api-error';
import { newClientKey } from '../core/client-key';
import { AlertComponent } from '../ui/alert.component';
import { InputFieldComponent, validateAndFocus } from '../ui/form-fields';
import { itemHeading } from './agenda.component';
import { DeliberationApi } from './deliberation.api';

export const CHOICES: readonly BallotChoice[] = ['FAVOURABLE', 'UNFAVOURABLE', 'ABSTENTION'];

/** What the vote is about, for the button names: "pour le dossier PSP-86-2026-0007". */
export function subjectOf(item: AgendaItemDto): string {
  return item.kind === 'PSP_REQUEST'
    ? `pour le dossier ${item.reference ?? item.title}`
    : `pour le point « ${item.title} »`;
}

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
 * The vote on one agenda item (VOTE-1): opening and closing by the chair, one block per seat the
 * member votes for (own seat, mandate), with an idempotent client key reused on retry; who has
 * voted (never what); declarations of interest (COI-1); the result and dissents (PV-1).
 */
@Component({
  selector: 'cdlp-item-vote',
  imports: [ReactiveFormsModule, AlertComponent, InputFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = voting();
    @let it = item();
    <article
      class="cdlp-panel cdlp-vote"
      [id]="'vote-' + it.id"
      [attr.aria-labelledby]="'vote-titre-' + it.id"
    >
      <h3 class="fr-h5" [id]="'vote-titre-' + it.id">Point {{ position() }} : {{ heading() }}</h3>
      <ul class="cdlp-badges fr-mb-1w">
        <li>
          <p
            class="fr-badge fr-badge--sm"
            [class.fr-badge--success]="v.voteState === 'OPEN'"
            [class.fr-badge--no-icon]="v.voteState !== 'OPEN'"
          >
            {{ stateLabel() }}
          </p>
        </li>
        @if (v.result?.opinion; as opinion) {
          <li>
            <p class="fr-badge fr-badge--sm fr-badge--info">{{ opinionLabel(opinion) }}</p>
          </li>
        }
      </ul>

      @if (v.voteState !== 'NOT_OPENED' && v.voters !== null) {
        <p class="fr-mb-1w">
          <strong>{{ v.votedCount }} vote{{ v.votedCount > 1 ? 's' : '' }} sur {{ v.eligibleCount }}</strong>
          @if (v.voters.length > 0) {
            - ont voté : {{ votersText() }}
          }
        </p>
      }
      @if (v.notVoted && v.notVoted.length > 0) {
        <p class="fr-text--sm fr-mb-1w">N'ont pas encore voté : {{ notVotedText() }}</p>
      }

      @if (canChair() && mode() !== 'WRITTEN' && sittingState() === 'OPEN') {
        <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          @if (v.voteState === 'NOT_OPENED') {
            <li>
              <button type="button" class="fr-btn fr-btn--sm" [disabled]="busy()" (click)="openVote()">
                Ouvrir le vote<span class="fr-sr-only"> {{ subject() }}</span>
              </button>
            </li>
          } @else if (v.voteState === 'OPEN') {
            <li>
              <button
                type="button"
                class="fr-btn fr-btn--sm fr-btn--secondary"
                [disabled]="busy()"
                (click)="closeVote()"
              >
                Clore le vote<span class="fr-sr-only"> {{ subject() }}</span>
              </button>
            </li>
          }
        </ul>
      }
      @if (canManage() && v.voteState === 'OPEN') {
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-mail-send-line fr-btn--icon-left fr-mb-1w"
          [disabled]="busy()"
          (click)="remind()"
        >
          Relancer les membres qui n'ont pas voté<span class="fr-sr-only"> {{ subject() }}</span>
        </button>
      }

      @if (v.iAmRecused) {
        <p class="fr-text--sm">
          <strong>Vous avez déclaré un intérêt sur ce point</strong> : vous ne prenez part ni à sa discussion
          ni au vote (COI-1).
        </p>
      } @else if (v.voteState === 'OPEN' && v.mySeats.length > 0) {
        @for (seat of v.mySeats; track key(seat)) {
          <fieldset class="fr-fieldset cdlp-seat" [attr.aria-labelledby]="'siege-' + it.id + '-' + $index">
            <legend class="fr-fieldset__legend fr-text--md" [id]="'siege-' + it.id + '-' + $index">
              Vote {{ seat.label }}{{ seat.capacity === 'PROXY' ? ' (mandat)' : '' }}
            </legend>
            @if (seat.blockedReason) {
              <p class="fr-text--sm">{{ seat.blockedReason }}</p>
            } @else {
              <div class="fr-fieldset__element">
                <div class="fr-input-group">
                  <label class="fr-label" [for]="'motif-' + it.id + '-' + $index">
                    Motif de votre vote {{ seat.label }} (facultatif)
                  </label>
                  <textarea
                    class="fr-input"
                    rows="2"
                    [id]="'motif-' + it.id + '-' + $index"
                    [value]="reasonOf(seat)"
                    (input)="setReason(seat, $event)"
                  ></textarea>
                </div>
              </div>
              <div class="fr-fieldset__element">
                <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm cdlp-vote__choices">
                  @for (choice of choices; track choice) {
                    <li>
                      <button
                        type="button"
                        class="fr-btn fr-btn--sm"
                        [class.fr-btn--secondary]="seat.choice !== choice"
                        [attr.aria-pressed]="seat.choice === choice"
                        [disabled]="inFlight()[key(seat)]"
                        (click)="cast(seat, choice)"
                      >
                        {{ verb(choice) }}<span class="fr-sr-only"> {{ subject() }} {{ seat.label }}</span>
                      </button>
                    </li>
                  }
                </ul>
              </div>
              <p class="fr-text--sm fr-mb-0">
                @if (seat.choice) {
                  Vote enregistré {{ seat.label }} : <strong>{{ choiceLabel(seat.choice) }}</strong
                  >. Vous pouvez le modifier tant que le vote est ouvert.
                } @else {
                  Pas encore de vote {{ seat.label }}.
                }
              </p>
              @if (retry()[key(seat)]; as message) {
                <div class="fr-alert fr-alert--error fr-alert--sm fr-mt-1w" role="alert">
                  <p>{{ message }}</p>
                  <button
                    type="button"
                    class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w"
                    (click)="retryCast(seat)"
                  >
                    Renvoyer le vote<span class="fr-sr-only"> {{ seat.label }}</span>
                  </button>
                </div>
              }
            }
          </fieldset>
        }
      } @else if (v.voteState === 'OPEN' && isMember()) {
        <p class="fr-text--sm">
          Vous ne votez pas sur ce point (absent(e), suppléé(e), mandat donné ou exclusion COMP-3).
        </p>
      }
      <p class="fr-sr-only" aria-live="polite" [id]="'annonce-' + it.id">{{ announcement() }}</p>

      @if (v.result; as r) {
        <div class="cdlp-highlight fr-mb-2w">
          <p class="fr-mb-1w" [id]="'resultat-' + it.id">{{ r.text }}</p>
          @if (r.participation; as p) {
            <p class="fr-text--sm fr-mb-0">
              Participation : {{ p.took }} sur {{ p.base }} ({{ p.required }} requis, REM-2).
            </p>
          }
        </div>
      }

      @if (v.recusals.length > 0) {
        <p class="fr-text--sm fr-mb-1w"><strong>Déports (COI-1) :</strong></p>
        <ul class="fr-text--sm">
          @for (r of v.recusals; track r.memberId) {
            <li>{{ r.name }} - {{ r.reason }}{{ r.automatic ? ' (automatique)' : '' }}</li>
          }
        </ul>
      }
      @if (v.dissents.length > 0) {
        <p class="fr-text--sm fr-mb-1w"><strong>Positions divergentes consignées (PV-1) :</strong></p>
        <ul class="fr-text--sm">
          @for (d of v.dissents; track d.memberId) {
            <li>{{ d.name }} : {{ d.text }}</li>
          }
        </ul>
      }

      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
      @if (success(); as message) {
        <cdlp-alert kind="success">{{ message }}</cdlp-alert>
      }

      @if (canDeclare()) {
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary"
          [attr.aria-expanded]="interestOpen()"
          [attr.aria-controls]="'interet-' + it.id"
          (click)="interestOpen.set(!interestOpen())"
        >
          Déclarer un intérêt<span class="fr-sr-only"> {{ subject() }}</span>
        </button>
        @if (interestOpen()) {
          <form
            [id]="'interet-' + it.id"
            class="fr-mt-1w"
            [formGroup]="interestForm"
            (ngSubmit)="declare()"
            novalidate
          >
            <p class="fr-text--sm">
              Un membre ayant un intérêt personnel ne prend part ni à la discussion ni au vote ; un vote déjà
              exprimé est retiré (COI-1).
            </p>
            <cdlp-input
              [fieldId]="'motif-interet-' + it.id"
              label="Motif du conflit d'intérêts"
              [multiline]="true"
              [rows]="2"
              [control]="interestForm.controls.reason"
              [submitted]="interestSubmitted()"
            />
            <button type="submit" class="fr-btn fr-btn--sm" [disabled]="busy()">
              Confirmer la déclaration d'intérêt
            </button>
          </form>
        }
      }

      @if (canDissent()) {
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w"
          [attr.aria-expanded]="dissentOpen()"
          [attr.aria-controls]="'divergence-' + it.id"
          (click)="dissentOpen.set(!dissentOpen())"
        >
          Faire consigner ma position divergente<span class="fr-sr-only"> {{ subject() }}</span>
        </button>
        @if (dissentOpen()) {
          <form
            [id]="'divergence-' + it.id"
            class="fr-mt-1w"
            [formGroup]="dissentForm"
            (ngSubmit)="recordDissent()"
            novalidate
          >
            <cdlp-input
              [fieldId]="'texte-divergence-' + it.id"
              label="Ma position, à consigner au procès-verbal"
              [multiline]="true"
              [rows]="3"
              [control]="dissentForm.controls.text"
              [submitted]="dissentSubmitted()"
            />
            <button type="submit" class="fr-btn fr-btn--sm" [disabled]="busy()">Consigner ma position</button>
          </form>
        }
      }
    </article>
  `,
})
export class ItemVoteComponent {
  private readonly api = inject(DeliberationApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly sitting = input.required<SittingDto>();
  readonly item = input.required<AgendaItemDto>();
  readonly voting = input.required<ItemVotingDto>();
  readonly position = input.required<number>();
  readonly canChair = input(false);
  readonly canManage = input(false);
  readonly changed = output<DeliberationDto>();

  readonly choices = CHOICES;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly announcement = signal('');
  readonly reasons = signal<Record<string, string>>({});
  readonly inFlight = signal<Record<string, boolean>>({});
  readonly retry = signal<Record<string, string>>({});
  readonly interestOpen = signal(false);
  readonly interestSubmitted = signal(false);
  readonly dissentOpen = signal(false);
  readonly dissentSubmitted = signal(false);
  private readonly pending = new Map<string, PendingCast>();

  readonly interestForm = new FormGroup({
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(1000)],
    }),
  });
  readonly dissentForm = new FormGroup({
    text: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(2000)],
    }),
  });

  readonly heading = computed(() => itemHeading(this.item()));
  readonly subject = computed(() => subjectOf(this.item()));
  readonly sittingState = computed(() => this.sitting().state);
  readonly mode = computed(() => this.sitting().mode);
  readonly stateLabel = computed(() => VOTE_STATE_LABELS[this.voting().voteState]);
  /** Convened as a member (own row in the sitting). */
  readonly isMember = computed(() => {
    const s = this.sitting();
    return !!s.myMemberId && s.members.some((m) => m.memberId === s.myMemberId);
  });
  readonly canDeclare = computed(
    () =>
      this.isMember() &&
      !this.voting().iAmRecused &&
      this.voting().voteState !== 'CLOSED' &&
      ['CONVENED', 'OPEN'].includes(this.sittingState()),
  );
  readonly canDissent = computed(
    () =>
      this.isMember() &&
      !this.voting().iAmRecused &&
      this.voting().voteState === 'CLOSED' &&
      ['OPEN', 'CLOSED'].includes(this.sittingState()),
  );
  readonly votersText = computed(() =>
    (this.voting().voters ?? [])
      .map((v) => (v.forName ? `${v.name} (pour ${v.forName})` : v.name))
      .join(', '),
  );
  readonly notVotedText = computed(() =>
    [...new Set((this.voting().notVoted ?? []).map((n) => n.name))].join(', '),
  );

  reasonOf(seat: VotingSeatDto): string {
    const typed = this.reasons()[seatKey(seat)] as string | undefined;
    return typed ?? seat.reason ?? '';
  }

  key(seat: VotingSeatDto): string {
    return seatKey(seat);
  }
  verb(choice: BallotChoice): string {
    return choiceVerb(choice);
  }
  choiceLabel(choice: BallotChoice): string {
    return BALLOT_CHOICE_LABELS[choice];
  }
  opinionLabel(opinion: 'FAVOURABLE' | 'UNFAVOURABLE'): string {
    return OPINION_LABELS[opinion];
  }

  setReason(seat: VotingSeatDto, event: Event): void {
    const value = (event.target as HTMLTextAreaElement).value;
    this.reasons.update((all) => ({ ...all, [seatKey(seat)]: value }));
  }

  /** A new intended vote gets a new key; the same vote sent again (retry) keeps its key. */
  cast(seat: VotingSeatDto, choice: BallotChoice): void {
    const k = seatKey(seat);
    const reason = this.reasonOf(seat).trim();
    let p = this.pending.get(k);
    if (!p || p.choice !== choice || p.reason !== reason) {
      p = { choice, reason, key: newClientKey() };
      this.pending.set(k, p);
    }
    this.send(seat, p);
  }

  retryCast(seat: VotingSeatDto): void {
    const p = this.pending.get(seatKey(seat));
    if (p) this.send(seat, p);
  }

  private send(seat: VotingSeatDto, p: PendingCast): void {
    const k = seatKey(seat);
    this.inFlight.update((all) => ({ ...all, [k]: true }));
    this.retry.update(({ [k]: _gone, ...rest }) => rest);
    this.error.set(null);
    this.announcement.set(`Envoi de votre vote ${seat.label}…`);
    this.api
      .cast(this.sitting().id, this.item().id, {
        choice: p.choice,
        capacity: seat.capacity,
        reason: p.reason || undefined,
        clientKey: p.key,
      })
      .subscribe({
        next: (d) => {
          this.pending.delete(k);
          this.inFlight.update(({ [k]: _done, ...rest }) => rest);
          this.announcement.set(
            `Votre vote « ${BALLOT_CHOICE_LABELS[p.choice]} » ${seat.label} ${this.subject()} est enregistré.`,
          );
          this.changed.emit(d);
        },
        error: (err: unknown) => {
          this.inFlight.update(({ [k]: _done, ...rest }) => rest);
          const message = toApiError(err).message;
          if (isTransient(err)) {
            // Same key on retry: the server records the vote once even if the first try got through.
            this.retry.update((all) => ({ ...all, [k]: `Le vote n'a pas pu être confirmé : ${message}` }));
            this.announcement.set("Le vote n'a pas pu être confirmé : renvoyez-le.");
          } else {
            this.pending.delete(k);
            this.error.set(message);
            this.announcement.set(message);
          }
        },
      });
  }

  openVote(): void {
    this.run(this.api.openVote(this.sitting().id, this.item().id), `Le vote ${this.subject()} est ouvert.`);
  }

  closeVote(): void {
    this.run(this.api.closeVote(this.sitting().id, this.item().id), `Le vote ${this.subject()} est clos.`);
  }

  remind(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.remind(this.sitting().id, this.item().id).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.success.set(
          r.reminded === 0
            ? 'Tous les membres ont voté : aucune relance envoyée.'
            : `${r.reminded} membre${r.reminded > 1 ? 's ont été relancés' : ' a été relancé'} par courriel.`,
        );
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }

  declare(): void {
    this.interestSubmitted.set(true);
    if (!validateAndFocus(this.interestForm, this.host.nativeElement, this.injector)) return;
    this.run(
      this.api.declareInterest(
        this.sitting().id,
        this.item().id,
        this.interestForm.getRawValue().reason.trim(),
      ),
      "Votre déclaration d'intérêt est enregistrée : vous ne prenez pas part au vote sur ce point.",
      () => {
        this.interestOpen.set(false);
        this.interestForm.reset();
        this.interestSubmitted.set(false);
      },
    );
  }

  recordDissent(): void {
    this.dissentSubmitted.set(true);
    if (!validateAndFocus(this.dissentForm, this.host.nativeElement, this.injector)) return;
    this.run(
      this.api.dissent(this.sitting().id, this.item().id, this.dissentForm.getRawValue().text.trim()),
      'Votre position divergente sera consignée au procès-verbal.',
      () => {
        this.dissentOpen.set(false);
        this.dissentForm.reset();
        this.dissentSubmitted.set(false);
      },
    );
  }

  private run(call: Observable<DeliberationDto>, message: string, done?: () => void): void {
    this.busy.set(true);
    this.error.set(null);
    this.success.set(null);
    call.subscribe({
      next: (d) => {
        this.busy.set(false);
        done?.();
        this.success.set(message);
        this.changed.emit(d);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
