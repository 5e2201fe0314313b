import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@cdlp/shared';
import { map } from 'rxjs';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { matchesControl } from '../ui/validators';
import { PasswordResetApi } from './password-reset.api';

@Component({
  selector: 'cdlp-reset-password-page',
  imports: [FORM_FIELDS, RouterLink, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Choisir un nouveau mot de passe</h1>
          @if (done()) {
            <cdlp-alert kind="success" heading="Mot de passe modifié">
              Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.
            </cdlp-alert>
            <p><a class="fr-btn" routerLink="/connexion">Se connecter</a></p>
          } @else if (!token()) {
            <cdlp-alert kind="error" heading="Lien incomplet">
              Ce lien de réinitialisation est incomplet ou a expiré. Demandez un nouveau lien.
            </cdlp-alert>
            <p><a class="fr-link" routerLink="/mot-de-passe-oublie">Demander un nouveau lien</a></p>
          } @else {
            <cdlp-alert kind="error" [text]="state.error()" />
            <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
              <p class="fr-text--sm">Tous les champs sont obligatoires.</p>
              <cdlp-input
                fieldId="newPassword"
                label="Nouveau mot de passe"
                [hint]="
                  'Au moins ' + minLength + ' caractères. Une phrase de passe facile à retenir convient.'
                "
                type="password"
                autocomplete="new-password"
                [control]="form.controls.newPassword"
              />
              <cdlp-input
                fieldId="confirmation"
                label="Confirmation du nouveau mot de passe"
                type="password"
                autocomplete="new-password"
                [control]="form.controls.confirmation"
              />
              <button type="submit" class="fr-btn" [disabled]="state.pending()">
                Enregistrer le mot de passe
              </button>
            </form>
          }
        </div>
      </div>
    </div>
  `,
})
export class ResetPasswordPage {
  private readonly api = inject(PasswordResetApi);

  readonly minLength = PASSWORD_MIN_LENGTH;
  readonly token = toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((q) => q.get('token') ?? '')), {
    initialValue: '',
  });
  readonly form = new FormGroup({
    newPassword: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
    }),
    confirmation: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  readonly state = createFormState();
  readonly done = signal(false);

  constructor() {
    this.form.controls.confirmation.addValidators(
      matchesControl(
        this.form.controls.newPassword,
        'La confirmation ne correspond pas au nouveau mot de passe.',
      ),
    );
  }

  submit(): void {
    this.form.controls.confirmation.updateValueAndValidity();
    if (!this.state.begin(this.form)) return;
    this.state.send(this.api.reset(this.token(), this.form.controls.newPassword.value), () =>
      this.done.set(true),
    );
  }
}
