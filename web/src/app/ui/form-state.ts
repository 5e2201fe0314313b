import {
  afterNextRender,
  Directive,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  Signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import { map, Observable, startWith } from 'rxjs';
import { ApiError, toApiError } from '../core/api-error';

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

/** The form's raw value as a signal, for what the page shows or hides as the user types. */
export function formValue<F extends FormGroup>(form: F): Signal<ReturnType<F['getRawValue']>> {
  return toSignal(
    form.valueChanges.pipe(
      startWith(null),
      map(() => form.getRawValue() as ReturnType<F['getRawValue']>),
    ),
    { requireSync: true },
  );
}

/** What the fields of a form read from it: the API's errors by field name, and whether it was submitted. */
export interface FieldContext {
  readonly fieldErrors: Signal<Record<string, string>>;
  readonly submitted: Signal<boolean>;
}

/**
 * The submission state of a form: submitted, pending, the API's message and its errors by field.
 * One submission is begin() (client-side checks, focus on the first error) then send() (the
 * request; on failure the API's messages are shown and the first field in error focused).
 * Create it in an injection context: it focuses within the component that owns it.
 */
export class FormState implements FieldContext {
  private readonly host: HTMLElement = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly error = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  /** False while the record the form edits is loading. */
  readonly loaded = signal(true);

  /** Loads the record to edit (null: a new one); `next` fills the form, an error is shown instead. */
  load<T>(request: Observable<T> | null, next: (value: T) => void): void {
    if (!request) return;
    this.loaded.set(false);
    request.subscribe({
      next: (value) => {
        next(value);
        this.loaded.set(true);
      },
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
  }

  /** Clears the previous attempt; true when the form (if any) passes its client-side checks. */
  begin(form?: AbstractControl): boolean {
    this.submitted.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    return form ? validateAndFocus(form, this.host, this.injector) : true;
  }

  /** Sends the request, with the pending state; `next` runs on success. */
  send<T>(request: Observable<T>, next: (value: T) => void, failed?: (error: ApiError) => void): void {
    this.pending.set(true);
    request.subscribe({
      next: (value) => {
        this.pending.set(false);
        next(value);
      },
      error: (err: unknown) => {
        const apiError = this.fail(err);
        failed?.(apiError);
      },
    });
  }

  /** Shows an API failure on the form and focuses the first field in error. */
  fail(err: unknown): ApiError {
    this.pending.set(false);
    const apiError = toApiError(err);
    this.error.set(apiError.message);
    this.fieldErrors.set(apiError.fieldErrors);
    this.focusFirstError();
    return apiError;
  }

  focusFirstError(): void {
    focusFirstError(this.host, this.injector);
  }

  /** Back to a fresh form (a panel closed and opened again). */
  reset(): void {
    this.submitted.set(false);
    this.pending.set(false);
    this.error.set(null);
    this.fieldErrors.set({});
  }
}

export function createFormState(): FormState {
  return new FormState();
}

/**
 * Gives the fields inside an element (a form, or a group of fields of a sub-form) their errors
 * and submitted state: `<form [cdlpForm]="state">`. A field finds its API error under the name of
 * its control (the API names fields as the forms do), unless told otherwise.
 */
@Directive({ selector: '[cdlpForm]' })
export class FormContextDirective {
  readonly context = input.required<FieldContext>({ alias: 'cdlpForm' });
}

/**
 * The fields inside find their API errors under a path: `<fieldset [cdlpErrorPrefix]="'figures.' + i">`
 * makes the "label" field read the error of "figures.3.label". Prefixes nest.
 */
@Directive({ selector: '[cdlpErrorPrefix]' })
export class ErrorPrefixDirective {
  private readonly parent = inject(ErrorPrefixDirective, { optional: true, skipSelf: true });
  readonly prefix = input.required<string>({ alias: 'cdlpErrorPrefix' });

  /** The full path of a field named `key` here. */
  path(key: string): string {
    const own = `${this.prefix()}.${key}`;
    return this.parent ? this.parent.path(own) : own;
  }
}

/** A FieldContext from plain values handed down to a sub-form component. */
export function fieldContext(
  fieldErrors: Signal<Record<string, string>>,
  submitted: Signal<boolean>,
): FieldContext {
  return { fieldErrors, submitted };
}
