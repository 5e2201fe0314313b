import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { CIVILITY_LABELS, ROLE_LABELS, ROLES, type CreateUserDto, type Role } from '@cdlp/shared';
import { catchError, map, of, startWith } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { toApiError } from '../core/api-error';
import { FlashService } from '../core/flash.service';
import { MembersApi } from '../members/members.api';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import {
  focusFirstError,
  InputFieldComponent,
  Option,
  SelectFieldComponent,
  validateAndFocus,
} from '../ui/form-fields';
import { UsersApi } from './users.api';

/** Roles that are tied to a member of the commission, or to an association. */
export const MEMBER_LINKED_ROLES: readonly Role[] = ['MEMBER', 'PRESIDENT'];
export const ASSOCIATION_LINKED_ROLES: readonly Role[] = ['ASSOCIATION'];

@Component({
  selector: 'cdlp-user-create-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    InputFieldComponent,
    SelectFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Comptes utilisateurs', path: '/administration/comptes' },
          { label: 'Créer un compte' },
        ]"
      />
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-8">
          <h1>Créer un compte</h1>
          @if (error(); as message) {
            <cdlp-alert kind="error">{{ message }}</cdlp-alert>
          }
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <p class="fr-text--sm">Sauf mention contraire, tous les champs sont obligatoires.</p>
            <cdlp-input
              fieldId="firstName"
              label="Prénom"
              [control]="form.controls.firstName"
              [serverError]="fieldErrors()['firstName']"
              [submitted]="submitted()"
            />
            <cdlp-input
              fieldId="lastName"
              label="Nom"
              [control]="form.controls.lastName"
              [serverError]="fieldErrors()['lastName']"
              [submitted]="submitted()"
            />
            <cdlp-input
              fieldId="email"
              label="Adresse électronique"
              hint="Format attendu : nom@domaine.fr"
              type="email"
              autocomplete="off"
              [control]="form.controls.email"
              [serverError]="fieldErrors()['email']"
              [submitted]="submitted()"
            />
            <cdlp-select
              fieldId="role"
              label="Rôle"
              [options]="roleOptions"
              [control]="form.controls.role"
              [serverError]="fieldErrors()['role']"
              [submitted]="submitted()"
            />
            @if (showMember()) {
              <cdlp-select
                fieldId="memberId"
                label="Membre de la commission lié"
                hint="Rattache le compte à une fiche membre."
                placeholder="Aucun membre lié"
                [optional]="true"
                [options]="memberOptions()"
                [control]="form.controls.memberId"
                [serverError]="fieldErrors()['memberId']"
                [submitted]="submitted()"
              />
            }
            @if (showAssociation()) {
              <cdlp-select
                fieldId="associationId"
                label="Association liée"
                hint="Le compte agira au nom de cette association."
                placeholder="Aucune association liée"
                [optional]="true"
                [options]="associationOptions()"
                [control]="form.controls.associationId"
                [serverError]="fieldErrors()['associationId']"
                [submitted]="submitted()"
              />
            }
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
              <li><button type="submit" class="fr-btn" [disabled]="pending()">Créer le compte</button></li>
              <li><a class="fr-btn fr-btn--secondary" routerLink="/administration/comptes">Annuler</a></li>
            </ul>
          </form>
        </div>
      </div>
    </div>
  `,
})
export class UserCreatePage {
  private readonly router = inject(Router);
  private readonly api = inject(UsersApi);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly roleOptions: Option[] = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  readonly form = new FormGroup({
    firstName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    lastName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    role: new FormControl<Role | ''>('', { nonNullable: true, validators: [Validators.required] }),
    memberId: new FormControl('', { nonNullable: true }),
    associationId: new FormControl('', { nonNullable: true }),
  });
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly error = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});

  private readonly role = toSignal(
    this.form.controls.role.valueChanges.pipe(startWith(this.form.controls.role.value)),
    {
      requireSync: true,
    },
  );
  readonly showMember = computed(() => MEMBER_LINKED_ROLES.includes(this.role() as Role));
  readonly showAssociation = computed(() => ASSOCIATION_LINKED_ROLES.includes(this.role() as Role));
  readonly memberOptions = signal<Option[]>([]);
  readonly associationOptions = signal<Option[]>([]);

  constructor() {
    inject(MembersApi)
      .list({ status: 'active', page: 1, pageSize: 100, sort: 'lastName', order: 'asc' })
      .pipe(
        map((p) =>
          p.items.map((m) => ({
            value: m.id,
            label: `${CIVILITY_LABELS[m.civility]} ${m.firstName} ${m.lastName} - ${m.categoryLabel}`,
          })),
        ),
        catchError(() => of([])),
        takeUntilDestroyed(),
      )
      .subscribe((o) => this.memberOptions.set(o));
    inject(AssociationsApi)
      .list({ status: 'active', page: 1, pageSize: 100 })
      .pipe(
        map((p) => p.items.map((a) => ({ value: a.id, label: a.name }))),
        catchError(() => of([])),
        takeUntilDestroyed(),
      )
      .subscribe((o) => this.associationOptions.set(o));
  }

  submit(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    if (!validateAndFocus(this.form, this.host.nativeElement, this.injector)) return;
    const v = this.form.getRawValue();
    const role = v.role as Role;
    const body: CreateUserDto = {
      email: v.email.trim(),
      firstName: v.firstName.trim(),
      lastName: v.lastName.trim(),
      role,
      memberId: MEMBER_LINKED_ROLES.includes(role) ? v.memberId || null : null,
      associationId: ASSOCIATION_LINKED_ROLES.includes(role) ? v.associationId || null : null,
    };
    this.pending.set(true);
    this.api.create(body).subscribe({
      next: (user) => {
        this.pending.set(false);
        this.flash.show(
          'success',
          `Le compte de ${user.firstName} ${user.lastName} a été créé. Un courriel lui permet de choisir son mot de passe.`,
        );
        void this.router.navigate(['/administration/comptes']);
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
