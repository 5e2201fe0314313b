import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import {
  OPINION_LABELS,
  VOTE_STATE_LABELS,
  type AgendaItemDto,
  type DeliberationDto,
  type ItemVotingDto,
  type SittingDto,
  type VotingSeatDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { ReasonFormComponent } from '../ui/reason-form.component';
import { itemHeading } from './agenda-items';
import { DeliberationApi } from './deliberation.api';
import { SeatBallotComponent, seatKey } from './seat-ballot.component';

/** What the vote is about, for the button names: "pour le dossier PSP-86-2026-0007". */
export function subjectOf(item: AgendaItemDto): string {
  return item.kind === 'PSP_REQUEST'
    ? `pour le dossier ${item.reference ?? item.title}`
    : `pour le point « ${item.title} »`;
}

/**
 * The vote on one agenda item (VOTE-1): opening and closing by the chair, one block per seat the
 * member votes for (own seat, mandate), with an idempotent client key reused on retry; who has
 * voted (never what); declarations of interest (COI-1); the result and dissents (PV-1).
 */
@Component({
  selector: 'cdlp-item-vote',
  imports: [AlertComponent, ReasonFormComponent, SeatBallotComponent],
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
          <cdlp-seat-ballot
            [sittingId]="sitting().id"
            [itemId]="it.id"
            [seat]="seat"
            [index]="$index"
            [subject]="subject()"
            (announce)="announcement.set($event)"
            (failed)="error.set($event)"
            (changed)="changed.emit($event)"
          />
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

      <cdlp-alert kind="error" [text]="error()" />
      <cdlp-alert kind="success" [text]="success()" />

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
          <cdlp-reason-form
            [formId]="'interet-' + it.id"
            formClass="fr-mt-1w"
            [fieldId]="'motif-interet-' + it.id"
            label="Motif du conflit d'intérêts"
            [rows]="2"
            submitLabel="Confirmer la déclaration d'intérêt"
            [small]="true"
            [busy]="busy()"
            [action]="declare"
            (done)="declared($event)"
          >
            <p class="fr-text--sm">
              Un membre ayant un intérêt personnel ne prend part ni à la discussion ni au vote ; un vote déjà
              exprimé est retiré (COI-1).
            </p>
          </cdlp-reason-form>
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
          <cdlp-reason-form
            [formId]="'divergence-' + it.id"
            formClass="fr-mt-1w"
            [fieldId]="'texte-divergence-' + it.id"
            label="Ma position, à consigner au procès-verbal"
            [maxLength]="2000"
            submitLabel="Consigner ma position"
            [small]="true"
            [busy]="busy()"
            [action]="dissent"
            (done)="dissented($event)"
          />
        }
      }
    </article>
  `,
})
export class ItemVoteComponent {
  private readonly api = inject(DeliberationApi);

  readonly sitting = input.required<SittingDto>();
  readonly item = input.required<AgendaItemDto>();
  readonly voting = input.required<ItemVotingDto>();
  readonly position = input.required<number>();
  readonly canChair = input(false);
  readonly canManage = input(false);
  readonly changed = output<DeliberationDto>();

  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly announcement = signal('');
  readonly interestOpen = signal(false);
  readonly dissentOpen = signal(false);

  readonly heading = computed(() => itemHeading(this.item()));
  readonly subject = computed(() => subjectOf(this.item()));
  readonly sittingState = computed(() => this.sitting().state);
  readonly mode = computed(() => this.sitting().mode);
  readonly stateLabel = computed(() => VOTE_STATE_LABELS[this.voting().voteState]);
  /** Convened as a member (own row in the sitting), or sitting as the suppléant of one (MEMB-1). */
  readonly isMember = computed(() => {
    const s = this.sitting();
    return (
      !!s.myMemberId && s.members.some((m) => m.memberId === s.myMemberId || m.substituteId === s.myMemberId)
    );
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
  readonly declare = (reason: string) => this.api.declareInterest(this.sitting().id, this.item().id, reason);
  readonly dissent = (text: string) => this.api.dissent(this.sitting().id, this.item().id, text);

  key(seat: VotingSeatDto): string {
    return seatKey(seat);
  }
  opinionLabel(opinion: 'FAVOURABLE' | 'UNFAVOURABLE'): string {
    return OPINION_LABELS[opinion];
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

  declared(d: DeliberationDto): void {
    this.interestOpen.set(false);
    this.done(
      d,
      "Votre déclaration d'intérêt est enregistrée : vous ne prenez pas part au vote sur ce point.",
    );
  }

  dissented(d: DeliberationDto): void {
    this.dissentOpen.set(false);
    this.done(d, 'Votre position divergente sera consignée au procès-verbal.');
  }

  private done(d: DeliberationDto, message: string): void {
    this.error.set(null);
    this.success.set(message);
    this.changed.emit(d);
  }

  private run(call: Observable<DeliberationDto>, message: string): void {
    this.busy.set(true);
    this.error.set(null);
    this.success.set(null);
    call.subscribe({
      next: (d) => {
        this.busy.set(false);
        this.done(d, message);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
