import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { approvalEndDate, isIsoDate, type CreateAssociationDto } from '@cdlp/shared';
import { map, startWith } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { formatDay } from '../ui/dates';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { FormActionsComponent, FormPageComponent } from '../ui/form-page.component';
import { phoneValidator } from '../ui/validators';
import { AssociationsApi } from './associations.api';
const DEPARTEMENT_PATTERN = /^(\d{2}|2A|2B|97\d)$/;

/** "33, 24 ; 47" -> ["33", "24", "47"] (upper-cased, without duplicates). */
export function parseDepartementCodes(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== ''),
    ),
  ];
}

export function associationFormGroup() {
  return new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    phone: new FormControl('', { nonNullable: true, validators: [phoneValidator] }),
    address: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] }),
    approvalOrderRef: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    approvalStart: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    departementCodes: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        (c) => {
          const codes = parseDepartementCodes(c.value as string);
          const bad = codes.find((code) => !DEPARTEMENT_PATTERN.test(code));
          return bad ? { message: `Le code de département « ${bad} » est invalide.` } : null;
        },
      ],
    }),
  });
}

@Component({
  selector: 'cdlp-association-form-page',
  imports: [FORM_FIELDS, FormPageComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-form-page
      [crumbs]="[{ label: 'Associations', path: '/associations' }]"
      [heading]="heading()"
      [error]="state.error()"
      [loading]="!state.loaded()"
    >
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
        <p class="fr-text--sm">Sauf mention contraire, tous les champs sont obligatoires.</p>
        <cdlp-input fieldId="name" label="Nom de l'association" [control]="form.controls.name" />
        <cdlp-input
          fieldId="email"
          label="Adresse électronique"
          hint="Format attendu : nom@domaine.fr"
          type="email"
          [control]="form.controls.email"
        />
        <cdlp-input
          fieldId="phone"
          label="Téléphone"
          type="tel"
          [optional]="true"
          [control]="form.controls.phone"
        />
        <cdlp-input
          fieldId="address"
          label="Adresse postale"
          [optional]="true"
          [multiline]="true"
          [control]="form.controls.address"
        />
        <cdlp-input
          fieldId="approvalOrderRef"
          label="Référence de l'arrêté d'agrément"
          [control]="form.controls.approvalOrderRef"
        />
        <cdlp-input
          fieldId="approvalStart"
          label="Début de l'agrément"
          [hint]="approvalEndHint()"
          type="date"
          [control]="form.controls.approvalStart"
        />
        <cdlp-input
          fieldId="departementCodes"
          label="Départements couverts"
          hint="Codes séparés par des virgules, par exemple : 33, 24, 2A"
          [control]="form.controls.departementCodes"
        />
        <cdlp-form-actions
          [submitLabel]="submitLabel()"
          [pending]="state.pending()"
          [cancelLink]="isEdit() ? ['/associations', id()!] : ['/associations']"
        />
      </form>
    </cdlp-form-page>
  `,
})
export class AssociationFormPage implements OnInit {
  private readonly api = inject(AssociationsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);

  readonly id = input<string>();
  readonly isEdit = computed(() => !!this.id());
  readonly heading = computed(() => (this.isEdit() ? 'Modifier une association' : 'Ajouter une association'));
  readonly submitLabel = computed(() =>
    this.isEdit() ? 'Enregistrer les modifications' : "Ajouter l'association",
  );
  readonly form = associationFormGroup();
  readonly state = createFormState();

  private readonly approvalStart = toSignal(
    this.form.controls.approvalStart.valueChanges.pipe(
      startWith(''),
      map(() => this.form.controls.approvalStart.value),
    ),
    { requireSync: true },
  );
  /** PSP-2: the approval lasts three years; the end date is computed, not typed. */
  readonly approvalEndHint = computed(() => {
    const start = this.approvalStart();
    return isIsoDate(start)
      ? `L'agrément est valable 3 ans : jusqu'au ${formatDay(approvalEndDate(start))} inclus.`
      : "L'agrément est valable 3 ans à compter de cette date.";
  });

  constructor() {
    const departement = inject(AuthService).user()?.departementCode;
    if (departement) this.form.controls.departementCodes.setValue(departement);
  }

  ngOnInit(): void {
    const id = this.id();
    this.state.load(id ? this.api.get(id) : null, (a) =>
      this.form.setValue({
        name: a.name,
        email: a.email,
        phone: a.phone ?? '',
        address: a.address ?? '',
        approvalOrderRef: a.approvalOrderRef,
        approvalStart: a.approvalStart,
        departementCodes: a.departementCodes.join(', '),
      }),
    );
  }

  submit(): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const body: CreateAssociationDto = {
      name: v.name.trim(),
      email: v.email.trim(),
      phone: v.phone.trim() || null,
      address: v.address.trim() || null,
      approvalOrderRef: v.approvalOrderRef.trim(),
      approvalStart: v.approvalStart,
      departementCodes: parseDepartementCodes(v.departementCodes),
    };
    const id = this.id();
    this.state.send(id ? this.api.update(id, body) : this.api.create(body), (saved) => {
      this.flash.show(
        'success',
        id ? 'Les modifications ont été enregistrées.' : `L'association ${saved.name} a été ajoutée.`,
      );
      void this.router.navigate(['/associations', saved.id]);
    });
  }
}
