import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import { SIGNED_DOCUMENT_KIND_LABELS, type VerificationResultDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { LongInstantPipe } from '../ui/dates';
import { DocumentsApi } from './documents.api';

const MAX_BYTES = 20 * 1024 * 1024;

const HEADINGS: Record<VerificationResultDto['status'], string> = {
  GENUINE: 'Document authentique',
  ALTERED: 'Document altéré',
  UNKNOWN: 'Document inconnu',
};

const ALERTS: Record<VerificationResultDto['status'], string> = {
  GENUINE: 'fr-alert--success',
  ALTERED: 'fr-alert--error',
  UNKNOWN: 'fr-alert--warning',
};

/** SIG-2: anyone logged in checks that a PDF is a genuine, unmodified document signed by the portal. */
@Component({
  selector: 'cdlp-verification-page',
  imports: [AlertComponent, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-9">
          <h1>Vérifier un document</h1>
          <p class="fr-text--lead">
            Les procès-verbaux, les décisions du préfet et la stratégie départementale sont signés
            électroniquement par le portail (SIG-1). Déposez un fichier PDF pour savoir s'il s'agit d'un
            document authentique et non modifié (SIG-2).
          </p>
          <p class="fr-text--sm">
            Le fichier n'est pas conservé : le portail calcule son empreinte SHA-256 et la compare à celles
            des documents qu'il a signés. La vérification est enregistrée au journal d'audit.
          </p>

          <cdlp-alert kind="error" [text]="error()" />

          <form (submit)="submit($event)" novalidate class="fr-mb-4w">
            <div class="fr-upload-group fr-mb-3w" [class.fr-upload-group--error]="fileError()">
              <label class="fr-label" for="document-pdf">
                Document PDF à vérifier
                <span class="fr-hint-text">Format accepté : PDF. Taille maximale : 20 Mo.</span>
              </label>
              <input
                #fileInput
                class="fr-upload"
                type="file"
                id="document-pdf"
                name="file"
                accept="application/pdf,.pdf"
                aria-describedby="document-pdf-messages"
                [attr.aria-invalid]="fileError() ? true : null"
                (change)="onFileChange()"
              />
              <div class="fr-messages-group" id="document-pdf-messages" aria-live="polite">
                @if (fileError(); as message) {
                  <p class="fr-message fr-message--error">{{ message }}</p>
                }
              </div>
            </div>
            <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left" [disabled]="pending()">
              Vérifier le document
            </button>
          </form>

          @if (pending()) {
            <p role="status">Vérification en cours…</p>
          }

          @if (result(); as r) {
            <section aria-labelledby="resultat-titre" id="resultat">
              <h2 id="resultat-titre" class="fr-h4" tabindex="-1" #resultHeading>
                Résultat de la vérification
              </h2>
              <div
                class="fr-alert fr-mb-3w"
                [class]="alertClass()"
                [attr.role]="r.status === 'GENUINE' ? 'status' : 'alert'"
              >
                <h3 class="fr-alert__title">{{ heading() }}</h3>
                <p>{{ r.message }}</p>
              </div>
              <dl class="cdlp-details">
                <dt>Fichier vérifié</dt>
                <dd>{{ fileName() }}</dd>
                <dt>Empreinte SHA-256 du fichier</dt>
                <dd>
                  <span class="cdlp-mono cdlp-hash">{{ r.sha256 }}</span>
                </dd>
                @if (r.document; as d) {
                  <dt>Document</dt>
                  <dd>{{ d.title }}</dd>
                  <dt>Nature</dt>
                  <dd>{{ kindLabel() }}</dd>
                  <dt>Version</dt>
                  <dd>{{ d.version }}</dd>
                  <dt>Signataire</dt>
                  <dd>{{ d.signerName }}, {{ d.signerQuality }}</dd>
                  <dt>Signé le</dt>
                  <dd>{{ d.signedAt | longInstant }}</dd>
                  <dt>Empreinte SHA-256 du document signé</dt>
                  <dd>
                    <span class="cdlp-mono cdlp-hash">{{ d.sha256 }}</span>
                  </dd>
                  @if (d.supersededBy) {
                    <dt>Version plus récente</dt>
                    <dd>Une version plus récente de ce document a été signée depuis.</dd>
                  }
                }
              </dl>
            </section>
          }
        </div>
      </div>
    </div>
  `,
  styles: `
    .cdlp-hash {
      word-break: break-all;
    }
  `,
})
export class VerificationPage {
  private readonly api = inject(DocumentsApi);
  private readonly injector = inject(Injector);
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');
  private readonly resultHeading = viewChild<ElementRef<HTMLElement>>('resultHeading');

  readonly result = signal<VerificationResultDto | null>(null);
  readonly fileName = signal('');
  readonly pending = signal(false);
  readonly error = signal<string | null>(null);
  readonly fileError = signal<string | null>(null);
  readonly heading = computed(() => {
    const r = this.result();
    return r ? HEADINGS[r.status] : '';
  });
  readonly alertClass = computed(() => {
    const r = this.result();
    return r ? ALERTS[r.status] : '';
  });
  readonly kindLabel = computed(() => {
    const d = this.result()?.document;
    return d ? SIGNED_DOCUMENT_KIND_LABELS[d.kind] : '';
  });

  onFileChange(): void {
    this.fileError.set(null);
  }

  submit(event: Event): void {
    event.preventDefault();
    this.error.set(null);
    this.fileError.set(null);
    const input = this.fileInput().nativeElement;
    const file = input.files?.[0];
    if (!file) {
      this.fileError.set('Choisissez le fichier PDF à vérifier.');
      input.focus();
      return;
    }
    if (file.size > MAX_BYTES) {
      this.fileError.set('Le fichier dépasse 20 Mo.');
      input.focus();
      return;
    }
    this.pending.set(true);
    this.result.set(null);
    this.api.verify(file).subscribe({
      next: (r) => {
        this.pending.set(false);
        this.fileName.set(file.name);
        this.result.set(r);
        afterNextRender(() => this.resultHeading()?.nativeElement.focus(), { injector: this.injector });
      },
      error: (err: unknown) => {
        this.pending.set(false);
        const e = toApiError(err);
        if (e.fieldErrors['file']) this.fileError.set(e.fieldErrors['file']);
        this.error.set(e.message);
      },
    });
  }
}
