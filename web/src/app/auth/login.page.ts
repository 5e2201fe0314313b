import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { PROCONNECT_INFO_URL } from '@cdlp/shared';
import { safeReturnUrl } from '../core/auth.guards';
import { AuthService } from '../core/auth.service';
import { BrowserLocation } from '../core/browser-location';
import { AlertComponent } from '../ui/alert.component';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';

@Component({
  selector: 'cdlp-login-page',
  imports: [FORM_FIELDS, RouterLink, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container fr-container--fluid fr-mb-md-14v">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <div class="fr-container cdlp-bg-alt fr-px-md-0 fr-py-10v fr-py-md-14v">
            <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center">
              <div class="fr-col-12 fr-col-md-9 fr-col-lg-8">
                <h1>Connexion au portail de la commission</h1>
                <cdlp-alert kind="error" [text]="state.error()" />
                @if (methods()?.proConnect) {
                  <!-- ProConnect first, then the other ways (ProConnect's journey guidelines). -->
                  <section class="fr-mb-6v" aria-labelledby="proconnect-title">
                    <h2 class="fr-h5" id="proconnect-title">Agents de l’État</h2>
                    <p class="fr-text--sm">
                      Secrétariat, présidence, administration et membres représentant un service de l’État,
                      après invitation par l’administrateur du portail.
                    </p>
                    <div class="fr-connect-group">
                      <button type="button" class="fr-connect cdlp-proconnect" (click)="proConnect()">
                        <span class="fr-connect__login">S’identifier avec </span>
                        <span class="fr-connect__brand">ProConnect</span>
                      </button>
                      <p>
                        <a
                          [href]="proConnectInfoUrl"
                          target="_blank"
                          rel="noopener"
                          title="Qu’est-ce que ProConnect ? - nouvelle fenêtre"
                          >Qu’est-ce que ProConnect ?</a
                        >
                      </p>
                    </div>
                  </section>
                  <p class="fr-hr-or">ou</p>
                }
                <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
                  <fieldset class="fr-fieldset" aria-labelledby="login-legend">
                    <legend class="fr-fieldset__legend" id="login-legend">
                      <h2 class="fr-h5 fr-mb-0">Se connecter avec son compte</h2>
                    </legend>
                    <div class="fr-fieldset__element">
                      <p class="fr-text--sm fr-mb-0">Tous les champs sont obligatoires.</p>
                    </div>
                    <div class="fr-fieldset__element">
                      <cdlp-input
                        fieldId="email"
                        label="Adresse électronique"
                        hint="Format attendu : nom@domaine.fr"
                        type="email"
                        autocomplete="username"
                        [control]="form.controls.email"
                      />
                    </div>
                    <div class="fr-fieldset__element">
                      <cdlp-input
                        fieldId="password"
                        label="Mot de passe"
                        type="password"
                        autocomplete="current-password"
                        [control]="form.controls.password"
                      />
                      <p class="fr-mb-0">
                        <a class="fr-link fr-link--sm" routerLink="/mot-de-passe-oublie"
                          >Mot de passe oublié ?</a
                        >
                      </p>
                    </div>
                  </fieldset>
                  <ul class="fr-btns-group">
                    <li>
                      <button type="submit" class="fr-btn" [disabled]="state.pending()">
                        {{ state.pending() ? 'Connexion en cours…' : 'Se connecter' }}
                      </button>
                    </li>
                  </ul>
                </form>
              </div>
            </div>
          </div>
        </div>
      </div>
    </div>
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly location = inject(BrowserLocation);

  /** The ProConnect button is shown only when the portal is configured for it. */
  readonly methods = toSignal(this.auth.loginMethods());
  readonly proConnectInfoUrl = PROCONNECT_INFO_URL;

  readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  readonly state = createFormState();

  /** A full-page navigation: the api redirects to ProConnect, which comes back to the api's callback. */
  proConnect(): void {
    const target = safeReturnUrl(this.route.snapshot.queryParamMap.get('retour'));
    this.location.assign(`/api/auth/proconnect/login?retour=${encodeURIComponent(target)}`);
  }

  submit(): void {
    if (!this.state.begin(this.form)) return;
    const { email, password } = this.form.getRawValue();
    this.state.send(
      this.auth.login(email.trim(), password),
      () => void this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('retour'))),
      () => this.form.controls.password.reset(''),
    );
  }
}
