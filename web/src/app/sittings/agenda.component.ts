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
import { Permission, type AgendaItemDto, type SittingDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatSize } from '../psp/psp-labels';
import { AlertComponent, NoticeComponent } from '../ui/alert.component';
import { DayOfPipe } from '../ui/dates';
import { FieldControlDirective, FieldGroupComponent } from '../ui/form-fields';
import { ReasonFormComponent } from '../ui/reason-form.component';
import { AgendaAddComponent } from './agenda-add.component';
import { itemHeading, liveItems, moveItem } from './agenda-items';
import { PspSummaryComponent } from './psp-summary.component';
import { SittingsApi } from './sittings.api';

/**
 * The agenda: builder for the secretariat (add, remove with a reason, reorder by drag and drop
 * or with the move buttons, documents of policy items), read-only view for the others.
 * CONV-1: after the convocation the agenda is locked; reopening it calls for a new convocation.
 */
@Component({
  selector: 'cdlp-agenda',
  imports: [
    RouterLink,
    AlertComponent,
    NoticeComponent,
    DayOfPipe,
    FieldGroupComponent,
    FieldControlDirective,
    ReasonFormComponent,
    AgendaAddComponent,
    PspSummaryComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="odj-titre" class="fr-mb-4w">
      <h2 id="odj-titre">Ordre du jour</h2>
      @let s = sitting();
      @if (canManage() && s.secondConvocationOfId) {
        <p class="fr-text--sm">
          Seconde convocation : l'ordre du jour est celui de la première séance et ne peut pas changer
          (QUOR-2).
        </p>
      } @else if (canManage() && s.agendaLocked && s.state === 'CONVENED') {
        <div cdlpNotice class="fr-mb-2w">
          L'ordre du jour est verrouillé depuis l'envoi de la convocation. Pour le modifier, rouvrez-le : une
          nouvelle convocation devra être envoyée aux membres.
        </div>
        <button
          type="button"
          class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-lock-unlock-line fr-btn--icon-left fr-mb-2w"
          [disabled]="busy()"
          (click)="reopen()"
        >
          Rouvrir l'ordre du jour
        </button>
      }
      @if (canManage() && s.agendaChangedSinceConvocation) {
        <cdlp-alert kind="warning">
          L'ordre du jour ou les modalités ont changé depuis la convocation : envoyez une nouvelle convocation
          aux membres.
        </cdlp-alert>
      }
      <cdlp-alert kind="error" [text]="error()" />
      <p class="fr-sr-only" aria-live="polite">{{ announcement() }}</p>

      @if (items().length === 0) {
        <p class="cdlp-empty">Aucun point à l'ordre du jour.</p>
      } @else {
        @if (editable()) {
          <p class="fr-text--sm">
            Faites glisser un point pour le déplacer, ou utilisez les boutons « Monter » et « Descendre ».
          </p>
        }
        <ol class="cdlp-agenda" aria-label="Points de l'ordre du jour">
          @for (item of items(); track item.id; let i = $index; let first = $first; let last = $last) {
            <li
              class="cdlp-agenda__item"
              [id]="'point-' + item.id"
              [class.cdlp-agenda__item--dragging]="dragIndex() === i"
              [class.cdlp-agenda__item--over]="overIndex() === i && dragIndex() !== i"
              [attr.draggable]="editable() ? 'true' : null"
              (dragstart)="dragStart($event, i)"
              (dragover)="dragOver($event, i)"
              (dragleave)="overIndex.set(null)"
              (drop)="drop($event, i)"
              (dragend)="dragEnd()"
            >
              <div class="cdlp-agenda__head">
                @if (editable()) {
                  <span class="cdlp-agenda__handle" aria-hidden="true" title="Faire glisser pour déplacer"
                    >⠿</span
                  >
                }
                <h3 class="fr-h6 fr-mb-0">{{ i + 1 }}. {{ heading(item) }}</h3>
              </div>
              <p class="fr-text--sm fr-mb-1w">
                @if (item.kind === 'PSP_REQUEST') {
                  Présenté par {{ item.associationName }}
                  @if (item.completedAt) {
                    - complet depuis le {{ item.completedAt | dayOf }}
                  }
                  @if (item.urgent) {
                    <span class="fr-badge fr-badge--sm fr-badge--error">Urgente</span>
                  }
                } @else if (item.presenter) {
                  Présenté par {{ item.presenter }}
                }
              </p>
              @if (item.documents.length > 0) {
                <ul class="cdlp-documents">
                  @for (d of item.documents; track d.id) {
                    <li>
                      <a
                        class="fr-link fr-link--sm fr-icon-download-line fr-link--icon-left"
                        [href]="documentUrl(item, d.id)"
                        download
                      >
                        {{ d.filename }}<span class="fr-sr-only"> (télécharger, {{ size(d.size) }})</span>
                      </a>
                    </li>
                  }
                </ul>
              }
              @if (item.kind === 'PSP_REQUEST' && item.requestId) {
                @if (canOpenDossier()) {
                  <a class="fr-link fr-link--sm" [routerLink]="['/demandes', item.requestId]">
                    Ouvrir le dossier {{ item.reference }}
                  </a>
                } @else if (canReadSummary()) {
                  <cdlp-psp-summary [item]="item" (failed)="error.set($event)" />
                }
              }
              @if (editable()) {
                <ul
                  class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left fr-mt-1w"
                >
                  <li>
                    <button
                      type="button"
                      class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-arrow-up-line"
                      [id]="'monter-' + item.id"
                      [disabled]="first || busy()"
                      (click)="move(i, i - 1, 'monter')"
                    >
                      Monter<span class="fr-sr-only"> le point {{ heading(item) }}</span>
                    </button>
                  </li>
                  <li>
                    <button
                      type="button"
                      class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-arrow-down-line"
                      [id]="'descendre-' + item.id"
                      [disabled]="last || busy()"
                      (click)="move(i, i + 1, 'descendre')"
                    >
                      Descendre<span class="fr-sr-only"> le point {{ heading(item) }}</span>
                    </button>
                  </li>
                  <li>
                    <button
                      type="button"
                      class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-delete-bin-line"
                      [attr.aria-expanded]="removing() === item.id"
                      [attr.aria-controls]="'retrait-' + item.id"
                      (click)="startRemove(item)"
                    >
                      Retirer<span class="fr-sr-only"> le point {{ heading(item) }}</span>
                    </button>
                  </li>
                </ul>
                @if (removing() === item.id) {
                  <cdlp-reason-form
                    [formId]="'retrait-' + item.id"
                    formClass="cdlp-panel"
                    [fieldId]="'motif-retrait-' + item.id"
                    [label]="'Motif du retrait du point ' + heading(item)"
                    [rows]="1"
                    [maxLength]="500"
                    submitLabel="Confirmer le retrait"
                    [small]="true"
                    [cancelable]="true"
                    [busy]="busy()"
                    [action]="removeAction(item)"
                    (done)="removed(item, $event)"
                    (cancel)="removing.set(null)"
                  />
                }
                @if (item.kind === 'POLICY') {
                  <cdlp-field-group
                    class="fr-mt-1w"
                    kind="upload"
                    [fieldId]="'document-' + item.id"
                    [label]="'Joindre un document au point ' + heading(item)"
                    hint="PDF, JPEG ou PNG, 10 Mo au plus. Il est envoyé avec la convocation."
                  >
                    <input
                      class="fr-upload"
                      type="file"
                      cdlpFieldControl
                      accept=".pdf,.jpg,.jpeg,.png"
                      (change)="attach($event, item)"
                    />
                  </cdlp-field-group>
                }
              }
            </li>
          }
        </ol>
      }

      @if (removedItems().length > 0) {
        <details class="fr-mt-2w">
          <summary>Points retirés de l'ordre du jour ({{ removedItems().length }})</summary>
          <ul>
            @for (item of removedItems(); track item.id) {
              <li>
                <span class="cdlp-removed">{{ heading(item) }}</span> - motif : {{ item.removedReason }}
              </li>
            }
          </ul>
        </details>
      }

      @if (editable()) {
        <cdlp-agenda-add
          [sitting]="s"
          [items]="items()"
          [busy]="busy()"
          (changed)="changed.emit($event)"
          (announce)="announcement.set($event)"
        />
      }
    </section>
  `,
})
export class AgendaComponent {
  private readonly api = inject(SittingsApi);
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly sitting = input.required<SittingDto>();
  readonly canManage = input(false);
  readonly changed = output<SittingDto>();

  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly announcement = signal('');
  readonly removing = signal<string | null>(null);
  readonly dragIndex = signal<number | null>(null);
  readonly overIndex = signal<number | null>(null);

  readonly items = computed(() => liveItems(this.sitting()));
  readonly removedItems = computed(() => this.sitting().agenda.filter((i) => i.removed));
  readonly editable = computed(() => {
    const s = this.sitting();
    return (
      this.canManage() &&
      (s.state === 'PLANNED' || s.state === 'CONVENED') &&
      !s.agendaLocked &&
      !s.secondConvocationOfId
    );
  });
  readonly canOpenDossier = computed(() => this.auth.can(Permission.PSP_REQUESTS_READ));
  readonly canReadSummary = computed(() => this.auth.can(Permission.PSP_SUMMARY_READ));

  heading(item: AgendaItemDto): string {
    return itemHeading(item);
  }
  size(bytes: number): string {
    return formatSize(bytes);
  }
  documentUrl(item: AgendaItemDto, documentId: string): string {
    return this.api.itemDocumentUrl(this.sitting().id, item.id, documentId);
  }

  // ---------------------------------------------------------------- reordering

  move(from: number, to: number, button: 'monter' | 'descendre'): void {
    const item = this.items()[from];
    this.reorder(from, to, () => {
      this.announcement.set(`Point « ${this.heading(item)} » déplacé en position ${to + 1}.`);
      afterNextRender(
        () => {
          const mine = this.host.nativeElement.querySelector<HTMLButtonElement>(`#${button}-${item.id}`);
          const other = this.host.nativeElement.querySelector<HTMLButtonElement>(
            `#${button === 'monter' ? 'descendre' : 'monter'}-${item.id}`,
          );
          (mine && !mine.disabled ? mine : other)?.focus();
        },
        { injector: this.injector },
      );
    });
  }

  dragStart(event: DragEvent, index: number): void {
    if (!this.editable()) return;
    this.dragIndex.set(index);
    event.dataTransfer?.setData('text/plain', String(index));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  dragOver(event: DragEvent, index: number): void {
    if (this.dragIndex() === null) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    this.overIndex.set(index);
  }

  drop(event: DragEvent, index: number): void {
    event.preventDefault();
    const from = this.dragIndex();
    this.dragEnd();
    if (from === null || from === index) return;
    const item = this.items()[from];
    this.reorder(from, index, () =>
      this.announcement.set(`Point « ${this.heading(item)} » déplacé en position ${index + 1}.`),
    );
  }

  dragEnd(): void {
    this.dragIndex.set(null);
    this.overIndex.set(null);
  }

  private reorder(from: number, to: number, done: () => void): void {
    const ids = moveItem(
      this.items().map((i) => i.id),
      from,
      to,
    );
    this.call(this.api.reorder(this.sitting().id, ids), done);
  }

  // ---------------------------------------------------------------- editing

  startRemove(item: AgendaItemDto): void {
    this.removing.set(this.removing() === item.id ? null : item.id);
  }

  removeAction(item: AgendaItemDto): (reason: string) => Observable<SittingDto> {
    return (reason) => this.api.removeItem(this.sitting().id, item.id, reason);
  }

  removed(item: AgendaItemDto, s: SittingDto): void {
    this.removing.set(null);
    this.changed.emit(s);
    this.announcement.set(`Le point « ${this.heading(item)} » a été retiré de l'ordre du jour.`);
  }

  attach(event: Event, item: AgendaItemDto): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.call(this.api.uploadItemDocument(this.sitting().id, item.id, file), () => {
      input.value = '';
      this.announcement.set(`Le document ${file.name} a été joint au point « ${this.heading(item)} ».`);
    });
  }

  reopen(): void {
    this.call(this.api.reopenAgenda(this.sitting().id), () =>
      this.announcement.set("L'ordre du jour est rouvert : une nouvelle convocation devra être envoyée."),
    );
  }

  private call(request: Observable<SittingDto>, done: () => void): void {
    this.busy.set(true);
    this.error.set(null);
    request.subscribe({
      next: (s) => {
        this.busy.set(false);
        this.changed.emit(s);
        done();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
