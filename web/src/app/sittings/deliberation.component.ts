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
  ABSTENTION_RULE_LABELS,
  type DeliberationDto,
  type ItemVotingDto,
  type SittingDto,
} from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe, LongInstantPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent, validateAndFocus } from '../ui/form-fields';
import { itemHeading } from './agenda-items';
import { DeliberationApi } from './deliberation.api';
import { ItemVoteComponent } from './item-vote.component';

/** The votes of a sitting, item by item, and for a written deliberation its window and comments (REM-3). */
@Component({
  selector: 'cdlp-deliberation',
  imports: [
    ReactiveFormsModule,
    AlertComponent,
    InstantPipe,
    LongInstantPipe,
    InputFieldComponent,
    SelectFieldComponent,
    ItemVoteComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = sitting();
    @let d = deliberation();
    <section aria-labelledby="votes-titre" class="fr-mb-4w">
      <h2 id="votes-titre">Délibération et votes</h2>
      @if (d.chairName) {
        <p>
          Présidence de la séance : {{ d.chairName
          }}{{ d.chairDelegation ? ' (' + d.chairDelegation + ')' : '' }}.
        </p>
      }
      <p class="fr-text--sm">
        Les avis sont adoptés à la majorité des membres présents ou représentés ; en cas de partage égal des
        voix, la voix de la présidence est prépondérante (VOTE-1). Règle des abstentions : {{ ruleLabel() }}.
      </p>
      @if (s.mode === 'WRITTEN') {
        <div class="cdlp-highlight fr-mb-3w">
          <h3 class="fr-h6 fr-mb-1w">Délibération électronique écrite (REM-3)</h3>
          <p class="fr-mb-0">
            Ouverture : {{ s.opensAt | longInstant }}. Clôture au plus tôt :
            {{ s.earliestCloseAt | longInstant }}. Les votes sont ouverts pendant toute la délibération ; les
            commentaires sont partagés avec tous les participants.
          </p>
        </div>
      }
      @for (entry of entries(); track entry.item.id) {
        <cdlp-item-vote
          [sitting]="s"
          [item]="entry.item"
          [voting]="entry.voting"
          [position]="$index + 1"
          [canChair]="canChair()"
          [canManage]="canManage()"
          (changed)="changed.emit($event)"
        />
      } @empty {
        <p class="cdlp-empty">Aucun point à mettre au vote.</p>
      }

      @if (s.mode === 'WRITTEN' || d.comments.length > 0) {
        <section aria-labelledby="echanges-titre" class="fr-mt-4w">
          <h3 id="echanges-titre" class="fr-h5">Échanges entre les participants</h3>
          @if (d.comments.length === 0) {
            <p class="cdlp-empty">Aucun commentaire pour le moment.</p>
          } @else {
            <ol class="cdlp-comments" aria-label="Commentaires">
              @for (c of d.comments; track c.id) {
                <li class="cdlp-comment">
                  <p class="fr-text--sm fr-mb-1v">
                    <strong>{{ c.authorName }}</strong
                    >, le {{ c.createdAt | instant }}
                    @if (c.itemId) {
                      - {{ itemTitle(c.itemId) }}
                    }
                  </p>
                  <p class="cdlp-prewrap fr-mb-0">{{ c.body }}</p>
                </li>
              }
            </ol>
          }
          @if (s.state === 'OPEN') {
            <form [formGroup]="form" (ngSubmit)="comment()" novalidate class="fr-mt-2w">
              <cdlp-select
                fieldId="commentItem"
                label="Point concerné"
                placeholder="Toute la délibération"
                [optional]="true"
                [options]="itemOptions()"
                [control]="form.controls.itemId"
              />
              <cdlp-input
                fieldId="commentBody"
                label="Votre commentaire"
                [multiline]="true"
                [rows]="3"
                [control]="form.controls.body"
                [serverError]="fieldErrors()['body']"
                [submitted]="submitted()"
              />
              <cdlp-alert kind="error" [text]="error()" />
              <button type="submit" class="fr-btn fr-btn--sm" [disabled]="busy()">
                Publier le commentaire
              </button>
            </form>
          }
        </section>
      }
    </section>
  `,
})
export class DeliberationComponent {
  private readonly api = inject(DeliberationApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly sitting = input.required<SittingDto>();
  readonly deliberation = input.required<DeliberationDto>();
  readonly canChair = input(false);
  readonly canManage = input(false);
  readonly changed = output<DeliberationDto>();

  readonly busy = signal(false);
  readonly submitted = signal(false);
  readonly error = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly form = new FormGroup({
    itemId: new FormControl('', { nonNullable: true }),
    body: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(4000)],
    }),
  });

  readonly ruleLabel = computed(() => ABSTENTION_RULE_LABELS[this.deliberation().abstentionRule]);
  readonly entries = computed(() => {
    const votes = new Map(this.deliberation().items.map((v) => [v.itemId, v] as const));
    return this.sitting()
      .agenda.filter((i) => !i.removed && votes.has(i.id))
      .sort((a, b) => a.position - b.position)
      .map((item) => ({ item, voting: votes.get(item.id) as ItemVotingDto }));
  });
  readonly itemOptions = computed<Option[]>(() =>
    this.entries().map((e, i) => ({ value: e.item.id, label: `Point ${i + 1} : ${itemHeading(e.item)}` })),
  );

  itemTitle(itemId: string): string {
    const item = this.sitting().agenda.find((i) => i.id === itemId);
    return item ? itemHeading(item) : '';
  }

  comment(): void {
    this.submitted.set(true);
    this.error.set(null);
    if (!validateAndFocus(this.form, this.host.nativeElement, this.injector)) return;
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.api.comment(this.sitting().id, v.body.trim(), v.itemId || null).subscribe({
      next: (d) => {
        this.busy.set(false);
        this.submitted.set(false);
        this.form.reset();
        this.changed.emit(d);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const apiError = toApiError(err);
        this.error.set(apiError.message);
        this.fieldErrors.set(apiError.fieldErrors);
      },
    });
  }
}
