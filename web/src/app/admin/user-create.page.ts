import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { CIVILITY_LABELS, ROLE_LABELS, ROLES, type CreateUserDto, type Role } from '@cdlp/shared';
import { map } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { FlashService } from '../core/flash.service';
import { MembersApi } from '../members/members.api';
import { createFormState, FORM_FIELDS, formValue, Option } from '../ui/form-fields';
import { FormActionsComponent, FormPageComponent } from '../ui/form-page.component';
import { optionalList } from '../ui/list-state';
import { UsersApi } from './users.api';

/** Roles that are tied to a member of the commission, or to an association. */
export const MEMBER_LINKED_ROLES: readonly Role[] = ['MEMBER', 'PRESIDENT'];
export const ASSOCIATION_LINKED_ROLES: readonly Role[] = ['ASSOCIATION'];

@Component({
  selector: 'cdlp-user-create-page',
  imports: [FORM_FIELDS, FormPageComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-form-page
      [crumbs]="[{ label: 'Comptes utilisateurs', path: '/administration/comptes' }]"
      heading="Créer un compte"
      [error]="state.error()"
    >
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
        <p class="fr-text--sm">Sauf mention contraire, tous les champs sont obligatoires.</p>
        <cdlp-input fieldId="firstName" label="Prénom" [control]="form.controls.firstName" />
        <cdlp-input fieldId="lastName" label="Nom" [control]="form.controls.lastName" />
        <cdlp-input
          fieldId="email"
          label="Adresse électronique"
          hint="Format attendu : nom@domaine.fr"
          type="email"
          autocomplete="off"
          [control]="form.controls.email"
        />
        <cdlp-select fieldId="role" label="Rôle" [options]="roleOptions" [control]="form.controls.role" />
        @if (showMember()) {
          <cdlp-select
            fieldId="memberId"
            label="Membre de la commission lié"
            hint="Rattache le compte à une fiche membre."
            placeholder="Aucun membre lié"
            [optional]="true"
            [options]="memberOptions()"
            [control]="form.controls.memberId"
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
          />
        }
        <cdlp-form-actions
          submitLabel="Créer le compte"
          [pending]="state.pending()"
          cancelLink="/administration/comptes"
        />
      </form>
    </cdlp-form-page>
  `,
})
export class UserCreatePage {
  private readonly router = inject(Router);
  private readonly api = inject(UsersApi);
  private readonly flash = inject(FlashService);

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
  readonly state = createFormState();

  private readonly values = formValue(this.form);
  private readonly role = computed(() => this.values().role);
  readonly showMember = computed(() => MEMBER_LINKED_ROLES.includes(this.role() as Role));
  readonly showAssociation = computed(() => ASSOCIATION_LINKED_ROLES.includes(this.role() as Role));
  readonly memberOptions = optionalList(
    inject(MembersApi)
      .list({ status: 'active', page: 1, pageSize: 100, sort: 'lastName', order: 'asc' })
      .pipe(
        map((p): Option[] =>
          p.items.map((m) => ({
            value: m.id,
            label: `${CIVILITY_LABELS[m.civility]} ${m.firstName} ${m.lastName} - ${m.categoryLabel}`,
          })),
        ),
      ),
  );
  readonly associationOptions = optionalList(
    inject(AssociationsApi)
      .list({ status: 'active', page: 1, pageSize: 100 })
      .pipe(map((p): Option[] => p.items.map((a) => ({ value: a.id, label: a.name })))),
  );

  submit(): void {
    if (!this.state.begin(this.form)) return;
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
    this.state.send(this.api.create(body), (user) => {
      this.flash.show(
        'success',
        `Le compte de ${user.firstName} ${user.lastName} a été créé. Un courriel lui permet de choisir son mot de passe.`,
      );
      void this.router.navigate(['/administration/comptes']);
    });
  }
}
