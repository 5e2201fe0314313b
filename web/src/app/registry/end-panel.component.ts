import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { parisDate, type EndMandateDto } from '@cdlp/shared';
import type { Observable } from 'rxjs';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { FormActionsComponent } from '../ui/form-page.component';

/**
 * The panel that ends a member's mandate or an association's approval: a date (today by default)
 * and a reason, sent by `action`; `done` gives the updated record. The page opens and closes it.
 */
@Component({
  selector: 'cdlp-end-panel',
  imports: [FORM_FIELDS, AlertComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section [id]="panelId()" class="cdlp-panel" [attr.aria-labelledby]="panelId() + '-titre'">
      <h2 [id]="panelId() + '-titre'" class="fr-h4">{{ title() }}</h2>
      <p>{{ intro() }}</p>
      <cdlp-alert kind="error" [text]="state.error()" />
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
        <cdlp-input fieldId="endDate" [label]="dateLabel()" type="date" [control]="form.controls.endDate" />
        <cdlp-input
          fieldId="reason"
          label="Motif"
          [hint]="reasonHint()"
          [multiline]="true"
          [control]="form.controls.reason"
        />
        <cdlp-form-actions
          [submitLabel]="submitLabel()"
          [pending]="state.pending()"
          spacing=""
          (cancel)="cancel.emit()"
        />
      </form>
    </section>
  `,
})
export class EndPanelComponent<T> {
  readonly panelId = input.required<string>();
  readonly title = input.required<string>();
  readonly intro = input.required<string>();
  readonly dateLabel = input.required<string>();
  readonly reasonHint = input.required<string>();
  readonly submitLabel = input.required<string>();
  readonly action = input.required<(body: EndMandateDto) => Observable<T>>();
  readonly done = output<T>();
  readonly cancel = output<void>();

  readonly state = createFormState();
  readonly form = new FormGroup({
    endDate: new FormControl(parisDate(new Date()), { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(500)],
    }),
  });

  submit(): void {
    if (!this.state.begin(this.form)) return;
    const { endDate, reason } = this.form.getRawValue();
    this.state.send(this.action()({ endDate, reason: reason.trim() }), (updated) => this.done.emit(updated));
  }
}
