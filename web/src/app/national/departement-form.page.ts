import { ChangeDetectionStrategy, Component, computed, effect, inject, input, OnInit } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { commissionName, isDepartementCode, type NationalDepartementDto } from '@cdlp/shared';
import { FlashService } from '../core/flash.service';
import { createFormState, FORM_FIELDS, formValue } from '../ui/form-fields';
import { FormActionsComponent, FormPageComponent } from '../ui/form-page.component';
import { DepartementsApi } from './departements.api';

/** The characters a From header cannot hold (the API says the same: OpenDepartementDto). */
const SENDER_NAME = /^[^"<>\\\r\n]+$/;

const text = (max: number) =>
  new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(max)] });

export function departementFormGroup() {
  return new FormGroup({
    code: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        (c) =>
          !c.value || isDepartementCode(String(c.value).trim().toUpperCase())
            ? null
            : { message: 'Le code du département est invalide : 01 à 95, 2A, 2B ou 971 à 976.' },
      ],
    }),
    name: text(100),
    prefecture: text(100),
    mailSenderName: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.maxLength(100),
        (c) =>
          !c.value || SENDER_NAME.test(String(c.value))
            ? null
            : {
                message:
                  'Le nom d’expéditeur ne peut contenir ni guillemets, ni chevrons, ni barre oblique inverse, ni retour à la ligne.',
              },
      ],
    }),
    secretariatEmail: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.email],
    }),
    secretariatFirstName: text(100),
    secretariatLastName: text(100),
  });
}

/**
 * TENANT-1: opens a département on the national instance (with its first secretariat
 * account, which receives the activation e-mail), or changes one (name, préfecture, sender
 * name). The API checks everything again and names the fields at fault, in French.
 */
@Component({
  selector: 'cdlp-departement-form-page',
  imports: [FORM_FIELDS, FormPageComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-form-page
      [crumbs]="[{ label: 'Départements', path: '/national/departements' }]"
      [heading]="heading()"
      [error]="state.error()"
      [loading]="!state.loaded()"
    >
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
        <p class="fr-text--sm">Tous les champs sont obligatoires.</p>
        @if (!isEdit()) {
          <cdlp-input
            fieldId="code"
            label="Code du département"
            hint="01 à 95, 2A, 2B ou 971 à 976. Il ne peut plus être changé ensuite."
            [control]="form.controls.code"
          />
        }
        <cdlp-input
          fieldId="name"
          label="Nom du département"
          hint="Par exemple : Vienne"
          [control]="form.controls.name"
        />
        <cdlp-input
          fieldId="prefecture"
          label="Préfecture"
          hint="La ville de la préfecture, par exemple : Poitiers"
          [control]="form.controls.prefecture"
        />
        <cdlp-input
          fieldId="mailSenderName"
          label="Nom d’expéditeur des courriels"
          [hint]="senderHint()"
          [control]="form.controls.mailSenderName"
        />
        @if (!isEdit()) {
          <fieldset class="fr-fieldset" aria-labelledby="premier-compte-legende">
            <legend class="fr-fieldset__legend" id="premier-compte-legende">
              Premier compte du secrétariat
              <span class="fr-hint-text"
                >La personne reçoit un courriel pour choisir son mot de passe ; elle crée ensuite les autres
                comptes du département.</span
              >
            </legend>
            <div class="fr-fieldset__element">
              <cdlp-input
                fieldId="secretariatEmail"
                label="Adresse électronique"
                hint="Format attendu : nom@domaine.fr"
                type="email"
                autocomplete="off"
                [control]="form.controls.secretariatEmail"
              />
            </div>
            <div class="fr-fieldset__element">
              <cdlp-input
                fieldId="secretariatFirstName"
                label="Prénom"
                [control]="form.controls.secretariatFirstName"
              />
            </div>
            <div class="fr-fieldset__element">
              <cdlp-input
                fieldId="secretariatLastName"
                label="Nom"
                [control]="form.controls.secretariatLastName"
              />
            </div>
          </fieldset>
        }
        <cdlp-form-actions
          [submitLabel]="isEdit() ? 'Enregistrer les modifications' : 'Ouvrir le département'"
          [pending]="state.pending()"
          [cancelLink]="isEdit() ? ['/national/departements', code()!] : ['/national/departements']"
        />
      </form>
    </cdlp-form-page>
  `,
})
export class DepartementFormPage implements OnInit {
  private readonly api = inject(DepartementsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);

  /** The :code of the page when it changes a département. */
  readonly code = input<string>();
  readonly isEdit = computed(() => !!this.code());
  readonly form = departementFormGroup();
  readonly state = createFormState();
  private loaded: NationalDepartementDto | null = null;
  private readonly values = formValue(this.form);

  readonly heading = computed(() =>
    this.isEdit() ? `Modifier le département ${this.code()}` : 'Ouvrir un département',
  );
  /** The sender name follows the département's name until it is typed by hand. */
  private readonly suggestion = computed(() => {
    const v = this.values();
    const code = this.code() ?? v.code.trim().toUpperCase();
    return isDepartementCode(code) && v.name.trim() ? commissionName(code, v.name) : null;
  });
  readonly senderHint = computed(() => {
    const s = this.suggestion();
    return `Le nom affiché avant l’adresse d’envoi des courriels du département${s ? `, par exemple : ${s}` : ''}.`;
  });

  constructor() {
    effect(() => {
      const s = this.suggestion();
      const sender = this.form.controls.mailSenderName;
      if (s && !this.isEdit() && sender.pristine) sender.setValue(s);
    });
  }

  ngOnInit(): void {
    const code = this.code();
    if (!code) return;
    // Only the fields of the change are checked: the code and the first account are the opening's.
    for (const k of ['code', 'secretariatEmail', 'secretariatFirstName', 'secretariatLastName'] as const) {
      this.form.controls[k].disable();
    }
    this.state.load(this.api.get(code), (d) => {
      this.loaded = d;
      this.form.patchValue({
        name: d.name,
        prefecture: d.prefecture,
        mailSenderName: d.mailSenderName ?? '',
      });
    });
  }

  submit(): void {
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const common = {
      name: v.name.trim(),
      prefecture: v.prefecture.trim(),
      mailSenderName: v.mailSenderName.trim(),
    };
    const code = this.code();
    if (code) {
      this.state.send(this.api.update(code, { ...common, active: this.loaded?.active ?? true }), (d) => {
        this.flash.show('success', 'Les modifications ont été enregistrées.');
        void this.router.navigate(['/national/departements', d.code]);
      });
      return;
    }
    const body = {
      ...common,
      code: v.code.trim().toUpperCase(),
      secretariatEmail: v.secretariatEmail.trim(),
      secretariatFirstName: v.secretariatFirstName.trim(),
      secretariatLastName: v.secretariatLastName.trim(),
    };
    this.state.send(this.api.open(body), (d) => {
      this.flash.show(
        'success',
        `Le département ${d.code} ${d.name} est ouvert. Le courriel d’activation du compte du secrétariat part vers ${body.secretariatEmail}.`,
      );
      void this.router.navigate(['/national/departements', d.code]);
    });
  }
}
