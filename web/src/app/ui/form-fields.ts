import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, Directive, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { displayedError, ErrorPrefixDirective, FormContextDirective } from './form-state';

export {
  clientErrorMessage,
  createFormState,
  displayedError,
  ErrorPrefixDirective,
  fieldContext,
  type FieldContext,
  focusFirstError,
  FormContextDirective,
  FormState,
  formValue,
  validateAndFocus,
} from './form-state';

export interface Option {
  value: string;
  label: string;
}

/** The DSFR group a field sits in: it decides the container, its state classes and where the label goes. */
export type FieldKind = 'input' | 'select' | 'checkbox' | 'upload' | 'fieldset';

const GROUP_CLASS: Record<Exclude<FieldKind, 'fieldset'>, string> = {
  input: 'fr-input-group',
  select: 'fr-select-group',
  checkbox: 'fr-checkbox-group',
  // The DSFR upload has no error modifier of its own: it takes the input group's.
  upload: 'fr-upload-group',
};
const ERROR_CLASS: Record<FieldKind, string> = {
  input: 'fr-input-group--error',
  select: 'fr-select-group--error',
  checkbox: 'fr-checkbox-group--error',
  upload: 'fr-input-group--error',
  fieldset: 'fr-fieldset--error',
};

/**
 * The one DSFR field group of the portal: label (with "(facultatif)" and the hint), the control
 * projected into it, and the message area whose id the control names in aria-describedby, so a
 * screen reader reads the error with the field. Radio buttons get a fieldset and a legend.
 * A projected control takes its id, name and ARIA state from the group with `cdlpFieldControl`.
 */
@Component({
  selector: 'cdlp-field-group',
  imports: [NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-template #control><ng-content /></ng-template>
    <ng-template #labelText>
      {{ label() }}
      @if (mention()) {
        (facultatif)
      }
      @if (hint(); as h) {
        <span class="fr-hint-text">{{ h }}</span>
      }
    </ng-template>
    <ng-template #messages>
      <div class="fr-messages-group" [id]="messagesId()" aria-live="polite">
        @if (error(); as message) {
          <p class="fr-message fr-message--error">{{ message }}</p>
        }
      </div>
    </ng-template>
    @if (kind() === 'fieldset') {
      <fieldset
        class="fr-fieldset"
        [class.fr-fieldset--error]="error()"
        [id]="fieldId()"
        [attr.aria-labelledby]="fieldId() + '-legend ' + messagesId()"
      >
        <legend class="fr-fieldset__legend fr-fieldset__legend--regular" [id]="fieldId() + '-legend'">
          <ng-container [ngTemplateOutlet]="labelText" />
        </legend>
        <ng-container [ngTemplateOutlet]="control" />
        <ng-container [ngTemplateOutlet]="messages" />
      </fieldset>
    } @else {
      <div [class]="groupClass()">
        @if (kind() !== 'checkbox') {
          <label class="fr-label" [for]="fieldId()"><ng-container [ngTemplateOutlet]="labelText" /></label>
        }
        <ng-container [ngTemplateOutlet]="control" />
        @if (kind() === 'checkbox') {
          <label class="fr-label" [for]="fieldId()"><ng-container [ngTemplateOutlet]="labelText" /></label>
        }
        <ng-container [ngTemplateOutlet]="messages" />
      </div>
    }
  `,
})
export class FieldGroupComponent {
  readonly kind = input<FieldKind>('input');
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  /** Writes "(facultatif)" after the label. */
  readonly mention = input(false);
  /** A required control carries aria-required. */
  readonly required = input(false);
  readonly error = input<string | null>(null);
  readonly disabled = input(false);

  readonly messagesId = computed(() => `${this.fieldId()}-messages`);
  readonly groupClass = computed(() => {
    const kind = this.kind();
    if (kind === 'fieldset') return '';
    const base = GROUP_CLASS[kind];
    return [base, this.error() ? ERROR_CLASS[kind] : '', this.disabled() ? `${base}--disabled` : '']
      .filter(Boolean)
      .join(' ');
  });
}

/** The control of a field group: its id and name, and the ARIA links to the group's label and messages. */
@Directive({
  selector: '[cdlpFieldControl]',
  host: {
    '[id]': 'group.fieldId()',
    '[attr.name]': 'name() || group.fieldId()',
    '[attr.aria-describedby]': 'group.messagesId()',
    '[attr.aria-invalid]': 'group.error() ? true : null',
    '[attr.aria-required]': 'group.required() ? true : null',
    '[class.fr-input--error]': "group.error() && group.kind() === 'input'",
    '[class.fr-select--error]': "group.error() && group.kind() === 'select'",
  },
})
export class FieldControlDirective {
  readonly group = inject(FieldGroupComponent);
  /** The name when it is not the id (a file input posted as "file"). */
  readonly name = input<string | null>(null, { alias: 'cdlpFieldControl' });
}

/** The name of a control in its FormGroup: the name the API uses for that field. */
function controlName(control: FormControl): string | null {
  const parent = control.parent;
  if (!(parent instanceof FormGroup)) return null;
  return Object.keys(parent.controls).find((key) => parent.controls[key] === control) ?? null;
}

/** What every field kind shares: its control, texts and how it finds its error. */
@Directive()
abstract class FieldBase {
  private readonly context = inject(FormContextDirective, { optional: true });
  private readonly errorPrefix = inject(ErrorPrefixDirective, { optional: true });
  readonly control = input.required<FormControl>();
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly optional = input(false);
  /** Filters are all optional: their labels do not say "(facultatif)". */
  readonly optionalMention = input(true);
  /** Overrides the API error found in the form's context. */
  readonly serverError = input<string | null | undefined>(undefined);
  /** Overrides the submitted state of the form's context (true: show the error at once). */
  readonly submitted = input<boolean | null>(null);
  /** The API's name of the field when it is not the control's. */
  readonly errorKey = input<string | null>(null);

  error(): string | null {
    const context = this.context?.context();
    const name = this.errorKey() ?? controlName(this.control()) ?? this.fieldId();
    const key = this.errorPrefix ? this.errorPrefix.path(name) : name;
    const server = this.serverError() !== undefined ? this.serverError() : context?.fieldErrors()[key];
    const submitted = this.submitted() ?? context?.submitted() ?? false;
    return displayedError(this.control(), this.label(), server, submitted);
  }

  mention(): boolean {
    return this.optional() && this.optionalMention();
  }
}

/** A DSFR text field (input or textarea) bound to a FormControl. */
@Component({
  selector: 'cdlp-input',
  imports: [ReactiveFormsModule, FieldGroupComponent, FieldControlDirective],
  template: `
    <cdlp-field-group
      [fieldId]="fieldId()"
      [label]="label()"
      [hint]="hint()"
      [mention]="mention()"
      [required]="!optional()"
      [error]="error()"
      [disabled]="control().disabled"
    >
      @if (multiline()) {
        <textarea class="fr-input" cdlpFieldControl [formControl]="control()" [attr.rows]="rows()"></textarea>
      } @else {
        <input
          class="fr-input"
          cdlpFieldControl
          [type]="type()"
          [formControl]="control()"
          [attr.autocomplete]="autocomplete()"
          [attr.inputmode]="inputmode()"
          [attr.spellcheck]="type() === 'email' || type() === 'password' ? false : null"
        />
      }
    </cdlp-field-group>
  `,
})
export class InputFieldComponent extends FieldBase {
  readonly type = input<'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'tel' | 'search' | 'url'>(
    'text',
  );
  readonly autocomplete = input<string | null>(null);
  readonly inputmode = input<string | null>(null);
  readonly multiline = input(false);
  readonly rows = input(4);
}

/** A DSFR select bound to a FormControl. */
@Component({
  selector: 'cdlp-select',
  imports: [ReactiveFormsModule, FieldGroupComponent, FieldControlDirective],
  template: `
    <cdlp-field-group
      kind="select"
      [fieldId]="fieldId()"
      [label]="label()"
      [hint]="hint()"
      [mention]="mention()"
      [required]="!optional()"
      [error]="error()"
    >
      <select class="fr-select" cdlpFieldControl [formControl]="control()">
        @if (placeholder(); as p) {
          <option value="" [disabled]="!optional()">{{ p }}</option>
        }
        @for (option of options(); track option.value) {
          <option [value]="option.value">{{ option.label }}</option>
        }
      </select>
    </cdlp-field-group>
  `,
})
export class SelectFieldComponent extends FieldBase {
  readonly options = input.required<readonly Option[]>();
  readonly placeholder = input<string | null>('Sélectionner une option');
}

/** A single DSFR checkbox bound to a boolean FormControl. */
@Component({
  selector: 'cdlp-checkbox',
  imports: [ReactiveFormsModule, FieldGroupComponent],
  template: `
    <cdlp-field-group
      kind="checkbox"
      [fieldId]="fieldId()"
      [label]="label()"
      [hint]="hint()"
      [error]="error()"
    >
      <input
        type="checkbox"
        [id]="fieldId()"
        [name]="fieldId()"
        [formControl]="control()"
        [attr.aria-describedby]="fieldId() + '-messages'"
      />
    </cdlp-field-group>
  `,
})
export class CheckboxFieldComponent extends FieldBase {}

/** A DSFR group of radio buttons (fieldset + legend) bound to a FormControl. */
@Component({
  selector: 'cdlp-radios',
  imports: [ReactiveFormsModule, FieldGroupComponent],
  template: `
    <cdlp-field-group
      kind="fieldset"
      [fieldId]="fieldId()"
      [label]="label()"
      [hint]="hint()"
      [error]="error()"
    >
      @for (option of options(); track option.value; let i = $index) {
        <div class="fr-fieldset__element" [class.fr-fieldset__element--inline]="inline()">
          <div class="fr-radio-group">
            <input
              type="radio"
              [id]="fieldId() + '-' + i"
              [name]="fieldId()"
              [value]="option.value"
              [formControl]="control()"
            />
            <label class="fr-label" [for]="fieldId() + '-' + i">{{ option.label }}</label>
          </div>
        </div>
      }
    </cdlp-field-group>
  `,
})
export class RadiosFieldComponent extends FieldBase {
  readonly options = input.required<readonly Option[]>();
  readonly inline = input(true);
}

/** Everything a form template needs: the field kinds, the group for custom controls, the context. */
export const FORM_FIELDS = [
  ReactiveFormsModule,
  FieldGroupComponent,
  FieldControlDirective,
  FormContextDirective,
  ErrorPrefixDirective,
  InputFieldComponent,
  SelectFieldComponent,
  CheckboxFieldComponent,
  RadiosFieldComponent,
] as const;
