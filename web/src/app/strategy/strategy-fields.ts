import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, AUTO_INDICATOR_LABELS, AUTO_INDICATORS } from '@cdlp/shared';
import {
  fieldContext,
  FormContextDirective,
  InputFieldComponent,
  Option,
  RadiosFieldComponent,
  SelectFieldComponent,
} from '../ui/form-fields';
import { PartnersFieldComponent, PartyFieldComponent, RegistryParty } from './party-fields.component';
import type { ActionForm, IndicatorForm } from './strategy-forms';

const STATUS_OPTIONS: Option[] = ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }));

/** The fields of one action (STRAT-1: lead and partners, dates, budget, funding, status). */
@Component({
  selector: 'cdlp-action-fields',
  imports: [
    ReactiveFormsModule,
    FormContextDirective,
    InputFieldComponent,
    SelectFieldComponent,
    PartyFieldComponent,
    PartnersFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="fr-fieldset cdlp-block" [id]="prefix()" [attr.aria-labelledby]="prefix() + '-legende'">
      <legend class="fr-fieldset__legend" [id]="prefix() + '-legende'" tabindex="-1">
        Action {{ number() }}{{ form().controls.title.value ? ' : ' + form().controls.title.value : '' }}
      </legend>
      <div class="fr-fieldset__element">
        <div class="cdlp-fields" [cdlpForm]="context">
          <cdlp-input
            [fieldId]="prefix() + '-titre'"
            label="Intitulé de l'action"
            [control]="form().controls.title"
          />
          <cdlp-input
            [fieldId]="prefix() + '-description'"
            label="Description"
            [optional]="true"
            [multiline]="true"
            [rows]="3"
            [control]="form().controls.description"
          />
          <cdlp-party-field
            [fieldId]="prefix() + '-pilote'"
            label="Pilote"
            [parties]="parties()"
            [control]="form().controls.lead"
          />
          <cdlp-partners-field
            [fieldId]="prefix() + '-partenaires'"
            [parties]="parties()"
            [control]="form().controls.partners"
          />
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
              <cdlp-input
                [fieldId]="prefix() + '-debut'"
                label="Début"
                type="date"
                [optional]="true"
                [control]="form().controls.startDate"
              />
            </div>
            <div class="fr-col-12 fr-col-md-6">
              <cdlp-input
                [fieldId]="prefix() + '-echeance'"
                label="Échéance"
                type="date"
                [optional]="true"
                [control]="form().controls.deadline"
                [serverError]="deadlineError()"
                [submitted]="submitted()"
              />
            </div>
            <div class="fr-col-12 fr-col-md-6">
              <cdlp-input
                [fieldId]="prefix() + '-budget'"
                label="Budget (euros)"
                hint="Par exemple : 12000 ou 2500,50"
                inputmode="decimal"
                [optional]="true"
                [control]="form().controls.budget"
              />
            </div>
            <div class="fr-col-12 fr-col-md-6">
              <cdlp-input
                [fieldId]="prefix() + '-financement'"
                label="Financement"
                hint="Par exemple : programme 137, crédits départementaux"
                [optional]="true"
                [control]="form().controls.fundingSource"
              />
            </div>
          </div>
          <cdlp-select
            [fieldId]="prefix() + '-statut'"
            label="Statut"
            [placeholder]="null"
            [options]="statusOptions"
            [control]="form().controls.status"
          />
          <button
            type="button"
            class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-bin-line fr-btn--icon-left"
            (click)="remove.emit()"
          >
            Supprimer l'action {{ number() }}
          </button>
        </div>
      </div>
    </fieldset>
  `,
})
export class ActionFieldsComponent {
  readonly form = input.required<ActionForm>();
  readonly prefix = input.required<string>();
  readonly number = input.required<number>();
  readonly parties = input<RegistryParty[]>([]);
  readonly errors = input<Record<string, string>>({});
  readonly submitted = input(false);
  readonly remove = output<void>();
  readonly statusOptions = STATUS_OPTIONS;
  readonly context = fieldContext(this.errors, this.submitted);

  deadlineError(): string | null {
    return this.errors()['deadline'] ?? this.datesError();
  }

  datesError(): string | null {
    const f = this.form();
    return f.errors?.['datesOrder'] && (this.submitted() || f.controls.deadline.touched)
      ? "L'échéance ne peut pas précéder le début de l'action."
      : null;
  }
}

const AUTO_OPTIONS: Option[] = AUTO_INDICATORS.map((a) => ({
  value: a,
  label: AUTO_INDICATOR_LABELS[a].name,
}));
const DIRECTION_OPTIONS: Option[] = [
  { value: 'UP', label: 'À la hausse' },
  { value: 'DOWN', label: 'À la baisse' },
];

/** The fields of one indicator: manual or computed by the portal, baseline and target. */
@Component({
  selector: 'cdlp-indicator-fields',
  imports: [
    ReactiveFormsModule,
    FormContextDirective,
    InputFieldComponent,
    SelectFieldComponent,
    RadiosFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="fr-fieldset cdlp-block" [id]="prefix()" [attr.aria-labelledby]="prefix() + '-legende'">
      <legend class="fr-fieldset__legend" [id]="prefix() + '-legende'" tabindex="-1">
        Indicateur {{ number() }}{{ form().controls.name.value ? ' : ' + form().controls.name.value : '' }}
      </legend>
      <div class="fr-fieldset__element">
        <div class="cdlp-fields" [cdlpForm]="context">
          <cdlp-select
            [fieldId]="prefix() + '-automatique'"
            label="Indicateur calculé par le portail"
            hint="Choisissez un indicateur automatique, ou laissez « Saisie manuelle » pour saisir les valeurs chaque année."
            placeholder="Saisie manuelle"
            [optional]="true"
            [optionalMention]="false"
            [options]="autoOptions"
            [control]="form().controls.automatic"
          />
          <cdlp-input
            [fieldId]="prefix() + '-nom'"
            label="Nom de l'indicateur"
            [control]="form().controls.name"
          />
          <cdlp-input
            [fieldId]="prefix() + '-unite'"
            label="Unité"
            hint="Par exemple : personnes, jours, %"
            [optional]="true"
            [control]="form().controls.unit"
          />
          <cdlp-radios
            [fieldId]="prefix() + '-sens'"
            label="Sens de l'objectif"
            [options]="directionOptions"
            [control]="form().controls.direction"
          />
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-6 fr-col-md-3">
              <cdlp-input
                [fieldId]="prefix() + '-ref-valeur'"
                label="Valeur de référence"
                inputmode="decimal"
                [optional]="true"
                [control]="form().controls.baselineValue"
              />
            </div>
            <div class="fr-col-6 fr-col-md-3">
              <cdlp-input
                [fieldId]="prefix() + '-ref-annee'"
                label="Année de référence"
                hint="AAAA"
                inputmode="numeric"
                [optional]="true"
                [control]="form().controls.baselineYear"
              />
            </div>
            <div class="fr-col-6 fr-col-md-3">
              <cdlp-input
                [fieldId]="prefix() + '-cible-valeur'"
                label="Valeur cible"
                inputmode="decimal"
                [optional]="true"
                [control]="form().controls.targetValue"
              />
            </div>
            <div class="fr-col-6 fr-col-md-3">
              <cdlp-input
                [fieldId]="prefix() + '-cible-annee'"
                label="Année cible"
                hint="AAAA"
                inputmode="numeric"
                [optional]="true"
                [control]="form().controls.targetYear"
              />
            </div>
          </div>
          <button
            type="button"
            class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-bin-line fr-btn--icon-left"
            (click)="remove.emit()"
          >
            Supprimer l'indicateur {{ number() }}
          </button>
        </div>
      </div>
    </fieldset>
  `,
})
export class IndicatorFieldsComponent implements OnInit {
  private readonly destroyRef = inject(DestroyRef);
  readonly form = input.required<IndicatorForm>();
  readonly prefix = input.required<string>();
  readonly number = input.required<number>();
  readonly errors = input<Record<string, string>>({});
  readonly submitted = input(false);
  readonly remove = output<void>();
  readonly context = fieldContext(this.errors, this.submitted);
  readonly autoOptions = AUTO_OPTIONS;
  readonly directionOptions = DIRECTION_OPTIONS;

  ngOnInit(): void {
    // An automatic indicator comes with its name and unit, unless the secretariat typed its own.
    const f = this.form();
    f.controls.automatic.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((a) => {
      if (!a) return;
      const ref = AUTO_INDICATOR_LABELS[a];
      if (!f.controls.name.value.trim()) f.controls.name.setValue(ref.name);
      if (!f.controls.unit.value.trim()) f.controls.unit.setValue(ref.unit);
    });
  }
}
