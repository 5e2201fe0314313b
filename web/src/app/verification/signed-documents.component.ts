import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SignedDocumentDto } from '@cdlp/shared';
import { LongInstantPipe } from '../ui/dates';
import { documentContentUrl } from './documents.api';
import { TableComponent } from '../ui/table.component';

/** SIG-1: the signed versions of a document, with signer, date, SHA-256 fingerprint and download link. */
@Component({
  selector: 'cdlp-signed-documents',
  imports: [TableComponent, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (documents().length === 0) {
      <p class="cdlp-empty">Aucun document signé.</p>
    } @else {
      <div
        class="fr-table fr-table--no-caption fr-table--multiline"
        [cdlpTable]="caption()"
        [columns]="['Version', 'Signataire', 'Date de signature', 'Empreinte SHA-256', 'Fichier']"
      >
        <tbody>
          @for (d of documents(); track d.id) {
            <tr>
              <td>
                Version {{ d.version }}
                @if (d.supersededBy) {
                  <p class="fr-badge fr-badge--sm fr-badge--warning">Remplacée</p>
                }
              </td>
              <td>
                {{ d.signerName }}<span class="fr-hint-text">{{ d.signerQuality }}</span>
              </td>
              <td>{{ d.signedAt | longInstant }}</td>
              <td>
                <span class="cdlp-mono cdlp-hash">{{ d.sha256 }}</span>
              </td>
              <td>
                <a class="fr-link fr-icon-download-line fr-link--icon-left" [href]="url(d)" download>
                  Télécharger<span class="fr-sr-only"> {{ d.title }}, version {{ d.version }}</span>
                </a>
                <span class="fr-hint-text">PDF, {{ size(d.size) }}</span>
              </td>
            </tr>
          }
        </tbody>
      </div>
    }
  `,
  styles: `
    .cdlp-hash {
      word-break: break-all;
    }
  `,
})
export class SignedDocumentsComponent {
  readonly documents = input.required<SignedDocumentDto[]>();
  readonly caption = input('Documents signés');

  url(d: SignedDocumentDto): string {
    return documentContentUrl(d.id);
  }

  size(bytes: number): string {
    return bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`
      : `${Math.max(1, Math.round(bytes / 1024))} ko`;
  }
}
