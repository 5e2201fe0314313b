import { afterNextRender, Component, Directive, Injector, input } from '@angular/core';
import { AbstractControl, FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';

export interface Option {
  value: string;
  label: string;
}

/** The French message for the first client-side validation error of a control. */
export function clientErrorMessage(errors: ValidationErrors | null, label: string): string | null {
  if (!errors) return null;
  if (typeof errors['message'] === 'string') return errors['message'];
  if (errors['required']) return `Le champ « ${label} » est obligatoire.`;
  if (errors['email']) return "L'adresse électronique n'est pas valide (format attendu : nom@domaine.fr).";
  if (errors['minlength']) {
    return `Ce champ doit contenir au moins ${(errors['minlength'] as { requiredLength: number }).requiredLength} caractères.`;
  }
  if (errors['maxlength']) {
    return `Ce champ ne peut pas dépasser ${(errors['maxlength'] as { requiredLength: number }).requiredLength} caractères.`;
  }
  return `Le champ « ${label} » n'est pas valide.`;
}

/** Server error first (it is the authority), then the client-side one once the user left the field or submitted. */
export function displayedError(
  control: AbstractControl,
  label: string,
  serverError: string | null | undefined,
  submitted: boolean,
): string | null {
  if (serverError) return serverError;
  if (control.invalid && (control.touched || submitted)) return clientErrorMessage(control.errors, label);
  return null;
}

@Directive()
abstract class FieldBase {
  readonly control = input.required<FormControl>();
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly optional = input(false);
  /** Filters are all optional: their labels do not say "(facultatif)". */
  readonly optionalMention = input(true);
  readonly serverError = input<string | null | undefined>(null);
  readonly submitted = input(false);

  error(): string | null {
    return displayedError(this.control(), this.label(), this.serverError(), this.submitted());
  }

  describedBy(): string {
    return `${this.fieldId()}-messages`;
  }
}

/** A DSFR text field (input or textarea) bound to a FormControl, with its hint and error message. */
@Component({
  selector: 'cdlp-input',
  imports: [ReactiveFormsModule],
  template: `
    <div
      class="fr-input-group"
      [class.fr-input-group--error]="error()"
      [class.fr-input-group--disabled]="control().disabled"
    >
      <label class="fr-label" [for]="fieldId()">
        {{ label() }}
        @if (optional() && optionalMention()) {
          (facultatif)
        }
        @if (hint(); as h) {
          <span class="fr-hint-text">{{ h }}</span>
        }
      </label>
      @if (multiline()) {
        <textarea
          class="fr-input"
          [class.fr-input--error]="error()"
          [id]="fieldId()"
          [name]="fieldId()"
          [formControl]="control()"
          [attr.aria-describedby]="describedBy()"
          [attr.aria-invalid]="error() ? true : null"
          [attr.aria-required]="optional() ? null : true"
          [attr.rows]="rows()"
        ></textarea>
      } @else {
        <input
          class="fr-input"
          [class.fr-input--error]="error()"
          [id]="fieldId()"
          [name]="fieldId()"
          [type]="type()"
          [formControl]="control()"
          [attr.autocomplete]="autocomplete()"
          [attr.inputmode]="inputmode()"
          [attr.spellcheck]="type() === 'email' || type() === 'password' ? false : null"
          [attr.aria-describedby]="describedBy()"
          [attr.aria-invalid]="error() ? true : null"
          [attr.aria-required]="optional() ? null : true"
        />
      }
      <div class="fr-messages-group" [id]="describedBy()" aria-live="polite">
        @if (error(); as message) {
          <p class="fr-message fr-message--error">{{ message }}</p>
        }
      </div>
    </div>
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
  imports: [ReactiveFormsModule],
  template: `
    <div class="fr-select-group" [class.fr-select-group--error]="error()">
      <label class="fr-label" [for]="fieldId()">
        {{ label() }}
        @if (optional() && optionalMention()) {
          (facultatif)
        }
        @if (hint(); as h) {
          <span class="fr-hint-text">{{ h }}</span>
        }
      </label>
      <select
        class="fr-select"
        [class.fr-select--error]="error()"
        [id]="fieldId()"
        [name]="fieldId()"
        [formControl]="control()"
        [attr.aria-describedby]="describedBy()"
        [attr.aria-invalid]="error() ? true : null"
        [attr.aria-required]="optional() ? null : true"
      >
        @if (placeholder(); as p) {
          <option value="" [disabled]="!optional()">{{ p }}</option>
        }
        @for (option of options(); track option.value) {
          <option [value]="option.value">{{ option.label }}</option>
        }
      </select>
      <div class="fr-messages-group" [id]="describedBy()" aria-live="polite">
        @if (error(); as message) {
          <p class="fr-message fr-message--error">{{ message }}</p>
        }
      </div>
    </div>
  `,
})
export class SelectFieldComponent extends FieldBase {
  readonly options = input.required<readonly Option[]>();
  readonly placeholder = input<string | null>('Sélectionner une option');
}

/** A single DSFR checkbox bound to a boolean FormControl. */
@Component({
  selector: 'cdlp-checkbox',
  imports: [ReactiveFormsModule],
  template: `
    <div class="fr-checkbox-group" [class.fr-checkbox-group--error]="error()">
      <input
        type="checkbox"
        [id]="fieldId()"
        [name]="fieldId()"
        [formControl]="control()"
        [attr.aria-describedby]="describedBy()"
      />
      <label class="fr-label" [for]="fieldId()">
        {{ label() }}
        @if (hint(); as h) {
          <span class="fr-hint-text">{{ h }}</span>
        }
      </label>
      <div class="fr-messages-group" [id]="describedBy()" aria-live="polite">
        @if (error(); as message) {
          <p class="fr-message fr-message--error">{{ message }}</p>
        }
      </div>
    </div>
  `,
})
export class CheckboxFieldComponent extends FieldBase {}

/** A DSFR group of radio buttons (fieldset + legend) bound to a FormControl. */
@Component({
  selector: 'cdlp-radios',
  imports: [ReactiveFormsModule],
  template: `
    <fieldset
      class="fr-fieldset"
      [class.fr-fieldset--error]="error()"
      [id]="fieldId()"
      [attr.aria-labelledby]="fieldId() + '-legend ' + describedBy()"
    >
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular" [id]="fieldId() + '-legend'">
        {{ label() }}
        @if (hint(); as h) {
          <span class="fr-hint-text">{{ h }}</span>
        }
      </legend>
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
      <div class="fr-messages-group" [id]="describedBy()" aria-live="polite">
        @if (error(); as message) {
          <p class="fr-message fr-message--error">{{ message }}</p>
        }
      </div>
    </fieldset>
  `,
})
export class RadiosFieldComponent extends FieldBase {
  readonly options = input.required<readonly Option[]>();
  readonly inline = input(true);
}

/** After the next render, moves the focus to the first field shown in error (client or server side). */
export function focusFirstError(host: HTMLElement, injector: Injector): void {
  afterNextRender(
    () => {
      const invalid = host.querySelector<HTMLElement>(
        '[aria-invalid="true"], .fr-fieldset--error input, .fr-checkbox-group--error input',
      );
      invalid?.focus();
    },
    { injector },
  );
}

/** Marks every control touched and, when the form is invalid, focuses the first field in error. */
export function validateAndFocus(form: AbstractControl, host: HTMLElement, injector: Injector): boolean {
  form.markAllAsTouched();
  if (form.valid) return true;
  focusFirstError(host, injector);
  return false;
}
