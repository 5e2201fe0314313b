import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import {
  addDays,
  parisDate,
  PSP_REQUEST_KIND_LABELS,
  PSP_REQUEST_KINDS,
  type ChecklistItemDto,
  type PspRequestKind,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe, formatDay } from '../ui/dates';
import { createFormState, FORM_FIELDS, type Option } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { countValidator } from '../ui/validators';
import { checklistPieces, type ChecklistPiece } from './checklist-versions';
import { SettingsApi } from './settings.api';

type Editing = { piece: ChecklistPiece } | { piece: null };

/**
 * PSP-3: the checklist of each kind of request, as dated versions. A change is a new version from
 * a later day (the API closes the previous one); a new piece starts today or later. The history
 * of a piece lists its versions.
 */
@Component({
  selector: 'cdlp-checklist-page',
  imports: [FORM_FIELDS, AlertComponent, DayPipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container fr-my-4w">
      <h1>Pièces justificatives des demandes</h1>
      <p>
        Liste des pièces demandées aux associations pour chaque type de demande. Une modification crée une
        nouvelle version datée : les demandes déjà déposées gardent la liste de leur date.
      </p>
      <form [formGroup]="kindForm" class="fr-mb-2w">
        <cdlp-radios
          fieldId="kind"
          label="Type de demande"
          [options]="kindOptions"
          [control]="kindForm.controls.kind"
        />
      </form>
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="loadError()" />
      @if (pieces(); as list) {
        <div
          class="fr-table fr-table--multiline"
          [cdlpTable]="'Pièces : ' + kindLabel()"
          id="table-pieces"
          [columns]="['Pièce', 'Obligatoire', 'En vigueur depuis', 'Version programmée', 'Actions']"
        >
          <tbody>
            @for (p of list; track p.code) {
              <tr>
                <td>
                  {{ p.shown.label }}
                  @if (p.shown.maxAgeMonths) {
                    <p class="fr-text--xs fr-mb-0">De moins de {{ p.shown.maxAgeMonths }} mois</p>
                  }
                </td>
                <td>{{ p.shown.required ? 'Oui' : 'Non' }}</td>
                <td>{{ p.shown.validFrom > today ? 'À venir' : (p.shown.validFrom | day) }}</td>
                <td>
                  @if (p.scheduled; as s) {
                    « {{ s.label }} » à partir du {{ s.validFrom | day }}
                  } @else {
                    Aucune
                  }
                </td>
                <td>
                  <ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
                    <li>
                      <button
                        type="button"
                        class="fr-btn fr-btn--sm fr-btn--secondary"
                        [disabled]="!p.open"
                        [attr.aria-label]="'Modifier la pièce « ' + p.shown.label + ' »'"
                        (click)="edit(p)"
                      >
                        Modifier
                      </button>
                    </li>
                    <li>
                      <button
                        type="button"
                        class="fr-btn fr-btn--sm fr-btn--tertiary"
                        [attr.aria-label]="'Historique de la pièce « ' + p.shown.label + ' »'"
                        (click)="history.set(history() === p.code ? null : p.code)"
                      >
                        Historique
                      </button>
                    </li>
                  </ul>
                </td>
              </tr>
              @if (history() === p.code) {
                <tr>
                  <td colspan="5">
                    <div
                      class="fr-table fr-table--sm fr-mb-0"
                      [cdlpTable]="'Versions de la pièce « ' + p.shown.label + ' »'"
                      id="table-versions"
                      [columns]="['Du', 'Au', 'Libellé', 'Obligatoire']"
                    >
                      <tbody>
                        @for (v of p.versions; track v.id) {
                          <tr>
                            <td>{{ v.validFrom | day }}</td>
                            <td>{{ v.validTo ? (v.validTo | day) : 'Sans date de fin' }}</td>
                            <td>{{ v.label }}</td>
                            <td>{{ v.required ? 'Oui' : 'Non' }}</td>
                          </tr>
                        }
                      </tbody>
                    </div>
                  </td>
                </tr>
              }
            }
          </tbody>
        </div>
        <button
          type="button"
          class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left"
          (click)="add()"
        >
          Ajouter une pièce
        </button>
      } @else if (!loadError()) {
        <p role="status">Chargement des pièces…</p>
      }

      @if (editing(); as e) {
        <section class="fr-mt-4w" aria-labelledby="piece-edit-heading">
          <h2 id="piece-edit-heading">
            {{
              e.piece
                ? 'Nouvelle version de « ' + e.piece.shown.label + ' »'
                : 'Nouvelle pièce : ' + kindLabel()
            }}
          </h2>
          <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit(e)" novalidate>
            <cdlp-alert kind="error" [text]="state.error()" />
            <cdlp-input fieldId="label" label="Libellé" [control]="form.controls.label" />
            <cdlp-checkbox
              fieldId="required"
              label="Pièce obligatoire"
              [hint]="
                e.piece?.shown?.neverRequiredReason
                  ? 'Ne peut jamais être exigée (' + e.piece?.shown?.neverRequiredReason + ', PSP-3b).'
                  : null
              "
              [control]="form.controls.required"
            />
            <cdlp-input
              fieldId="maxAgeMonths"
              label="Ancienneté maximale, en mois"
              [optional]="true"
              inputmode="numeric"
              hint="Par exemple 6 pour un justificatif de domicile de moins de 6 mois."
              [control]="form.controls.maxAgeMonths"
            />
            <cdlp-input
              fieldId="validFrom"
              label="Date d’effet"
              type="date"
              [hint]="dateHint(e)"
              [control]="form.controls.validFrom"
            />
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" class="fr-btn" [disabled]="state.pending()">
                  Enregistrer la version
                </button>
              </li>
              <li>
                <button type="button" class="fr-btn fr-btn--secondary" (click)="editing.set(null)">
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
export class ChecklistPage {
  private readonly api = inject(SettingsApi);
  readonly today = parisDate(new Date());
  readonly kindOptions: Option[] = PSP_REQUEST_KINDS.map((k) => ({
    value: k,
    label: PSP_REQUEST_KIND_LABELS[k],
  }));
  readonly kindForm = new FormGroup({
    kind: new FormControl<PspRequestKind>('INITIAL', { nonNullable: true }),
  });
  readonly pieces = signal<ChecklistPiece[] | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly history = signal<string | null>(null);
  readonly editing = signal<Editing | null>(null);
  readonly state = createFormState();
  readonly form = new FormGroup({
    label: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(500)],
    }),
    required: new FormControl(false, { nonNullable: true }),
    maxAgeMonths: new FormControl('', {
      nonNullable: true,
      validators: [countValidator(2, 60, 'L’ancienneté maximale est un nombre entier de mois, de 1 à 60.')],
    }),
    validFrom: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, (c: AbstractControl) => this.dateError(c)],
    }),
  });

  constructor() {
    this.load();
    this.kindForm.controls.kind.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      this.editing.set(null);
      this.history.set(null);
      this.success.set(null);
      this.load();
    });
  }

  kindLabel(): string {
    return PSP_REQUEST_KIND_LABELS[this.kindForm.controls.kind.value];
  }

  /** The earliest day a version may start: after the open version's start, and never in the past. */
  earliest(e: Editing): string {
    if (!e.piece?.open) return this.today;
    const afterOpen = addDays(e.piece.open.validFrom, 1);
    return afterOpen > this.today ? afterOpen : this.today;
  }

  dateHint(e: Editing): string {
    return `Au plus tôt le ${formatDay(this.earliest(e))}.`;
  }

  edit(piece: ChecklistPiece): void {
    const open = piece.open;
    if (!open) return;
    this.begin({ piece });
    this.form.reset({
      label: open.label,
      required: open.required,
      maxAgeMonths: open.maxAgeMonths === null ? '' : String(open.maxAgeMonths),
      validFrom: this.earliest({ piece }),
    });
    if (open.neverRequiredReason) this.form.controls.required.disable();
  }

  add(): void {
    this.begin({ piece: null });
    this.form.reset({ label: '', required: false, maxAgeMonths: '', validFrom: this.today });
  }

  submit(e: Editing): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const common = {
      label: v.label.trim(),
      required: v.required,
      maxAgeMonths: v.maxAgeMonths.trim() === '' ? null : Number(v.maxAgeMonths),
      validFrom: v.validFrom,
    };
    const request: Observable<ChecklistItemDto> = e.piece?.open
      ? this.api.updateChecklistItem(e.piece.open.id, common)
      : this.api.addChecklistItem({ kind: this.kindForm.controls.kind.value, ...common });
    this.state.send(request, (saved) => {
      this.editing.set(null);
      this.success.set(`La pièce « ${saved.label} » s’applique à partir du ${formatDay(saved.validFrom)}.`);
      this.load();
    });
  }

  private begin(e: Editing): void {
    this.success.set(null);
    this.state.reset();
    this.form.controls.required.enable();
    this.editing.set(e);
  }

  private load(): void {
    this.loadError.set(null);
    this.api.checklist(this.kindForm.controls.kind.value).subscribe({
      next: (items) => this.pieces.set(checklistPieces(items, this.today)),
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  private dateError(control: AbstractControl): ValidationErrors | null {
    const e = this.editing();
    const value = String(control.value ?? '');
    if (!e || !value) return null;
    const earliest = this.earliest(e);
    return value < earliest
      ? { message: `La date d’effet doit être au plus tôt le ${formatDay(earliest)}.` }
      : null;
  }
}
