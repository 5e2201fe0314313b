import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import { PRIORITIES, PRIORITY_LABELS, type Priority, type RecommendationPlanDto } from '@cdlp/shared';
import { FORM_FIELDS, Option } from '../ui/form-fields';
import type { RegistryParty } from './party-fields.component';
import { ActionFieldsComponent, IndicatorFieldsComponent } from './strategy-fields';
import {
  actionForm,
  errorsUnder,
  indicatorForm,
  type ActionForm,
  type IndicatorForm,
} from './strategy-forms';
import type { StrategyVersionEditor } from './version-editor';

const PRIORITY_OPTIONS: Option[] = PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }));

export function planForm(plan: RecommendationPlanDto) {
  return new FormGroup({
    findings: new FormControl(plan.findings ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(8000)],
    }),
    priority: new FormControl<Priority | ''>(plan.priority ?? '', { nonNullable: true }),
    actions: new FormArray<ActionForm>(plan.actions.map((a) => actionForm(a))),
    indicators: new FormArray<IndicatorForm>(plan.indicators.map((i) => indicatorForm(i))),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
  });
}
export type PlanForm = ReturnType<typeof planForm>;

/** STRAT-1: the plan of one recommendation being written: findings, priority, actions, indicators. */
@Component({
  selector: 'cdlp-recommendation-form',
  imports: [FORM_FIELDS, ActionFieldsComponent, IndicatorFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form()" [cdlpForm]="editor().context" (ngSubmit)="save.emit()" novalidate>
      <p class="fr-text--sm">
        Vous modifiez la version {{ version() }}. L'enregistrement crée la version {{ version() + 1 }} ; les
        versions précédentes sont conservées.
      </p>
      <h2 class="fr-h4">Constats et priorité</h2>
      <cdlp-input
        fieldId="findings"
        label="Constats locaux"
        hint="Ce que la situation du département montre pour cette préconisation."
        [optional]="true"
        [multiline]="true"
        [rows]="5"
        [control]="form().controls.findings"
        [submitted]="editor().submitted()"
      />
      <cdlp-select
        fieldId="priority"
        label="Priorité"
        placeholder="Non définie"
        [optional]="true"
        [options]="priorityOptions"
        [control]="form().controls.priority"
      />

      <h2 class="fr-h4 fr-mt-4w" id="actions-titre">Actions ({{ form().controls.actions.length }})</h2>
      @for (a of form().controls.actions.controls; track a.controls.key.value; let i = $index) {
        <cdlp-action-fields
          [form]="a"
          [prefix]="'action-' + i"
          [number]="i + 1"
          [parties]="parties()"
          [errors]="actionErrors(i)"
          [submitted]="editor().submitted()"
          (remove)="removeAction(i)"
        />
      } @empty {
        <p class="cdlp-empty">Aucune action pour cette préconisation.</p>
      }
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-4w"
        (click)="addAction()"
      >
        Ajouter une action
      </button>

      <h2 class="fr-h4" id="indicateurs-titre">Indicateurs ({{ form().controls.indicators.length }})</h2>
      @for (ind of form().controls.indicators.controls; track ind.controls.key.value; let i = $index) {
        <cdlp-indicator-fields
          [form]="ind"
          [prefix]="'indicateur-' + i"
          [number]="i + 1"
          [errors]="indicatorErrors(i)"
          [submitted]="editor().submitted()"
          (remove)="removeIndicator(i)"
        />
      } @empty {
        <p class="cdlp-empty">Aucun indicateur pour cette préconisation.</p>
      }
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-4w"
        (click)="addIndicator()"
      >
        Ajouter un indicateur
      </button>

      <h2 class="fr-h4">Enregistrer</h2>
      <cdlp-input
        fieldId="note"
        label="Note de version"
        hint="Ce qui change, pour l'historique (500 caractères au plus)."
        [optional]="true"
        [control]="form().controls.note"
      />
      <p class="fr-sr-only" aria-live="polite">{{ editor().announce() }}</p>
      <button
        type="submit"
        class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
        [disabled]="editor().pending()"
      >
        Enregistrer une nouvelle version
      </button>
    </form>
  `,
})
export class RecommendationFormComponent {
  readonly form = input.required<PlanForm>();
  readonly editor = input.required<StrategyVersionEditor>();
  readonly parties = input<RegistryParty[]>([]);
  /** The version being changed. */
  readonly version = input.required<number>();
  readonly save = output<void>();
  readonly priorityOptions = PRIORITY_OPTIONS;

  actionErrors(i: number): Record<string, string> {
    return errorsUnder(this.editor().errors(), `actions.${i}`);
  }

  indicatorErrors(i: number): Record<string, string> {
    return errorsUnder(this.editor().errors(), `indicators.${i}`);
  }

  addAction(): void {
    const f = this.form();
    f.controls.actions.push(actionForm());
    const i = f.controls.actions.length - 1;
    this.editor().changedList(`Action ${i + 1} ajoutée.`, `action-${i}-titre`);
  }

  removeAction(i: number): void {
    const f = this.form();
    const title = f.controls.actions.at(i).controls.title.value;
    f.controls.actions.removeAt(i);
    this.editor().changedList(`Action ${i + 1}${title ? ` « ${title} »` : ''} supprimée.`, 'actions-titre');
  }

  addIndicator(): void {
    const f = this.form();
    f.controls.indicators.push(indicatorForm());
    const i = f.controls.indicators.length - 1;
    this.editor().changedList(`Indicateur ${i + 1} ajouté.`, `indicateur-${i}-automatique`);
  }

  removeIndicator(i: number): void {
    this.form().controls.indicators.removeAt(i);
    this.editor().changedList(`Indicateur ${i + 1} supprimé.`, 'indicateurs-titre');
  }
}
