import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { PasswordResetApi } from './password-reset.api';

@Component({
  selector: 'cdlp-forgot-password-page',
  imports: [FORM_FIELDS, RouterLink, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Mot de passe oublié</h1>
          @if (sent()) {
            <cdlp-alert kind="success" heading="Demande enregistrée">
              Si un compte existe pour cette adresse, un courriel contenant un lien de réinitialisation vient
              d'être envoyé. Le lien est valable pour une durée limitée.
            </cdlp-alert>
            <p>
              <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" routerLink="/connexion"
                >Retour à la connexion</a
              >
            </p>
          } @else {
            <p>
              Indiquez l'adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau
              mot de passe.
            </p>
            <cdlp-alert kind="error" [text]="state.error()" />
            <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
              <cdlp-input
                fieldId="email"
                label="Adresse électronique"
                hint="Format attendu : nom@domaine.fr"
                type="email"
                autocomplete="email"
                [control]="form.controls.email"
              />
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button type="submit" class="fr-btn" [disabled]="state.pending()">Recevoir le lien</button>
                </li>
                <li><a class="fr-btn fr-btn--secondary" routerLink="/connexion">Annuler</a></li>
              </ul>
            </form>
          }
        </div>
      </div>
    </div>
  `,
})
export class ForgotPasswordPage {
  private readonly api = inject(PasswordResetApi);

  readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
  });
  readonly state = createFormState();
  readonly sent = signal(false);

  submit(): void {
    if (!this.state.begin(this.form)) return;
    this.state.send(this.api.request(this.form.controls.email.value.trim()), () => this.sent.set(true));
  }
}
