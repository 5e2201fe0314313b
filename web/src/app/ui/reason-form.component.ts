import { ChangeDetectionStrategy, Component, computed, input, OnInit, output } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { Observable } from 'rxjs';
import { AlertComponent } from './alert.component';
import { createFormState, FORM_FIELDS } from './form-fields';

/**
 * A form asking for one required reason (withdrawing an item, declaring an interest, a dissent…):
 * the projected explanation, the field, then the submit button (and "Annuler" when `cancelable`).
 * `action` sends the reason; `done` gives its answer, after which the form is emptied.
 */
@Component({
  selector: 'cdlp-reason-form',
  imports: [FORM_FIELDS, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      [id]="formId()"
      [class]="formClass()"
      [formGroup]="form"
      [cdlpForm]="state"
      (ngSubmit)="submit()"
      novalidate
    >
      <ng-content />
      <cdlp-alert kind="error" [text]="state.error()" />
      <cdlp-input
        [fieldId]="fieldId()"
        [label]="label()"
        [hint]="hint()"
        [multiline]="rows() > 1"
        [rows]="rows()"
        [control]="form.controls.reason"
      />
      @if (cancelable()) {
        <ul class="fr-btns-group fr-btns-group--inline" [class.fr-btns-group--sm]="small()">
          <li>
            <button type="submit" [class]="buttonClass()" [disabled]="state.pending() || busy()">
              {{ submitLabel() }}
            </button>
          </li>
          <li>
            <button type="button" [class]="buttonClass() + ' fr-btn--secondary'" (click)="cancel.emit()">
              Annuler
            </button>
          </li>
        </ul>
      } @else {
        <button type="submit" [class]="buttonClass()" [disabled]="state.pending() || busy()">
          {{ submitLabel() }}
        </button>
      }
    </form>
  `,
})
export class ReasonFormComponent<T> implements OnInit {
  readonly formId = input<string | null>(null);
  readonly formClass = input('');
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  /** 1: a one-line field. */
  readonly rows = input(3);
  readonly maxLength = input(1000);
  readonly submitLabel = input.required<string>();
  readonly small = input(false);
  readonly cancelable = input(false);
  /** Another action of the page is running. */
  readonly busy = input(false);
  readonly action = input.required<(reason: string) => Observable<T>>();
  readonly done = output<T>();
  readonly cancel = output<void>();

  readonly state = createFormState();
  readonly form = new FormGroup({ reason: new FormControl('', { nonNullable: true }) });
  readonly buttonClass = computed(() => (this.small() ? 'fr-btn fr-btn--sm' : 'fr-btn'));

  ngOnInit(): void {
    this.form.controls.reason.setValidators([Validators.required, Validators.maxLength(this.maxLength())]);
  }

  submit(): void {
    if (!this.state.begin(this.form)) return;
    this.state.send(this.action()(this.form.controls.reason.value.trim()), (value) => {
      this.form.reset();
      this.state.submitted.set(false);
      this.done.emit(value);
    });
  }
}
