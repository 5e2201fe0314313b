import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type {
  ChecklistItemDto,
  CompletenessItemDto,
  PspRequestDto,
  SupportingDocumentDto,
} from '@cdlp/shared';
import { DayPipe, InstantPipe } from '../ui/dates';
import { DocumentUploadComponent } from './document-upload.component';
import { CHECKLIST_STATUS_LABELS, checklistBadgeClass, docTypeLabel, formatSize } from './psp-labels';
import { PspRequestsApi } from './psp.api';

/** A line of the checklist: the computed status (completeness) with the configured item. */
export interface ChecklistLine {
  status: CompletenessItemDto;
  item: ChecklistItemDto | null;
  documents: SupportingDocumentDto[];
}

export function checklistLines(r: PspRequestDto, checklist: ChecklistItemDto[]): ChecklistLine[] {
  return r.completeness.items.map((status) => ({
    status,
    item: checklist.find((c) => c.code === status.code) ?? null,
    documents: r.documents.filter((d) => d.itemCode === status.code),
  }));
}

/**
 * PSP-3: the supporting documents of a request, piece by piece, with their computed status, the
 * documents already sent (download, delete after confirmation) and the upload form of each piece.
 */
@Component({
  selector: 'cdlp-psp-checklist',
  imports: [RouterLink, DayPipe, InstantPipe, DocumentUploadComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="fr-mt-4w">Pièces justificatives</h2>
    <div class="cdlp-highlight fr-mb-3w" [class.cdlp-highlight--ok]="r().completeness.complete">
      <p class="fr-mb-1w" id="completude">
        @if (r().completeness.complete) {
          Toutes les pièces requises sont fournies : le dossier est complet (PSP-3).
        } @else {
          Le dossier est incomplet : {{ missingCount() }} pièce{{ missingCount() > 1 ? 's' : '' }} ou
          information{{ missingCount() > 1 ? 's' : '' }} à fournir (PSP-3).
        }
      </p>
      <p class="fr-text--sm fr-mb-0">
        Les dates des pièces sont appréciées à la date du dépôt ({{ r().completeness.referenceDate | day }}).
      </p>
    </div>

    @if (r().completeness.missingDossierFields.length > 0) {
      <h3 class="fr-h6">Informations du dossier à compléter</h3>
      <ul>
        @for (f of r().completeness.missingDossierFields; track f.field) {
          <li>
            {{ f.message }}
            @if (editable() && canFile()) {
              <a class="fr-link fr-link--sm" [routerLink]="['/demandes', r().id, 'modifier']">Compléter</a>
            }
          </li>
        }
      </ul>
    }

    <ol class="cdlp-checklist" aria-label="Liste des pièces">
      @for (line of lines(); track line.status.code) {
        <li class="cdlp-panel" [id]="'piece-' + line.status.code">
          <h3 class="fr-h6 fr-mb-1w">{{ line.status.label }}</h3>
          <ul class="cdlp-badges fr-mb-1w">
            <li>
              <p class="fr-badge fr-badge--sm" [class]="badgeOf(line)">{{ statusLabel(line) }}</p>
            </li>
          </ul>
          @if (line.status.message) {
            <p class="fr-text--sm cdlp-item-message">{{ line.status.message }}</p>
          }
          @if (line.status.rule === 'PSP-3b') {
            <p class="fr-text--sm">
              Une plainte n'est jamais exigée : l'absence de plainte ne peut pas motiver un refus ({{
                line.item?.neverRequiredReason || "Conseil d'État, 19 novembre 2021, n° 440802"
              }}, PSP-3b).
            </p>
          }
          @if (line.item?.alternative; as alternative) {
            <p class="fr-text--sm">Autre possibilité : {{ alternative }}.</p>
          }
          @if (line.documents.length > 0) {
            <ul class="cdlp-documents">
              @for (d of line.documents; track d.id) {
                <li>
                  <a class="fr-link fr-icon-download-line fr-link--icon-left" [href]="downloadUrl(d)" download
                    >{{ d.filename }}<span class="fr-sr-only"> (télécharger)</span></a
                  >
                  <span class="fr-text--sm">
                    {{ formatSize(d.size) }}
                    @if (d.docType) {
                      - {{ docType(d.docType) }}
                    }
                    @if (d.issueDate) {
                      - émise le {{ d.issueDate | day }}
                    }
                    @if (d.expiryDate) {
                      - expire le {{ d.expiryDate | day }}
                    }
                    - ajoutée le {{ d.uploadedAt | instant }}
                  </span>
                  @if (editable() && canFile()) {
                    @if (confirmDelete() === d.id) {
                      <span class="cdlp-inline-actions">
                        <button
                          type="button"
                          class="fr-btn fr-btn--sm"
                          [disabled]="busy()"
                          (click)="delete.emit(d)"
                        >
                          Confirmer la suppression de {{ d.filename }}
                        </button>
                        <button
                          type="button"
                          class="fr-btn fr-btn--sm fr-btn--secondary"
                          (click)="confirmDelete.set(null)"
                        >
                          Annuler
                        </button>
                      </span>
                    } @else {
                      <button
                        type="button"
                        class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-delete-bin-line fr-btn--icon-left"
                        (click)="confirmDelete.set(d.id)"
                      >
                        Supprimer<span class="fr-sr-only"> {{ d.filename }}</span>
                      </button>
                    }
                  }
                </li>
              }
            </ul>
          }
          @if (editable() && canFile() && line.item) {
            @if (needsPiece(line) || openUploads()[line.status.code]) {
              <cdlp-document-upload
                [requestId]="r().id"
                [item]="line.item"
                (uploaded)="closeUploads(); uploaded.emit($event)"
              />
            } @else {
              <button
                type="button"
                class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-add-line fr-btn--icon-left"
                (click)="openUpload(line.status.code)"
              >
                Ajouter un document<span class="fr-sr-only"> : {{ line.status.label }}</span>
              </button>
            }
          }
        </li>
      }
    </ol>
  `,
})
export class PspChecklistComponent {
  private readonly api = inject(PspRequestsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly r = input.required<PspRequestDto>({ alias: 'request' });
  readonly checklist = input.required<ChecklistItemDto[]>();
  /** The association may still change the pieces. */
  readonly editable = input.required<boolean>();
  readonly canFile = input.required<boolean>();
  readonly busy = input(false);
  readonly uploaded = output<PspRequestDto>();
  readonly delete = output<SupportingDocumentDto>();

  readonly confirmDelete = signal<string | null>(null);
  readonly openUploads = signal<Record<string, boolean>>({});
  readonly lines = computed(() => checklistLines(this.r(), this.checklist()));
  readonly missingCount = computed(() => {
    const c = this.r().completeness;
    return (
      c.items.filter((i) => i.required && i.status !== 'PRESENT' && i.status !== 'WAIVED').length +
      c.missingDossierFields.length
    );
  });
  readonly formatSize = formatSize;

  /** A piece still to provide (or to replace) shows its upload form at once. */
  needsPiece(line: ChecklistLine): boolean {
    return ['MISSING', 'EXPIRED_NEEDS_SECOND', 'TOO_OLD', 'MISSING_DATE'].includes(line.status.status);
  }

  openUpload(code: string): void {
    this.openUploads.update((all) => ({ ...all, [code]: true }));
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`#fichier-${code}`)?.focus(), {
      injector: this.injector,
    });
  }

  /** After an upload every piece folds back to its status (the page shows the new request). */
  closeUploads(): void {
    this.openUploads.set({});
  }

  statusLabel(line: ChecklistLine): string {
    return CHECKLIST_STATUS_LABELS[line.status.status];
  }
  badgeOf(line: ChecklistLine): string {
    return checklistBadgeClass(line.status.status);
  }
  docType(code: string): string {
    return docTypeLabel(code);
  }
  downloadUrl(d: SupportingDocumentDto): string {
    return this.api.documentUrl(this.r().id, d.id);
  }
}
