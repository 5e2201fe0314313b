import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import { parameterValueError, parisDate, type ParameterDto, type ParameterSpec } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe, formatDay } from '../ui/dates';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { SettingsApi } from './settings.api';

/** A value as the screen shows it: "343,20 €", "5 jours", "Oui". */
export function formatParameterValue(spec: Pick<ParameterSpec, 'kind' | 'unit'>, value: number): string {
  if (spec.kind === 'BOOLEAN') return value === 1 ? 'Oui' : 'Non';
  const text =
    spec.kind === 'AMOUNT'
      ? value.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : String(value);
  return spec.unit ? `${text} ${spec.unit}` : text;
}

/** The typed value, French decimal comma accepted ("343,20"); NaN when it is no number. */
export function parseParameterValue(text: string): number {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  return t === '' || !/^-?\d+(\.\d+)?$/.test(t) ? Number.NaN : Number(t);
}

/**
 * Dated parameters (AFIS-1, PSP-6, CONV-2, QUOR-3, VOTE-1…): the value in force of each one,
 * and a new value from today or a later day, with the history of past and scheduled values.
 * A value already in force is never modified (the API refuses it).
 */
@Component({
  selector: 'cdlp-parameters-page',
  imports: [FORM_FIELDS, AlertComponent, DayPipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container fr-my-4w">
      <h1 id="parameters-heading" tabindex="-1">Paramètres datés</h1>
      <p>
        Montants, délais et règles de délibération de la commission. Une nouvelle valeur s’applique à partir
        de sa date d’effet, au plus tôt aujourd’hui : les valeurs déjà en vigueur ne sont jamais modifiées, et
        les décisions passées gardent la valeur de leur date.
      </p>
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="loadError()" />
      @if (parameters(); as list) {
        <div
          class="fr-table"
          cdlpTable="Paramètres datés et valeurs en vigueur"
          id="table-parametres"
          [columns]="['Paramètre', 'Règle', 'Valeur en vigueur', 'Depuis le', 'Valeur programmée', 'Action']"
        >
          <tbody>
            @for (p of list; track p.key) {
              <tr>
                <td>{{ p.label }}</td>
                <td>{{ p.rule }}</td>
                <td>{{ format(p, p.currentValue) }}</td>
                <td>{{ currentFrom(p) | day }}</td>
                <td>
                  @if (scheduled(p); as s) {
                    {{ format(p, s.value) }} à partir du {{ s.validFrom | day }}
                  } @else {
                    Aucune
                  }
                </td>
                <td>
                  <button
                    type="button"
                    class="fr-btn fr-btn--sm fr-btn--secondary"
                    [attr.aria-label]="'Nouvelle valeur : ' + p.label"
                    (click)="select(p)"
                  >
                    Nouvelle valeur
                  </button>
                </td>
              </tr>
            }
          </tbody>
        </div>
      } @else if (!loadError()) {
        <p role="status">Chargement des paramètres…</p>
      }

      @if (selected(); as p) {
        <section class="fr-mt-4w" aria-labelledby="parameter-edit-heading">
          <h2 id="parameter-edit-heading" tabindex="-1">{{ p.label }}</h2>
          <p class="fr-text--sm">{{ p.description }}</p>
          <div
            class="fr-table fr-table--sm"
            [cdlpTable]="'Historique : ' + p.label"
            id="table-historique"
            [columns]="['À partir du', 'Valeur', 'État']"
          >
            <tbody>
              @for (h of p.history; track h.validFrom) {
                <tr>
                  <td>{{ h.validFrom | day }}</td>
                  <td>{{ format(p, h.value) }}</td>
                  <td>{{ h.current ? 'En vigueur' : h.validFrom > today ? 'Programmée' : 'Remplacée' }}</td>
                </tr>
              }
            </tbody>
          </div>
          <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit(p)" novalidate>
            <cdlp-alert kind="error" [text]="state.error()" />
            <cdlp-input
              fieldId="value"
              [label]="valueLabel(p)"
              [hint]="valueHint(p)"
              inputmode="decimal"
              [control]="form.controls.value"
            />
            <cdlp-input
              fieldId="validFrom"
              label="Date d’effet"
              type="date"
              hint="Aujourd’hui ou un jour à venir. Une valeur programmée pour ce jour est remplacée."
              [control]="form.controls.validFrom"
            />
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" class="fr-btn" [disabled]="state.pending()">
                  Enregistrer la valeur
                </button>
              </li>
              <li>
                <button type="button" class="fr-btn fr-btn--secondary" (click)="selected.set(null)">
                  Annuler
                </button>
              </li>
            </ul>
          </form>
        </section>
      }
    </div>
  `,
})
export class ParametersPage {
  private readonly api = inject(SettingsApi);
  readonly today = parisDate(new Date());
  readonly parameters = signal<ParameterDto[] | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly selected = signal<ParameterDto | null>(null);
  readonly state = createFormState();
  readonly form = new FormGroup({
    value: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, (c: AbstractControl) => this.valueError(c)],
    }),
    validFrom: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, (c: AbstractControl) => this.dateError(c)],
    }),
  });

  constructor() {
    this.load();
  }

  format(spec: ParameterSpec, value: number): string {
    return formatParameterValue(spec, value);
  }

  currentFrom(p: ParameterDto): string {
    return p.history.find((h) => h.current)?.validFrom ?? '';
  }

  /** The nearest value scheduled after today, if any. */
  scheduled(p: ParameterDto): { validFrom: string; value: number } | null {
    const later = p.history.filter((h) => h.validFrom > this.today);
    return later.length ? later[later.length - 1] : null;
  }

  valueLabel(p: ParameterSpec): string {
    return p.kind === 'BOOLEAN'
      ? 'Nouvelle valeur (1 pour oui, 0 pour non)'
      : `Nouvelle valeur${p.unit ? ` (${p.unit})` : ''}`;
  }

  valueHint(p: ParameterSpec): string {
    if (p.kind === 'BOOLEAN')
      return 'Valeur en vigueur : ' + formatParameterValue(p, (p as ParameterDto).currentValue) + '.';
    const kind = p.kind === 'AMOUNT' ? 'Montant, deux décimales au plus' : 'Nombre entier';
    return `${kind}, entre ${p.min} et ${p.max}.`;
  }

  select(p: ParameterDto): void {
    this.success.set(null);
    this.state.reset();
    this.selected.set(p);
    this.form.reset({ value: String(p.currentValue).replace('.', ','), validFrom: this.today });
  }

  submit(p: ParameterDto): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const value = parseParameterValue(v.value);
    this.state.send(this.api.addParameterValue(p.key, { value, validFrom: v.validFrom }), (updated) => {
      this.parameters.update((list) => list?.map((x) => (x.key === updated.key ? updated : x)) ?? null);
      this.selected.set(null);
      this.success.set(
        `« ${updated.label} » : ${formatParameterValue(updated, value)} à partir du ${formatDay(v.validFrom)}.`,
      );
    });
  }

  private load(): void {
    this.api.parameters().subscribe({
      next: (list) => this.parameters.set(list),
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  private valueError(control: AbstractControl): ValidationErrors | null {
    const spec = this.selected();
    const text = String(control.value ?? '');
    if (!spec || text.trim() === '') return null;
    const message = parameterValueError(spec, parseParameterValue(text));
    return message ? { message } : null;
  }

  private dateError(control: AbstractControl): ValidationErrors | null {
    const value = String(control.value ?? '');
    return value && value < this.today
      ? { message: 'La date d’effet ne peut pas être passée : le passé n’est jamais réécrit.' }
      : null;
  }
}
