import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { ChecklistItemDto, PspRequestDto } from '@cdlp/shared';
import { Subscription } from 'rxjs';
import { toApiError } from '../core/api-error';
import { InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { ProgressComponent } from '../ui/progress.component';
import { docTypeLabel } from './psp-labels';
import { PspRequestsApi } from './psp.api';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * Upload of one piece of the checklist (PSP-3), with its progress. The type of document is asked
 * for the nationality item (one of the accepted documents), the issue date for dated pieces, the
 * expiry date for identity documents (an expired one needs a second document).
 */
@Component({
  selector: 'cdlp-document-upload',
  imports: [ReactiveFormsModule, InputFieldComponent, SelectFieldComponent, ProgressComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      [formGroup]="form"
      (ngSubmit)="send()"
      novalidate
      class="cdlp-upload"
      [attr.aria-label]="'Joindre : ' + item().label"
    >
      <div class="fr-upload-group" [class.fr-input-group--error]="fileError()">
        <label class="fr-label" [for]="'fichier-' + item().code">
          Fichier
          <span class="fr-hint-text">Formats acceptés : PDF, JPEG ou PNG. Taille maximale : 10 Mo.</span>
        </label>
        <input
          class="fr-upload"
          type="file"
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          [id]="'fichier-' + item().code"
          [name]="'fichier-' + item().code"
          [attr.aria-describedby]="'fichier-' + item().code + '-messages'"
          [attr.aria-invalid]="fileError() ? true : null"
          (change)="pick($event)"
        />
        <div class="fr-messages-group" [id]="'fichier-' + item().code + '-messages'" aria-live="polite">
          @if (fileError(); as message) {
            <p class="fr-message fr-message--error">{{ message }}</p>
          }
        </div>
      </div>
      @if (item().oneOf.length > 0) {
        <cdlp-select
          [fieldId]="'type-' + item().code"
          label="Type de document"
          [options]="docTypes()"
          [control]="form.controls.docType"
          [serverError]="fieldErrors()['docType']"
          [submitted]="submitted()"
        />
      }
      @if (askIssueDate()) {
        <cdlp-input
          [fieldId]="'emission-' + item().code"
          label="Date d'émission"
          [hint]="
            item().maxAgeMonths
              ? 'La pièce doit dater de moins de ' + item().maxAgeMonths + ' mois à la date du dépôt.'
              : null
          "
          type="date"
          [optional]="!item().maxAgeMonths"
          [control]="form.controls.issueDate"
          [serverError]="fieldErrors()['issueDate']"
          [submitted]="submitted()"
        />
      }
      @if (item().oneOf.length > 0) {
        <cdlp-input
          [fieldId]="'expiration-' + item().code"
          label="Date d'expiration"
          hint="Un document expiré doit être complété par un second document."
          type="date"
          [optional]="true"
          [control]="form.controls.expiryDate"
          [serverError]="fieldErrors()['expiryDate']"
          [submitted]="submitted()"
        />
      }
      @if (progress() !== null) {
        <cdlp-progress
          [label]="'Envoi du fichier : ' + progress() + ' %'"
          [value]="progress()"
          [text]="progressText()"
        />
      }
      <p class="fr-sr-only" role="status">{{ announcement() }}</p>
      @if (error(); as message) {
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>{{ message }}</p>
        </div>
      }
      <button
        type="submit"
        class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-upload-line fr-btn--icon-left"
        [disabled]="progress() !== null"
      >
        Envoyer la pièce
      </button>
    </form>
  `,
})
export class DocumentUploadComponent {
  private readonly api = inject(PspRequestsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly requestId = input.required<string>();
  readonly item = input.required<ChecklistItemDto>();
  readonly uploaded = output<PspRequestDto>();

  readonly form = new FormGroup({
    docType: new FormControl('', { nonNullable: true }),
    issueDate: new FormControl('', { nonNullable: true }),
    expiryDate: new FormControl('', { nonNullable: true }),
  });
  readonly file = signal<File | null>(null);
  readonly fileError = signal<string | null>(null);
  readonly progress = signal<number | null>(null);
  readonly announcement = signal('');
  /** Announced by quarters, not at every percent (aria-live). */
  readonly progressText = computed(() => {
    const p = this.progress();
    const name = this.file()?.name ?? 'fichier';
    return p === null ? '' : `${name} : ${Math.floor(p / 25) * 25} % envoyés`;
  });
  readonly error = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly submitted = signal(false);
  readonly askIssueDate = computed(() => this.item().maxAgeMonths !== null || this.item().oneOf.length > 0);
  readonly docTypes = computed<Option[]>(() =>
    this.item().oneOf.map((c) => ({ value: c, label: docTypeLabel(c) })),
  );
  private subscription: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
  }

  pick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.file.set(file);
    this.fileError.set(file ? this.checkFile(file) : null);
  }

  send(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    const file = this.file();
    const item = this.item();
    const problems: Record<string, string> = {};
    if (!file) this.fileError.set('Choisissez le fichier à envoyer.');
    else this.fileError.set(this.checkFile(file));
    const v = this.form.getRawValue();
    if (item.oneOf.length > 0 && !v.docType) problems['docType'] = 'Précisez le type de document.';
    if (item.maxAgeMonths !== null && !v.issueDate)
      problems['issueDate'] = "Indiquez la date d'émission de la pièce.";
    if (v.issueDate && v.expiryDate && v.expiryDate < v.issueDate) {
      problems['expiryDate'] = "La date d'expiration ne peut pas précéder la date d'émission.";
    }
    this.fieldErrors.set(problems);
    if (this.fileError() || Object.keys(problems).length > 0 || !file) {
      this.focusError();
      return;
    }
    this.progress.set(0);
    this.announcement.set(`Envoi de ${file.name} en cours.`);
    this.subscription = this.api
      .upload(this.requestId(), file, {
        itemCode: item.code,
        docType: v.docType || null,
        issueDate: v.issueDate || null,
        expiryDate: v.expiryDate || null,
      })
      .subscribe({
        next: (event) => {
          if (event.kind === 'progress') {
            this.progress.set(event.percent);
            return;
          }
          this.progress.set(null);
          this.announcement.set(`La pièce ${file.name} a été enregistrée.`);
          this.reset();
          this.uploaded.emit(event.request);
        },
        error: (err: unknown) => {
          this.progress.set(null);
          this.announcement.set('');
          const apiError = toApiError(err);
          this.error.set(apiError.message);
          this.fieldErrors.set(apiError.fieldErrors);
          if (apiError.fieldErrors['file']) this.fileError.set(apiError.fieldErrors['file']);
        },
      });
  }

  private reset(): void {
    this.submitted.set(false);
    this.file.set(null);
    this.form.reset();
    const input = this.host.nativeElement.querySelector<HTMLInputElement>('input[type=file]');
    if (input) input.value = '';
  }

  private checkFile(file: File): string | null {
    if (file.size === 0) return 'Le fichier est vide.';
    if (file.size > MAX_UPLOAD_BYTES) return 'Le fichier dépasse la taille maximale de 10 Mo.';
    if (file.type && !ACCEPTED.includes(file.type))
      return 'Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés.';
    return null;
  }

  private focusError(): void {
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      { injector: this.injector },
    );
  }
}
