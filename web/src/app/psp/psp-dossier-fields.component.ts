import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import {
  ADMINISTRATIVE_STATUS_LABELS,
  ADMINISTRATIVE_STATUSES,
  HOUSING_LABELS,
  HOUSING_SITUATIONS,
  NATIONALITY_GROUP_LABELS,
  NATIONALITY_GROUPS,
  OPINION_LABELS,
  OPINIONS,
  SUPPORT_PILLAR_LABELS,
  SUPPORT_PILLARS,
  type PspRequestKind,
} from '@cdlp/shared';
import { AlertComponent } from '../ui/alert.component';
import { FieldContext, FORM_FIELDS, Option } from '../ui/form-fields';
import { PSP_FORM_STEPS, PspDossierForm, stepOfField } from './psp-dossier-form';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>): Option[] =>
  values.map((v) => ({ value: v, label: labels[v] }));

/**
 * PSP-3: the fields of one step of the request form. Required fields are only checked when the
 * request is filed (PSP-3), so that a draft can be saved at any time; the last step lists what
 * filing will still ask for.
 */
@Component({
  selector: 'cdlp-psp-dossier-fields',
  imports: [FORM_FIELDS, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-container [cdlpForm]="context()">
      @switch (step()) {
        @case (0) {
          @if (chooseAssociation()) {
            <cdlp-select
              fieldId="associationId"
              label="Association qui accompagne la personne"
              hint="Le secrétariat dépose la demande pour le compte d'une association agréée."
              [options]="associationOptions()"
              [control]="form().controls.associationId"
              [submitted]="true"
            />
          }
          <cdlp-input
            fieldId="lastName"
            label="Nom"
            hint="Requis pour le dépôt"
            autocomplete="off"
            [control]="form().controls.lastName"
          />
          <cdlp-input
            fieldId="firstName"
            label="Prénom"
            hint="Requis pour le dépôt"
            autocomplete="off"
            [control]="form().controls.firstName"
          />
          <cdlp-input
            fieldId="usedName"
            label="Nom d'usage"
            autocomplete="off"
            [optional]="true"
            [control]="form().controls.usedName"
          />
          <cdlp-input
            fieldId="birthDate"
            label="Date de naissance"
            hint="Requis pour le dépôt"
            type="date"
            [control]="form().controls.birthDate"
          />
          <cdlp-input
            fieldId="nationality"
            label="Nationalité"
            hint="Requis pour le dépôt. Par exemple : nigériane"
            autocomplete="off"
            [control]="form().controls.nationality"
          />
          <cdlp-select
            fieldId="nationalityGroup"
            label="Zone géographique de la nationalité"
            hint="Requis pour le dépôt. Seule cette zone figure dans les documents remis aux membres (DP-2)."
            [options]="nationalityGroupOptions"
            [control]="form().controls.nationalityGroup"
          />
          <cdlp-radios
            fieldId="foreigner"
            label="La personne est-elle de nationalité étrangère ?"
            hint="Requis pour le dépôt. Ouvre le suivi de l'autorisation provisoire de séjour (APS-1)."
            [options]="yesNoOptions"
            [control]="form().controls.foreigner"
          />
        }
        @case (1) {
          <cdlp-input
            fieldId="phone"
            label="Téléphone"
            type="tel"
            autocomplete="off"
            [optional]="true"
            [control]="form().controls.phone"
          />
          <cdlp-input
            fieldId="email"
            label="Adresse électronique"
            hint="Format attendu : nom@domaine.fr"
            type="email"
            autocomplete="off"
            [optional]="true"
            [control]="form().controls.email"
          />
          <cdlp-input
            fieldId="postalAddress"
            label="Adresse ou domiciliation"
            [optional]="true"
            [multiline]="true"
            [rows]="3"
            [control]="form().controls.postalAddress"
          />
        }
        @case (2) {
          <cdlp-input
            fieldId="familySituation"
            label="Situation familiale"
            [optional]="true"
            [multiline]="true"
            [rows]="3"
            [control]="form().controls.familySituation"
          />
          <cdlp-input
            fieldId="childrenCount"
            label="Nombre d'enfants à charge"
            hint="Il détermine le montant de l'allocation (AFIS-1)."
            inputmode="numeric"
            [optional]="true"
            [control]="form().controls.childrenCount"
          />
          <cdlp-select
            fieldId="housing"
            label="Situation de logement"
            hint="Requis pour le dépôt"
            [options]="housingOptions"
            [control]="form().controls.housing"
          />
          <cdlp-input
            fieldId="resources"
            label="Ressources"
            [optional]="true"
            [multiline]="true"
            [rows]="3"
            [control]="form().controls.resources"
          />
          <cdlp-select
            fieldId="administrativeStatus"
            label="Situation administrative"
            hint="Requis pour le dépôt"
            [options]="administrativeOptions"
            [control]="form().controls.administrativeStatus"
          />
        }
        @case (3) {
          <p>
            Le projet de parcours couvre les huit piliers de l'accompagnement. Décrivez, pour chaque pilier
            concerné, les actions prévues et les engagements de la personne. Au moins une action est requise
            pour le dépôt.
          </p>
          @if (context().fieldErrors()['supportPlan']; as message) {
            <cdlp-alert kind="error">{{ message }}</cdlp-alert>
          }
          @for (pillar of pillars; track pillar.key) {
            <fieldset class="fr-fieldset cdlp-pillar" [attr.aria-labelledby]="'pilier-' + pillar.key">
              <legend class="fr-fieldset__legend" [id]="'pilier-' + pillar.key">
                {{ pillar.label }}
              </legend>
              <div class="fr-fieldset__element">
                <cdlp-input
                  [fieldId]="'plan-' + pillar.key + '-actions'"
                  [label]="'Actions prévues - ' + pillar.label"
                  [optional]="true"
                  [multiline]="true"
                  [rows]="2"
                  [control]="form().controls.plan.controls[pillar.key].controls.plannedActions"
                />
              </div>
              <div class="fr-fieldset__element">
                <cdlp-input
                  [fieldId]="'plan-' + pillar.key + '-engagements'"
                  [label]="'Engagements de la personne - ' + pillar.label"
                  [optional]="true"
                  [multiline]="true"
                  [rows]="2"
                  [control]="form().controls.plan.controls[pillar.key].controls.commitments"
                />
              </div>
            </fieldset>
          }
        }
        @case (4) {
          <cdlp-input
            fieldId="evaluation"
            label="Évaluation de la situation et projet d'insertion"
            hint="Requis pour le dépôt. Besoins sanitaires, sociaux et professionnels (PSP-1)."
            [multiline]="true"
            [rows]="6"
            [control]="form().controls.evaluation"
          />
          <cdlp-radios
            fieldId="associationOpinion"
            label="Avis de l'association"
            hint="Requis pour le dépôt"
            [options]="opinionOptions"
            [control]="form().controls.associationOpinion"
          />
          @if (kind() === 'RENEWAL') {
            <cdlp-input
              fieldId="progressReport"
              label="Bilan de la période écoulée"
              hint="Requis pour un renouvellement (PSP-7) : actions réalisées, engagements tenus."
              [multiline]="true"
              [rows]="6"
              [control]="form().controls.progressReport"
            />
          }
          <cdlp-checkbox
            fieldId="urgent"
            label="Demande urgente"
            hint="Une demande urgente est inscrite en tête de l'ordre du jour de la prochaine séance."
            [control]="form().controls.urgent"
          />

          @if (missing().length > 0) {
            <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
              <h3 class="fr-alert__title">Avant de déposer la demande</h3>
              <ul>
                @for (m of missing(); track m.field) {
                  <li>
                    {{ m.message }}
                    <button type="button" class="fr-link fr-link--sm" (click)="goTo.emit(stepOf(m.field))">
                      Aller à l'étape « {{ steps[stepOf(m.field)].title }} »
                    </button>
                  </li>
                }
              </ul>
            </div>
          }
        }
      }
    </ng-container>
  `,
})
export class PspDossierFieldsComponent {
  readonly form = input.required<PspDossierForm>();
  readonly step = input.required<number>();
  readonly kind = input.required<PspRequestKind>();
  readonly context = input.required<FieldContext>();
  readonly chooseAssociation = input(false);
  readonly associationOptions = input<readonly Option[]>([]);
  readonly missing = input<{ field: string; message: string }[]>([]);
  readonly goTo = output<number>();

  readonly steps = PSP_FORM_STEPS;
  readonly pillars = SUPPORT_PILLARS.map((key) => ({ key, label: SUPPORT_PILLAR_LABELS[key] }));
  readonly nationalityGroupOptions = options(NATIONALITY_GROUPS, NATIONALITY_GROUP_LABELS);
  readonly housingOptions = options(HOUSING_SITUATIONS, HOUSING_LABELS);
  readonly administrativeOptions = options(ADMINISTRATIVE_STATUSES, ADMINISTRATIVE_STATUS_LABELS);
  readonly opinionOptions = options(OPINIONS, OPINION_LABELS);
  readonly yesNoOptions: Option[] = [
    { value: 'true', label: 'Oui' },
    { value: 'false', label: 'Non' },
  ];

  stepOf(field: string): number {
    return stepOfField(field);
  }
}
