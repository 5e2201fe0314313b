import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

let nextId = 0;

/**
 * A progress indicator for long actions (sending convocations, generating and signing the
 * minutes, uploading documents): a labelled native `<progress>` in the DSFR colours, and a
 * polite live text that screen readers announce as it changes. Without `value` it is
 * indeterminate (the server works and cannot tell how far it is).
 */
@Component({
  selector: 'cdlp-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .cdlp-progress progress {
      display: block;
      width: 100%;
      height: 0.75rem;
      accent-color: var(--background-action-high-blue-france);
    }
  `,
  template: `
    <div class="cdlp-progress fr-mb-2w">
      <p class="fr-mb-1v fr-text--bold" [id]="labelId">{{ label() }}</p>
      <progress
        [attr.aria-labelledby]="labelId"
        [attr.aria-describedby]="textId"
        [attr.value]="clamped()"
        [attr.max]="value() === null ? null : max()"
      >
        {{ percent() === null ? '' : percent() + ' %' }}
      </progress>
      <p class="fr-text--sm fr-mb-0 fr-mt-1v" [id]="textId" role="status" aria-live="polite">{{ text() }}</p>
    </div>
  `,
})
export class ProgressComponent {
  readonly label = input.required<string>();
  /** What has been done; null while indeterminate. */
  readonly value = input<number | null>(null);
  readonly max = input(100);
  /** The live text, e.g. "12 convocations envoyées sur 40". */
  readonly text = input('');

  private readonly id = ++nextId;
  readonly labelId = `progression-${this.id}-titre`;
  readonly textId = `progression-${this.id}-texte`;

  readonly clamped = computed(() => {
    const v = this.value();
    return v === null ? null : Math.max(0, Math.min(v, this.max()));
  });
  readonly percent = computed(() => progressPercent(this.value(), this.max()));
}

/** The whole percentage done, or null when indeterminate (or nothing to do). */
export function progressPercent(value: number | null, max: number): number | null {
  if (value === null || max <= 0) return null;
  return Math.round((Math.max(0, Math.min(value, max)) / max) * 100);
}
