import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { SigningCertificateDto, SigningCertificateSource } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe, InstantPipe } from '../ui/dates';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { SettingsApi } from './settings.api';

export const CERTIFICATE_SOURCE_LABELS: Record<SigningCertificateSource, string> = {
  DEPARTEMENT: 'Certificat du préfet, téléversé pour le département',
  INSTANCE: 'Certificat commun de l’instance (aucun certificat propre au département)',
  DEMO: 'Certificat de démonstration du département, sans valeur légale',
  NONE: 'Aucun certificat : les documents ne peuvent pas être signés',
};

/** Accepted names of a PKCS#12 file. */
const P12_NAME = /\.(p12|pfx)$/i;
const P12_MAX_BYTES = 512 * 1024;

/** The French message refusing a chosen file before it is sent, or null. */
export function certificateFileError(file: File | null): string | null {
  if (!file) return 'Choisissez le fichier PKCS#12 du certificat (.p12 ou .pfx).';
  if (!P12_NAME.test(file.name)) return 'Le fichier doit être un certificat PKCS#12 (.p12 ou .pfx).';
  if (file.size === 0) return 'Le fichier est vide.';
  if (file.size > P12_MAX_BYTES)
    return 'Fichier trop volumineux pour un certificat PKCS#12 (512 Ko au plus).';
  return null;
}

/**
 * TENANT-1, SIG-1: what the département's administration configures: the sender name of its
 * e-mails and the certificate its documents are signed with (the préfet's own PKCS#12; its key
 * and password never come back from the server).
 */
@Component({
  selector: 'cdlp-departement-settings-page',
  imports: [FORM_FIELDS, AlertComponent, DayPipe, InstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container fr-my-4w">
      <h1>Signature et courriels du département</h1>

      <section aria-labelledby="sender-heading" class="fr-mb-6w">
        <h2 id="sender-heading">Expéditeur des courriels</h2>
        <p>Nom affiché comme expéditeur des convocations et des notifications envoyées par le portail.</p>
        <cdlp-alert kind="success" [text]="senderSuccess()" />
        <form [formGroup]="senderForm" [cdlpForm]="sender" (ngSubmit)="saveSender()" novalidate>
          <cdlp-alert kind="error" [text]="sender.error()" />
          <cdlp-input
            fieldId="mailSenderName"
            label="Nom d’expéditeur"
            hint="Par exemple : CDLP de la Vienne - Préfecture"
            autocomplete="off"
            [control]="senderForm.controls.mailSenderName"
          />
          <button type="submit" class="fr-btn" [disabled]="sender.pending() || !sender.loaded()">
            Enregistrer le nom
          </button>
        </form>
      </section>

      <section aria-labelledby="certificate-heading">
        <h2 id="certificate-heading">Certificat de signature (SIG-1)</h2>
        <p>Le préfet signe les procès-verbaux et les décisions avec son propre certificat électronique.</p>
        <cdlp-alert kind="success" [text]="certificateSuccess()" />
        <cdlp-alert kind="error" [text]="certificateError()" />
        @if (certificate(); as c) {
          <dl class="cdlp-details" id="certificate-details">
            <dt>Certificat utilisé</dt>
            <dd>{{ sourceLabel(c) }}</dd>
            @if (c.subject) {
              <dt>Titulaire</dt>
              <dd>{{ c.subject }}</dd>
            }
            @if (c.validFrom && c.validTo) {
              <dt>Validité</dt>
              <dd>du {{ c.validFrom | day }} au {{ c.validTo | day }}</dd>
            }
            @if (c.uploadedAt) {
              <dt>Téléversé</dt>
              <dd>le {{ c.uploadedAt | instant }}{{ c.uploadedByName ? ' par ' + c.uploadedByName : '' }}</dd>
            }
          </dl>
          @if (c.source === 'DEPARTEMENT') {
            <button
              type="button"
              class="fr-btn fr-btn--secondary fr-mb-4w"
              [disabled]="removing()"
              (click)="remove()"
            >
              Retirer le certificat du département
            </button>
          }
        } @else if (!certificateError()) {
          <p role="status">Chargement du certificat…</p>
        }

        <h3 class="fr-h5">Téléverser le certificat du préfet</h3>
        <form [formGroup]="uploadForm" [cdlpForm]="upload" (ngSubmit)="sendCertificate()" novalidate>
          <cdlp-alert kind="error" [text]="upload.error()" />
          <div class="fr-upload-group fr-mb-3w" [class.fr-input-group--error]="fileError()">
            <label class="fr-label" for="file">
              Fichier du certificat
              <span class="fr-hint-text">Format PKCS#12 (.p12 ou .pfx), 512 Ko au plus.</span>
            </label>
            <input
              class="fr-upload"
              type="file"
              id="file"
              name="file"
              accept=".p12,.pfx,application/x-pkcs12"
              aria-describedby="file-messages"
              [attr.aria-invalid]="fileError() ? true : null"
              (change)="pick($event)"
            />
            <div class="fr-messages-group" id="file-messages" aria-live="polite">
              @if (fileError(); as message) {
                <p class="fr-message fr-message--error">{{ message }}</p>
              }
            </div>
          </div>
          <cdlp-input
            fieldId="password"
            label="Mot de passe du fichier"
            type="password"
            autocomplete="off"
            [control]="uploadForm.controls.password"
          />
          <button type="submit" class="fr-btn" [disabled]="upload.pending()">Téléverser le certificat</button>
        </form>
      </section>
    </div>
  `,
})
export class DepartementSettingsPage {
  private readonly api = inject(SettingsApi);
  readonly sender = createFormState();
  readonly senderSuccess = signal<string | null>(null);
  readonly senderForm = new FormGroup({
    mailSenderName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(100)],
    }),
  });
  readonly certificate = signal<SigningCertificateDto | null>(null);
  readonly certificateError = signal<string | null>(null);
  readonly certificateSuccess = signal<string | null>(null);
  readonly removing = signal(false);
  readonly upload = createFormState();
  readonly uploadForm = new FormGroup({ password: new FormControl('', { nonNullable: true }) });
  readonly file = signal<File | null>(null);
  private readonly fileTouched = signal(false);

  constructor() {
    this.sender.load(this.api.mailSender(), (s) =>
      this.senderForm.setValue({ mailSenderName: s.mailSenderName ?? '' }),
    );
    this.api.signingCertificate().subscribe({
      next: (c) => this.certificate.set(c),
      error: (err: unknown) => this.certificateError.set(toApiError(err).message),
    });
  }

  sourceLabel(c: SigningCertificateDto): string {
    return CERTIFICATE_SOURCE_LABELS[c.source];
  }

  /** The file's error: the API's first, else the check of the chosen file once submitted. */
  fileError(): string | null {
    return (
      this.upload.fieldErrors()['file'] ?? (this.fileTouched() ? certificateFileError(this.file()) : null)
    );
  }

  pick(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.file.set(input.files?.[0] ?? null);
    this.upload.fieldErrors.update(({ file: _file, ...rest }) => rest);
  }

  saveSender(): void {
    this.senderSuccess.set(null);
    if (!this.sender.begin(this.senderForm)) return;
    const name = this.senderForm.getRawValue().mailSenderName.trim();
    this.sender.send(this.api.updateMailSender({ mailSenderName: name }), (s) => {
      this.senderForm.setValue({ mailSenderName: s.mailSenderName ?? '' });
      this.senderSuccess.set(`Les courriels sont désormais envoyés au nom de « ${s.mailSenderName} ».`);
    });
  }

  sendCertificate(): void {
    this.certificateSuccess.set(null);
    this.fileTouched.set(true);
    const file = this.file();
    if (!this.upload.begin(this.uploadForm) || certificateFileError(file) || !file) {
      this.upload.focusFirstError();
      return;
    }
    this.upload.send(this.api.uploadSigningCertificate(file, this.uploadForm.getRawValue().password), (c) => {
      this.certificate.set(c);
      this.uploadForm.reset();
      this.fileTouched.set(false);
      this.certificateSuccess.set(
        'Le certificat du préfet a été enregistré : les prochains documents seront signés avec lui.',
      );
    });
  }

  remove(): void {
    this.certificateSuccess.set(null);
    this.certificateError.set(null);
    this.removing.set(true);
    this.api.removeSigningCertificate().subscribe({
      next: (c) => {
        this.removing.set(false);
        this.certificate.set(c);
        this.certificateSuccess.set('Le certificat du département a été retiré.');
      },
      error: (err: unknown) => {
        this.removing.set(false);
        this.certificateError.set(toApiError(err).message);
      },
    });
  }
}
