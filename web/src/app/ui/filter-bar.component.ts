import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, FormGroup } from '@angular/forms';
import { InputFieldComponent, Option, SelectFieldComponent } from './form-fields';

/** One filter of a list page: a select when it has options, a text field otherwise. */
export interface FilterField {
  /** The control's name in the filter form, and the element's id. */
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly type?: 'text' | 'search' | 'date';
  readonly inputmode?: string;
  readonly options?: readonly Option[];
  /** The select's "no filter" option; null when a value must be chosen. */
  readonly placeholder?: string | null;
}

/**
 * The filter form of a list page (a search landmark): its fields, then the submit button. Filters
 * are optional without saying so, and a filter in error says it at once (nothing is sent meanwhile).
 */
@Component({
  selector: 'cdlp-filter-bar',
  imports: [InputFieldComponent, SelectFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="cdlp-filters"
      role="search"
      novalidate
      [attr.aria-label]="label()"
      (submit)="$event.preventDefault(); apply.emit()"
    >
      @for (field of fields(); track field.id) {
        @if (field.options; as options) {
          <cdlp-select
            [fieldId]="field.id"
            [label]="field.label"
            [hint]="field.hint ?? null"
            [options]="options"
            [placeholder]="field.placeholder ?? null"
            [optional]="!!field.placeholder"
            [optionalMention]="false"
            [control]="control(field)"
          />
        } @else {
          <cdlp-input
            [fieldId]="field.id"
            [label]="field.label"
            [hint]="field.hint ?? null"
            [type]="field.type ?? 'text'"
            [inputmode]="field.inputmode ?? null"
            [optional]="true"
            [optionalMention]="false"
            [submitted]="true"
            [control]="control(field)"
          />
        }
      }
      <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">{{ submitLabel() }}</button>
    </form>
  `,
})
export class FilterBarComponent {
  readonly label = input.required<string>();
  readonly fields = input.required<readonly FilterField[]>();
  readonly form = input.required<FormGroup>();
  readonly submitLabel = input('Filtrer');
  readonly apply = output<void>();

  control(field: FilterField): FormControl {
    return this.form().controls[field.id] as FormControl;
  }
}
