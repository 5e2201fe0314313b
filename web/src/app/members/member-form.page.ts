import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import {
  APPOINTMENT_KIND_LABELS,
  APPOINTMENT_KINDS,
  checkSubstitution,
  CIVILITIES,
  CIVILITY_LABELS,
  type AppointmentKind,
  type Civility,
  type CreateMemberDto,
  type MemberCategoryDto,
  type MemberDto,
  type Seat,
} from '@cdlp/shared';
import { catchError, map, of } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { FlashService } from '../core/flash.service';
import { RegistryApi } from '../registry/registry.api';
import { createFormState, FORM_FIELDS, formValue, Option } from '../ui/form-fields';
import { FormActionsComponent, FormPageComponent } from '../ui/form-page.component';
import { optionalList } from '../ui/list-state';
import { phoneValidator } from '../ui/validators';
import { memberName } from './member-labels';
import { MembersApi } from './members.api';

export function memberFormGroup() {
  return new FormGroup({
    civility: new FormControl<Civility | ''>('', { nonNullable: true, validators: [Validators.required] }),
    firstName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    lastName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    categoryCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    organisation: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    function: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    // CONV-1: optional; without an address the member is convened by a printed letter.
    email: new FormControl('', { nonNullable: true, validators: [Validators.email] }),
    postalAddress: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] }),
    phone: new FormControl('', { nonNullable: true, validators: [phoneValidator] }),
    appointingOrderRef: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    termStart: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    termEnd: new FormControl('', { nonNullable: true }),
    votingRight: new FormControl(true, { nonNullable: true }),
    seat: new FormControl<Seat>('TITULAIRE', { nonNullable: true, validators: [Validators.required] }),
    appointmentKind: new FormControl<AppointmentKind | ''>('', {
      nonNullable: true,
      validators: [Validators.required],
    }),
    titulaireId: new FormControl('', { nonNullable: true }),
    excludedFromPsp: new FormControl(false, { nonNullable: true }),
    associationId: new FormControl('', { nonNullable: true }),
  });
}
export type MemberForm = ReturnType<typeof memberFormGroup>;

/** Form values -> API body (empty optional fields become null). */
export function toMemberDto(form: MemberForm): CreateMemberDto {
  const v = form.getRawValue();
  return {
    civility: v.civility as Civility,
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    categoryCode: v.categoryCode,
    organisation: v.organisation.trim(),
    function: v.function.trim(),
    email: v.email.trim() || null,
    postalAddress: v.postalAddress.trim() || null,
    phone: v.phone.trim() || null,
    appointingOrderRef: v.appointingOrderRef.trim(),
    termStart: v.termStart,
    termEnd: v.termEnd || null,
    votingRight: v.votingRight,
    seat: v.seat,
    appointmentKind: v.appointmentKind as AppointmentKind,
    titulaireId: v.seat === 'SUPPLEANT' ? v.titulaireId || null : null,
    excludedFromPsp: v.excludedFromPsp,
    associationId: v.associationId || null,
  };
}

@Component({
  selector: 'cdlp-member-form-page',
  imports: [FORM_FIELDS, FormPageComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-form-page
      [crumbs]="[{ label: 'Membres', path: '/membres' }]"
      [heading]="heading()"
      [error]="state.error()"
      [loading]="!state.loaded()"
    >
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
        <p class="fr-text--sm">Sauf mention contraire, tous les champs sont obligatoires.</p>

        <h2 class="fr-h5">Identité</h2>
        <cdlp-radios
          fieldId="civility"
          label="Civilité"
          [options]="civilityOptions"
          [control]="form.controls.civility"
        />
        <cdlp-input
          fieldId="firstName"
          label="Prénom"
          autocomplete="off"
          [control]="form.controls.firstName"
        />
        <cdlp-input fieldId="lastName" label="Nom" autocomplete="off" [control]="form.controls.lastName" />
        <cdlp-input
          fieldId="email"
          label="Adresse électronique"
          hint="Format attendu : nom@domaine.fr. Sans adresse électronique, les convocations sont envoyées par courrier (lettre à imprimer depuis la séance)."
          type="email"
          autocomplete="off"
          [optional]="true"
          [control]="form.controls.email"
        />
        <cdlp-input
          fieldId="postalAddress"
          label="Adresse postale"
          hint="Une ligne par ligne de l’adresse, par exemple : 12 rue Carnot, puis 86000 Poitiers"
          autocomplete="off"
          [multiline]="true"
          [rows]="3"
          [optional]="true"
          [control]="form.controls.postalAddress"
        />
        <cdlp-input
          fieldId="phone"
          label="Téléphone"
          hint="Par exemple : 05 56 00 00 00"
          type="tel"
          autocomplete="off"
          [optional]="true"
          [control]="form.controls.phone"
        />

        <h2 class="fr-h5 fr-mt-4w">Fonctions</h2>
        <cdlp-select
          fieldId="categoryCode"
          label="Catégorie de membre"
          [options]="categoryOptions()"
          [control]="form.controls.categoryCode"
        />
        <cdlp-input
          fieldId="organisation"
          label="Organisme"
          hint="Service, assemblée ou organisme représenté"
          [control]="form.controls.organisation"
        />
        <cdlp-input fieldId="function" label="Fonction" [control]="form.controls.function" />
        <cdlp-select
          fieldId="associationId"
          label="Association représentée"
          hint="Pour le représentant d'une association agréée : il présente les dossiers de son association mais ne vote pas sur eux (COMP-4)."
          placeholder="Aucune association"
          [optional]="true"
          [options]="associationOptions()"
          [control]="form.controls.associationId"
        />
        <cdlp-select
          fieldId="appointmentKind"
          label="Mode de désignation"
          hint="Il détermine qui peut suppléer le membre (MEMB-1)."
          [options]="appointmentKindOptions"
          [control]="form.controls.appointmentKind"
        />

        <h2 class="fr-h5 fr-mt-4w">Mandat</h2>
        <cdlp-input
          fieldId="appointingOrderRef"
          label="Référence de l'arrêté de nomination"
          hint="Par exemple : arrêté préfectoral n° 2026-042"
          [control]="form.controls.appointingOrderRef"
        />
        <cdlp-input
          fieldId="termStart"
          label="Début du mandat"
          type="date"
          [control]="form.controls.termStart"
        />
        <cdlp-input
          fieldId="termEnd"
          label="Fin prévue du mandat"
          type="date"
          [optional]="true"
          [control]="form.controls.termEnd"
        />
        <cdlp-checkbox
          fieldId="votingRight"
          label="Voix délibérative"
          hint="Décochez pour un membre siégeant avec voix consultative."
          [control]="form.controls.votingRight"
        />
        <cdlp-checkbox
          fieldId="excludedFromPsp"
          label="Exclu des examens individuels (COMP-3)"
          hint="Le membre ne siège pas lors de l'examen des demandes individuelles de parcours de sortie. La valeur par défaut dépend de la catégorie."
          [control]="form.controls.excludedFromPsp"
        />

        <h2 class="fr-h5 fr-mt-4w">Siège</h2>
        <cdlp-radios
          fieldId="seat"
          label="Siège occupé"
          [options]="seatOptions"
          [control]="form.controls.seat"
        />
        @if (seat() === 'SUPPLEANT') {
          <cdlp-select
            fieldId="titulaireId"
            label="Titulaire suppléé"
            hint="Titulaires en fonction ; la suppléance doit respecter les règles de MEMB-1."
            placeholder="Aucun titulaire pour le moment"
            [optional]="true"
            [options]="titulaireOptions()"
            [control]="form.controls.titulaireId"
          />
          @if (substitutionWarnings().length > 0) {
            <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" role="status">
              <p>Cette suppléance ne semble pas permise :</p>
              <ul>
                @for (w of substitutionWarnings(); track w) {
                  <li>{{ w }}</li>
                }
              </ul>
            </div>
          }
        }

        <cdlp-form-actions
          [submitLabel]="isEdit() ? 'Enregistrer les modifications' : 'Ajouter le membre'"
          [pending]="state.pending()"
          [cancelLink]="isEdit() ? ['/membres', id()!] : ['/membres']"
        />
      </form>
    </cdlp-form-page>
  `,
})
export class MemberFormPage implements OnInit {
  private readonly api = inject(MembersApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);

  /** Route parameter :id, absent when creating a member. */
  readonly id = input<string>();
  readonly isEdit = computed(() => !!this.id());
  readonly heading = computed(() => (this.isEdit() ? 'Modifier un membre' : 'Ajouter un membre'));

  readonly form = memberFormGroup();
  readonly state = createFormState();

  readonly civilityOptions: Option[] = CIVILITIES.map((c) => ({ value: c, label: CIVILITY_LABELS[c] }));
  readonly seatOptions: Option[] = [
    { value: 'TITULAIRE', label: 'Titulaire' },
    { value: 'SUPPLEANT', label: 'Suppléant(e)' },
  ];
  readonly appointmentKindOptions: Option[] = APPOINTMENT_KINDS.map((k) => ({
    value: k,
    label: APPOINTMENT_KIND_LABELS[k],
  }));
  readonly categories = signal<MemberCategoryDto[]>([]);
  readonly categoryOptions = computed<Option[]>(() =>
    this.categories().map((c) => ({ value: c.code, label: c.label })),
  );
  readonly titulaires = signal<MemberDto[]>([]);
  readonly titulaireOptions = computed<Option[]>(() =>
    this.titulaires()
      .filter((t) => t.id !== this.id())
      .map((t) => ({ value: t.id, label: `${memberName(t)} - ${t.categoryLabel}, ${t.organisation}` })),
  );

  /** COMP-4: the associations of the département (the API refuses any other). */
  readonly associationOptions = optionalList(
    inject(AssociationsApi)
      .list({ status: 'active', page: 1, pageSize: 100 })
      .pipe(map((p): Option[] => p.items.map((a) => ({ value: a.id, label: a.name })))),
  );

  private readonly values = formValue(this.form);
  readonly seat = computed(() => this.values().seat);
  /** MEMB-1 checked in the browser too, as a hint: the API decides. */
  readonly substitutionWarnings = computed(() => {
    const v = this.values();
    const titulaire = this.titulaires().find((t) => t.id === v.titulaireId);
    if (v.seat !== 'SUPPLEANT' || !titulaire || !v.appointmentKind || !v.categoryCode) return [];
    return checkSubstitution(titulaire, {
      id: this.id() ?? 'nouveau',
      seat: v.seat,
      appointmentKind: v.appointmentKind,
      categoryCode: v.categoryCode,
      organisation: v.organisation,
      active: true,
    });
  });

  constructor() {
    inject(RegistryApi)
      .memberCategories()
      .pipe(
        catchError(() => of([])),
        takeUntilDestroyed(),
      )
      .subscribe((c) => this.categories.set(c));
    this.api
      .list({ status: 'active', page: 1, pageSize: 100, sort: 'lastName', order: 'asc' })
      .pipe(
        map((p) => p.items.filter((m) => m.seat === 'TITULAIRE')),
        catchError(() => of([])),
        takeUntilDestroyed(),
      )
      .subscribe((t) => this.titulaires.set(t));
    // COMP-3: the category proposes the default of "excluded from individual examinations".
    this.form.controls.categoryCode.valueChanges.pipe(takeUntilDestroyed()).subscribe((code) => {
      const category = this.categories().find((c) => c.code === code);
      if (category && this.form.controls.excludedFromPsp.pristine) {
        this.form.controls.excludedFromPsp.setValue(category.excludedFromPspByDefault);
      }
    });
  }

  ngOnInit(): void {
    const id = this.id();
    this.state.load(id ? this.api.get(id) : null, (m) =>
      this.form.setValue({
        civility: m.civility,
        firstName: m.firstName,
        lastName: m.lastName,
        categoryCode: m.categoryCode,
        organisation: m.organisation,
        function: m.function,
        email: m.email ?? '',
        postalAddress: m.postalAddress ?? '',
        phone: m.phone ?? '',
        appointingOrderRef: m.appointingOrderRef,
        termStart: m.termStart,
        termEnd: m.termEnd ?? '',
        votingRight: m.votingRight,
        seat: m.seat,
        appointmentKind: m.appointmentKind,
        titulaireId: m.titulaireId ?? '',
        excludedFromPsp: m.excludedFromPsp,
        associationId: m.associationId ?? '',
      }),
    );
  }

  submit(): void {
    if (!this.state.begin(this.form)) return;
    const body = toMemberDto(this.form);
    const id = this.id();
    this.state.send(id ? this.api.update(id, body) : this.api.create(body), (saved) => {
      this.flash.show(
        'success',
        id
          ? 'Les modifications ont été enregistrées.'
          : `${memberName(saved)} a été ajouté(e) à la commission.`,
      );
      void this.router.navigate(['/membres', saved.id]);
    });
  }
}
