import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { PspRequestDto } from '@cdlp/shared';
import { AlertComponent } from '../ui/alert.component';
import { DayOfPipe } from '../ui/dates';
import { createFormState, FORM_FIELDS, Option } from '../ui/form-fields';
import { PspRequestsApi } from './psp.api';

/** PSP-3: without a proof of nationality, the secretariat may accept several concordant documents. */
@Component({
  selector: 'cdlp-nationality-waiver',
  imports: [FORM_FIELDS, AlertComponent, DayOfPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" aria-labelledby="concordants-titre">
      <h2 id="concordants-titre" class="fr-h4">Plusieurs documents concordants (PSP-3)</h2>
      <p>
        À défaut de justificatif de nationalité, le secrétariat peut accepter plusieurs documents concordants.
        La décision et son motif sont enregistrés.
      </p>
      @if (request().nationalityWaiver; as w) {
        <p>
          Décision actuelle :
          <strong>{{
            w.accepted ? 'documents concordants acceptés' : 'documents concordants refusés'
          }}</strong>
          le {{ w.decidedAt | dayOf }} - motif : {{ w.reason }}
        </p>
      }
      <cdlp-alert kind="error" [text]="state.error()" />
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="decide()" novalidate>
        <cdlp-radios
          fieldId="waiverAccepted"
          label="Décision"
          [options]="options"
          [control]="form.controls.accepted"
        />
        <cdlp-input
          fieldId="waiverReason"
          label="Motif de la décision"
          hint="Par exemple : acte de naissance et attestation consulaire concordants."
          [multiline]="true"
          [control]="form.controls.reason"
        />
        <button type="submit" class="fr-btn fr-btn--secondary" [disabled]="state.pending()">
          Enregistrer la décision
        </button>
      </form>
    </section>
  `,
})
export class NationalityWaiverComponent {
  private readonly api = inject(PspRequestsApi);
  readonly request = input.required<PspRequestDto>();
  readonly decided = output<PspRequestDto>();

  readonly state = createFormState();
  readonly options: Option[] = [
    { value: 'true', label: 'Accepter les documents concordants' },
    { value: 'false', label: 'Ne pas accepter' },
  ];
  readonly form = new FormGroup({
    accepted: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(1000)],
    }),
  });

  decide(): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const body = { accepted: v.accepted === 'true', reason: v.reason.trim() };
    this.state.send(this.api.nationalityWaiver(this.request().id, body), (r) => {
      this.form.reset();
      this.state.submitted.set(false);
      this.decided.emit(r);
    });
  }
}
