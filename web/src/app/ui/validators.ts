import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The value must equal another control's value (password confirmation). */
export function matchesControl(other: AbstractControl, message: string): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null =>
    control.value && control.value !== other.value ? { message } : null;
}

/** An optional whole number of at most `digits` digits and at most `max` (the count filters of the lists). */
export function countValidator(digits: number, max: number, message: string): ValidatorFn {
  const pattern = new RegExp(`^\\d{1,${digits}}$`);
  return (control: AbstractControl): ValidationErrors | null => {
    const value = String(control.value ?? '').trim();
    return value && (!pattern.test(value) || Number(value) > max) ? { message } : null;
  };
}

const PHONE_PATTERN = /^\+?[0-9 .-]{6,20}$/;

/** An optional French or international phone number. */
export const phoneValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  control.value && !PHONE_PATTERN.test(String(control.value))
    ? { message: "Le numéro de téléphone n'est pas valide." }
    : null;
