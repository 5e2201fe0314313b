import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The value must equal another control's value (password confirmation). */
export function matchesControl(other: AbstractControl, message: string): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null =>
    control.value && control.value !== other.value ? { message } : null;
}
