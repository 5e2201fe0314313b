import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import type {
  ActionStatus,
  AutoIndicator,
  DiagnosticFigureDto,
  PartyDto,
  StrategyActionDto,
  StrategyIndicatorDto,
} from '@cdlp/shared';
import { newKey, parseNumber } from './strategy-labels';

/** A number typed in French ("12,5"), optionally at least `min`, optionally a whole number. */
export function numberValidator(opts: { min?: number; integer?: boolean } = {}): ValidatorFn {
  return (c: AbstractControl): ValidationErrors | null => {
    const n = parseNumber(c.value as string);
    if (n === null) return null;
    if (Number.isNaN(n)) return { message: 'Saisissez un nombre, par exemple 12 ou 12,5.' };
    if (opts.integer && !Number.isInteger(n)) return { message: 'Saisissez un nombre entier.' };
    if (opts.min !== undefined && n < opts.min) return { message: `La valeur ne peut pas être inférieure à ${opts.min}.` };
    return null;
  };
}

/** A year between 2000 and 2100, typed as four digits. */
export const yearValidator: ValidatorFn = (c) => {
  const v = String(c.value ?? '').trim();
  if (!v) return null;
  const n = Number(v);
  return /^\d{4}$/.test(v) && n >= 2000 && n <= 2100 ? null : { message: 'Saisissez une année entre 2000 et 2100 (AAAA).' };
};

const text = (value: string | null | undefined, validators: ValidatorFn[] = []) =>
  new FormControl(value ?? '', { nonNullable: true, validators });

const numText = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value).replace('.', ','));

/** The deadline of an action cannot come before its start. */
const datesInOrder: ValidatorFn = (g) => {
  const start = g.get('startDate')?.value as string;
  const deadline = g.get('deadline')?.value as string;
  return start && deadline && deadline < start ? { datesOrder: true } : null;
};

export function actionForm(a?: Partial<StrategyActionDto>) {
  return new FormGroup(
    {
      key: text(a?.key ?? newKey()),
      title: text(a?.title, [Validators.required, Validators.maxLength(300)]),
      description: text(a?.description, [Validators.maxLength(4000)]),
      lead: new FormControl<PartyDto | null>(a?.lead ?? null),
      partners: new FormControl<PartyDto[]>(a?.partners ?? [], { nonNullable: true }),
      startDate: text(a?.startDate),
      deadline: text(a?.deadline),
      budget: text(numText(a?.budget), [numberValidator({ min: 0 })]),
      fundingSource: text(a?.fundingSource, [Validators.maxLength(300)]),
      status: new FormControl<ActionStatus>(a?.status ?? 'NOT_STARTED', { nonNullable: true }),
    },
    { validators: [datesInOrder] },
  );
}
export type ActionForm = ReturnType<typeof actionForm>;

export function toActionDto(form: ActionForm): StrategyActionDto {
  const v = form.getRawValue();
  return {
    key: v.key,
    title: v.title.trim(),
    description: v.description.trim(),
    lead: v.lead,
    partners: v.partners,
    startDate: v.startDate || null,
    deadline: v.deadline || null,
    budget: parseNumber(v.budget),
    fundingSource: v.fundingSource.trim() || null,
    status: v.status,
  };
}

export function indicatorForm(i?: Partial<StrategyIndicatorDto>) {
  return new FormGroup({
    key: text(i?.key ?? newKey()),
    name: text(i?.name, [Validators.required, Validators.maxLength(300)]),
    unit: text(i?.unit, [Validators.maxLength(50)]),
    automatic: new FormControl<AutoIndicator | ''>(i?.automatic ?? '', { nonNullable: true }),
    direction: new FormControl<'UP' | 'DOWN'>(i?.direction ?? 'UP', { nonNullable: true }),
    baselineValue: text(numText(i?.baselineValue), [numberValidator()]),
    baselineYear: text(i?.baselineYear ? String(i.baselineYear) : '', [yearValidator]),
    targetValue: text(numText(i?.targetValue), [numberValidator()]),
    targetYear: text(i?.targetYear ? String(i.targetYear) : '', [yearValidator]),
  });
}
export type IndicatorForm = ReturnType<typeof indicatorForm>;

export function toIndicatorDto(form: IndicatorForm): StrategyIndicatorDto {
  const v = form.getRawValue();
  const year = (y: string) => (y.trim() ? Number(y.trim()) : null);
  return {
    key: v.key,
    name: v.name.trim(),
    unit: v.unit.trim(),
    automatic: v.automatic || null,
    direction: v.direction,
    baselineValue: parseNumber(v.baselineValue),
    baselineYear: year(v.baselineYear),
    targetValue: parseNumber(v.targetValue),
    targetYear: year(v.targetYear),
  };
}

export function figureForm(f?: Partial<DiagnosticFigureDto>) {
  return new FormGroup({
    key: text(f?.key ?? newKey()),
    label: text(f?.label, [Validators.required, Validators.maxLength(300)]),
    value: text(numText(f?.value), [Validators.required, numberValidator()]),
    unit: text(f?.unit, [Validators.maxLength(50)]),
    source: text(f?.source, [Validators.required, Validators.maxLength(300)]),
    year: text(f?.year ? String(f.year) : '', [Validators.required, yearValidator]),
  });
}
export type FigureForm = ReturnType<typeof figureForm>;

export function toFigureDto(form: FigureForm): DiagnosticFigureDto {
  const v = form.getRawValue();
  return {
    key: v.key,
    label: v.label.trim(),
    value: parseNumber(v.value) ?? 0,
    unit: v.unit.trim(),
    source: v.source.trim(),
    year: Number(v.year.trim()),
  };
}

/**
 * Every field error of a 400 answer by its full path ("content.recommendations.3.actions.0.title"),
 * to show each message next to the field it is about.
 */
export function nestedFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof HttpErrorResponse) || typeof err.error !== 'object' || err.error === null) return out;
  const errors = (err.error as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return out;
  for (const e of errors as { field?: unknown; message?: unknown }[]) {
    if (typeof e?.field === 'string' && typeof e.message === 'string') out[e.field] ??= e.message;
  }
  return out;
}

/** The errors under a path prefix, keyed by the rest of the path ("actions.0.title"). */
export function errorsUnder(errors: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (field.startsWith(`${prefix}.`)) out[field.slice(prefix.length + 1)] = message;
  }
  return out;
}
