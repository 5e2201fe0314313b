import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { approvalEndDate, isIsoDate, type CreateAssociationDto } from '@cdlp/shared';
import { map, startWith } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { formatDay } from '../ui/dates';
import { focusFirstError, InputFieldComponent, validateAndFocus } from '../ui/form-fields';
import { AssociationsApi } from './associations.api';

const PHONE_PATTERN = /^\+?[0-9 .-]{6,20}$/;
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
    phone: new FormControl('', {
      nonNullable: true,
      validators: [
        (c) =>
          c.value && !PHONE_PATTERN.test(c.value as string)
            ? { message: "Le numéro de téléphone n'est pas valide." }
            : null,
      ],
    }),
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
  imports: [ReactiveFormsModule, RouterLink, AlertComponent, BreadcrumbComponent, InputFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: 'Associations', path: '/associations' }, { label: heading() }]" />
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-8">
          <h1>{{ heading() }}</h1>
          @if (error(); as message) {
            <cdlp-alert kind="error">{{ message }}</cdlp-alert>
          }
          @if (isEdit() && !loaded()) {
            <p role="status">Chargement de la fiche…</p>
          } @else {
            <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
              <p class="fr-text--sm">Sauf mention contraire, tous les champs sont obligatoires.</p>
              <cdlp-input
                fieldId="name"
                label="Nom de l'association"
                [control]="form.controls.name"
                [serverError]="fieldErrors()['name']"
                [submitted]="submitted()"
              />
              <cdlp-input
                fieldId="email"
                label="Adresse électronique"
                hint="Format attendu : nom@domaine.fr"
                type="email"
                [control]="form.controls.email"
                [serverError]="fieldErrors()['email']"
                [submitted]="submitted()"
              />
              <cdlp-input
                fieldId="phone"
                label="Téléphone"
                type="tel"
                [optional]="true"
                [control]="form.controls.phone"
                [serverError]="fieldErrors()['phone']"
                [submitted]="submitted()"
              />
              <cdlp-input
                fieldId="address"
                label="Adresse postale"
                [optional]="true"
                [multiline]="true"
                [control]="form.controls.address"
                [serverError]="fieldErrors()['address']"
                [submitted]="submitted()"
              />
              <cdlp-input
                fieldId="approvalOrderRef"
                label="Référence de l'arrêté d'agrément"
                [control]="form.controls.approvalOrderRef"
                [serverError]="fieldErrors()['approvalOrderRef']"
                [submitted]="submitted()"
              />
              <cdlp-input
                fieldId="approvalStart"
                label="Début de l'agrément"
                [hint]="approvalEndHint()"
                type="date"
                [control]="form.controls.approvalStart"
                [serverError]="fieldErrors()['approvalStart']"
                [submitted]="submitted()"
              />
              <cdlp-input
                fieldId="departementCodes"
                label="Départements couverts"
                hint="Codes séparés par des virgules, par exemple : 33, 24, 2A"
                [control]="form.controls.departementCodes"
                [serverError]="fieldErrors()['departementCodes']"
                [submitted]="submitted()"
              />
              <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                <li>
                  <button type="submit" class="fr-btn" [disabled]="pending()">
                    {{ isEdit() ? 'Enregistrer les modifications' : "Ajouter l'association" }}
                  </button>
                </li>
                <li>
                  <a
                    class="fr-btn fr-btn--secondary"
                    [routerLink]="isEdit() ? ['/associations', id()] : ['/associations']"
                    >Annuler</a
                  >
                </li>
              </ul>
            </form>
          }
        </div>
      </div>
    </div>
  `,
})
export class AssociationFormPage implements OnInit {
  private readonly api = inject(AssociationsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly id = input<string>();
  readonly isEdit = computed(() => !!this.id());
  readonly heading = computed(() => (this.isEdit() ? 'Modifier une association' : 'Ajouter une association'));
  readonly form = associationFormGroup();
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});

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
    if (!id) {
      this.loaded.set(true);
      return;
    }
    this.api.get(id).subscribe({
      next: (a) => {
        this.form.setValue({
          name: a.name,
          email: a.email,
          phone: a.phone ?? '',
          address: a.address ?? '',
          approvalOrderRef: a.approvalOrderRef,
          approvalStart: a.approvalStart,
          departementCodes: a.departementCodes.join(', '),
        });
        this.loaded.set(true);
      },
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
  }

  submit(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    if (!validateAndFocus(this.form, this.host.nativeElement, this.injector)) return;
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
    this.pending.set(true);
    (id ? this.api.update(id, body) : this.api.create(body)).subscribe({
      next: (saved) => {
        this.pending.set(false);
        this.flash.show(
          'success',
          id ? 'Les modifications ont été enregistrées.' : `L'association ${saved.name} a été ajoutée.`,
        );
        void this.router.navigate(['/associations', saved.id]);
      },
      error: (err: unknown) => {
        this.pending.set(false);
        const apiError = toApiError(err);
        this.error.set(apiError.message);
        this.fieldErrors.set(apiError.fieldErrors);
        focusFirstError(this.host.nativeElement, this.injector);
      },
    });
  }
}
