import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { FormControl } from '@angular/forms';
import type { MinutesDto } from '@cdlp/shared';
import { InputFieldComponent } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';

/**
 * PV-1: the rules of validity of the deliberation, checked against the records; while the minutes
 * are a draft, the secretariat justifies each rule not met, without which the president cannot sign.
 */
@Component({
  selector: 'cdlp-minutes-validity',
  imports: [InputFieldComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="fr-mb-4w" aria-labelledby="validite-titre">
      <h2 id="validite-titre" class="fr-h4">Validité de la délibération (PV-1)</h2>
      <div
        class="fr-table fr-table--no-caption fr-table--multiline"
        cdlpTable="Contrôles de validité"
        [columns]="['Règle', 'Résultat', 'Constat']"
      >
        <tbody>
          @for (v of m().validity; track v.rule) {
            <tr>
              <th scope="row">{{ v.rule }}</th>
              <td>
                @if (v.ok) {
                  <span class="cdlp-ok cdlp-nowrap"><span aria-hidden="true">✓ </span>Respectée</span>
                } @else {
                  <span class="cdlp-ko cdlp-nowrap"><span aria-hidden="true">✗ </span>Non respectée</span>
                }
              </td>
              <td>
                {{ v.text }}
                @if (!v.ok && v.justification && !editable()) {
                  <p class="fr-mt-1w fr-mb-0"><strong>Justification :</strong> {{ v.justification }}</p>
                }
              </td>
            </tr>
          }
        </tbody>
      </div>
      @if (editable() && failedRules().length > 0) {
        <h3 class="fr-h6">Justification des règles non respectées</h3>
        <p class="fr-text--sm">
          La présidence ne peut signer qu'une fois chaque règle non respectée justifiée.
        </p>
        @for (rule of failedRules(); track rule) {
          @if (justifications()[rule]; as control) {
            <cdlp-input
              [fieldId]="'justification-' + rule"
              [label]="'Justification pour ' + rule"
              [optional]="true"
              [multiline]="true"
              [rows]="3"
              [control]="control"
              [serverError]="justificationsError()"
            />
          }
        }
      }
      @if (editable()) {
        <button
          type="button"
          class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
          [disabled]="busy()"
          (click)="save.emit()"
        >
          Enregistrer le projet
        </button>
      }
    </section>
  `,
})
export class MinutesValidityComponent {
  readonly m = input.required<MinutesDto>({ alias: 'minutes' });
  readonly editable = input(false);
  readonly busy = input(false);
  readonly justifications = input<Record<string, FormControl<string>>>({});
  readonly justificationsError = input<string | null | undefined>(null);
  readonly save = output<void>();

  readonly failedRules = computed(() =>
    this.m()
      .validity.filter((v) => !v.ok)
      .map((v) => v.rule),
  );
}
