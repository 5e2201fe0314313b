import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import {
  parisDate,
  PATHWAY_END_REASON_LABELS,
  PATHWAY_END_REASONS,
  RESIDENCE_PERMIT_LABELS,
  RESIDENCE_PERMIT_STATUSES,
  type PathwayDto,
  type PathwayEndReason,
  type ResidencePermitStatus,
} from '@cdlp/shared';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS, Option } from '../ui/form-fields';
import { FormActionsComponent } from '../ui/form-page.component';
import { PathwaysApi } from './pathways.api';

const optionsOf = <T extends string>(values: readonly T[], labels: Record<T, string>): Option[] =>
  values.map((v) => ({ value: v, label: labels[v] }));

/** APS-1: the status of the provisional residence permit of a foreign person, kept by the association. */
@Component({
  selector: 'cdlp-pathway-permit',
  imports: [FORM_FIELDS, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      [formGroup]="form"
      [cdlpForm]="state"
      (ngSubmit)="save()"
      novalidate
      class="cdlp-panel"
      aria-label="Statut de l'APS"
    >
      <cdlp-alert kind="error" [text]="state.error()" />
      <cdlp-select
        fieldId="permitStatus"
        label="Statut de l'APS"
        [placeholder]="null"
        [options]="options"
        [control]="form.controls.status"
      />
      <cdlp-input
        fieldId="permitValidUntil"
        label="Valable jusqu'au"
        type="date"
        [optional]="true"
        [control]="form.controls.validUntil"
      />
      <button type="submit" class="fr-btn fr-btn--secondary" [disabled]="state.pending()">
        Enregistrer le statut de l'APS
      </button>
    </form>
  `,
})
export class PathwayPermitComponent {
  private readonly api = inject(PathwaysApi);
  readonly pathway = input.required<PathwayDto>();
  readonly saved = output<PathwayDto>();

  readonly state = createFormState();
  readonly options = optionsOf(RESIDENCE_PERMIT_STATUSES, RESIDENCE_PERMIT_LABELS);
  readonly form = new FormGroup({
    status: new FormControl<ResidencePermitStatus>('TO_REQUEST', { nonNullable: true }),
    validUntil: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    // The form shows the recorded status, again after each change of the pathway.
    effect(() => {
      const p = this.pathway();
      this.form.setValue(
        { status: p.residencePermitStatus, validUntil: p.residencePermitValidUntil ?? '' },
        { emitEvent: false },
      );
    });
  }

  save(): void {
    if (!this.state.begin()) return;
    const v = this.form.getRawValue();
    this.state.send(
      this.api.residencePermit(this.pathway().id, { status: v.status, validUntil: v.validUntil || null }),
      (p) => this.saved.emit(p),
    );
  }
}

/** PSP-7: the association asks for the renewal with the progress report; the new request opens. */
@Component({
  selector: 'cdlp-pathway-renewal',
  imports: [FORM_FIELDS, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      [formGroup]="form"
      [cdlpForm]="state"
      (ngSubmit)="renew()"
      novalidate
      class="cdlp-panel"
      aria-labelledby="renouvellement-titre"
    >
      <h3 id="renouvellement-titre" class="fr-h6">Demander le renouvellement</h3>
      <p class="fr-text--sm">
        L'identité et le projet sont repris de la demande initiale ; les pièces du renouvellement sont à
        joindre ensuite sur la nouvelle demande.
      </p>
      <cdlp-alert kind="error" [text]="state.error()" />
      <cdlp-input
        fieldId="progressReport"
        label="Bilan de la période écoulée"
        hint="Actions réalisées, engagements tenus, suites proposées."
        [multiline]="true"
        [rows]="6"
        [control]="form.controls.progressReport"
      />
      <button type="submit" class="fr-btn" [disabled]="state.pending()">Demander le renouvellement</button>
    </form>
  `,
})
export class PathwayRenewalComponent {
  private readonly api = inject(PathwaysApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  readonly pathwayId = input.required<string>();

  readonly state = createFormState();
  readonly form = new FormGroup({
    progressReport: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(8000)],
    }),
  });

  renew(): void {
    if (!this.state.begin(this.form)) return;
    const report = this.form.getRawValue().progressReport.trim();
    this.state.send(this.api.renew(this.pathwayId(), report), (request) => {
      this.flash.show(
        'success',
        `La demande de renouvellement ${request.reference} a été créée. Joignez ses pièces puis déposez-la.`,
      );
      void this.router.navigate(['/demandes', request.id]);
    });
  }
}

/** PSP-8: the secretariat ends a pathway, with a reason and an effective date. */
@Component({
  selector: 'cdlp-pathway-end',
  imports: [FORM_FIELDS, AlertComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section id="fin-parcours" class="cdlp-panel" aria-labelledby="fin-parcours-titre">
      <h3 id="fin-parcours-titre" class="fr-h6">Mettre fin au parcours (PSP-8)</h3>
      <p class="fr-text--sm">
        La fin du parcours est notifiée à l'association et au secrétariat{{
          pathway().foreigner ? ", ainsi qu'au service des étrangers (APS-1)" : ''
        }}.
      </p>
      <cdlp-alert kind="error" [text]="state.error()" />
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="end()" novalidate>
        <cdlp-select
          fieldId="endReason"
          label="Motif de fin"
          [options]="reasons"
          [control]="form.controls.reason"
        />
        <cdlp-input
          fieldId="effectiveDate"
          label="Date d'effet"
          type="date"
          [control]="form.controls.effectiveDate"
        />
        <cdlp-input
          fieldId="endComment"
          label="Commentaire"
          [optional]="true"
          [multiline]="true"
          [control]="form.controls.comment"
        />
        <cdlp-form-actions
          submitLabel="Confirmer la fin du parcours"
          [pending]="state.pending()"
          spacing=""
          (cancel)="cancel.emit()"
        />
      </form>
    </section>
  `,
})
export class PathwayEndComponent {
  private readonly api = inject(PathwaysApi);
  readonly pathway = input.required<PathwayDto>();
  readonly ended = output<PathwayDto>();
  readonly cancel = output<void>();

  readonly state = createFormState();
  readonly reasons = optionsOf(PATHWAY_END_REASONS, PATHWAY_END_REASON_LABELS);
  readonly form = new FormGroup({
    reason: new FormControl<PathwayEndReason | ''>('', {
      nonNullable: true,
      validators: [Validators.required],
    }),
    effectiveDate: new FormControl(parisDate(new Date()), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    comment: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
  });

  end(): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const body = {
      reason: v.reason as PathwayEndReason,
      effectiveDate: v.effectiveDate,
      comment: v.comment.trim() || undefined,
    };
    this.state.send(this.api.end(this.pathway().id, body), (p) => this.ended.emit(p));
  }
}
