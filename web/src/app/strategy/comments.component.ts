import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { isRole, ROLE_LABELS, type StrategyCommentDto, type StrategyCommentViewDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { LongInstantPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { StrategyApi } from './strategy.api';

/** What a comment is about: "RECOMMENDATION:4", "ACTION:<key>" or "GENERAL:". */
export interface CommentTarget {
  value: string;
  label: string;
}

export function targetValue(c: Pick<StrategyCommentViewDto, 'targetType' | 'targetKey'>): string {
  return `${c.targetType}:${c.targetKey ?? ''}`;
}

export function toCommentDto(target: string, body: string): StrategyCommentDto {
  const [type, ...rest] = target.split(':');
  const key = rest.join(':');
  return type === 'GENERAL'
    ? { targetType: 'GENERAL', body }
    : { targetType: type as 'RECOMMENDATION' | 'ACTION', targetKey: key, body };
}

/**
 * STRAT-1: comments of members and associations on a recommendation or one of its actions.
 * Shows the comments it is given and, when the user may comment, a form to add one.
 */
@Component({
  selector: 'cdlp-strategy-comments',
  imports: [ReactiveFormsModule, AlertComponent, InputFieldComponent, SelectFieldComponent, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" [attr.aria-labelledby]="fieldId() + '-titre'">
      <h2 class="fr-h4" [id]="fieldId() + '-titre'">{{ heading() }} ({{ shown().length }})</h2>
      @if (shown().length === 0) {
        <p class="cdlp-empty">Aucun commentaire pour l'instant.</p>
      } @else {
        <ul class="cdlp-comments">
          @for (c of shown(); track c.id) {
            <li class="cdlp-comment">
              <p class="fr-text--sm fr-mb-1w">
                <strong>{{ c.authorName }}</strong> ({{ role(c) }}) - {{ c.createdAt | longInstant }} -
                version {{ c.version }}
                <br />
                <span class="fr-hint-text">Sur : {{ targetLabel(c) }}</span>
              </p>
              <p class="cdlp-prewrap fr-mb-0">{{ c.body }}</p>
            </li>
          }
        </ul>
      }
      @if (canComment()) {
        <cdlp-alert kind="success" [text]="success()" />
        <cdlp-alert kind="error" [text]="error()" />
        <form (submit)="$event.preventDefault(); submit()" novalidate class="fr-mt-3w">
          <h3 class="fr-h6">Ajouter un commentaire</h3>
          @if (targets().length > 1) {
            <cdlp-select
              [fieldId]="fieldId() + '-cible'"
              label="Le commentaire porte sur"
              [placeholder]="null"
              [options]="targetOptions()"
              [control]="target"
            />
          }
          <cdlp-input
            [fieldId]="fieldId() + '-texte'"
            label="Votre commentaire"
            hint="Il est visible du secrétariat et des autres participants (4 000 caractères au plus)."
            [multiline]="true"
            [rows]="4"
            [control]="body"
            [serverError]="fieldErrors()['body']"
            [submitted]="submitted()"
          />
          <button type="submit" class="fr-btn fr-icon-edit-line fr-btn--icon-left" [disabled]="pending()">
            Publier le commentaire
          </button>
        </form>
      }
    </section>
  `,
})
export class StrategyCommentsComponent {
  private readonly api = inject(StrategyApi);
  readonly strategyId = input.required<string>();
  readonly comments = input.required<StrategyCommentViewDto[]>();
  /** The targets of this panel: the comments shown are those on them; the first is the default. */
  readonly targets = input.required<CommentTarget[]>();
  readonly canComment = input(false);
  readonly heading = input('Commentaires');
  readonly fieldId = input('commentaire');
  readonly changed = output<StrategyCommentViewDto[]>();

  readonly target = new FormControl('', { nonNullable: true });
  readonly body = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(4000)],
  });
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly error = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});

  readonly targetOptions = computed<Option[]>(() =>
    this.targets().map((t) => ({ value: t.value, label: t.label })),
  );
  readonly shown = computed(() => {
    const wanted = new Set(this.targets().map((t) => t.value));
    return this.comments().filter((c) => wanted.has(targetValue(c)));
  });

  constructor() {
    effect(() => {
      const targets = this.targets();
      if (!targets.some((t) => t.value === this.target.value)) this.target.setValue(targets[0]?.value ?? '');
    });
  }

  role(c: StrategyCommentViewDto): string {
    return isRole(c.authorRole) ? ROLE_LABELS[c.authorRole] : c.authorRole;
  }

  targetLabel(c: StrategyCommentViewDto): string {
    return this.targets().find((t) => t.value === targetValue(c))?.label ?? 'la stratégie';
  }

  submit(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.success.set(null);
    this.fieldErrors.set({});
    this.body.markAsTouched();
    if (this.body.invalid || !this.body.value.trim()) {
      if (!this.body.value.trim()) this.body.setErrors({ required: true });
      document.getElementById(`${this.fieldId()}-texte`)?.focus();
      return;
    }
    const target = this.target.value || this.targets()[0]?.value || 'GENERAL:';
    this.pending.set(true);
    this.api.comment(this.strategyId(), toCommentDto(target, this.body.value.trim())).subscribe({
      next: (list) => {
        this.pending.set(false);
        this.submitted.set(false);
        this.body.reset('');
        this.success.set('Votre commentaire est publié.');
        this.changed.emit(list);
      },
      error: (err: unknown) => {
        this.pending.set(false);
        const e = toApiError(err);
        this.error.set(e.message);
        this.fieldErrors.set(e.fieldErrors);
      },
    });
  }
}
