import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  ADMINISTRATIVE_STATUS_LABELS,
  HOUSING_LABELS,
  NATIONALITY_GROUP_LABELS,
  OPINION_LABELS,
  Permission,
  PSP_REQUEST_KIND_LABELS,
  SUPPORT_PILLAR_LABELS,
  type AgendaItemDto,
  type PspSummaryDto,
  type SittingDto,
} from '@cdlp/shared';
import { catchError, map, Observable, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { PspRequestsApi } from '../psp/psp.api';
import { formatSize } from '../psp/psp-labels';
import { AlertComponent } from '../ui/alert.component';
import { DayOfPipe } from '../ui/dates';
import { InputFieldComponent, Option, SelectFieldComponent, validateAndFocus } from '../ui/form-fields';
import { SittingsApi } from './sittings.api';

/** The new order of the agenda after moving one item from `from` to `to` (indexes). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved);
  return out;
}

export function itemHeading(item: AgendaItemDto): string {
  if (item.kind === 'PSP_REQUEST') {
    const kind = item.requestKind ? PSP_REQUEST_KIND_LABELS[item.requestKind].toLowerCase() : 'demande';
    return `Dossier ${item.reference ?? item.title} (${kind})`;
  }
  return item.title;
}

/**
 * The agenda: builder for the secretariat (add, remove with a reason, reorder by drag and drop
 * or with the move buttons, documents of policy items), read-only view for the others.
 * CONV-1: after the convocation the agenda is locked; reopening it calls for a new convocation.
 */
@Component({
  selector: 'cdlp-agenda',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    DayOfPipe,
    InputFieldComponent,
    SelectFieldComponent,
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
        <div class="fr-notice fr-notice--info fr-mb-2w">
          <div class="fr-container">
            <div class="fr-notice__body">
              <p class="fr-notice__title">
                L'ordre du jour est verrouillé depuis l'envoi de la convocation. Pour le modifier, rouvrez-le
                : une nouvelle convocation devra être envoyée aux membres.
              </p>
            </div>
          </div>
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
      @if (error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
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
                  <button
                    type="button"
                    class="fr-btn fr-btn--sm fr-btn--tertiary"
                    [attr.aria-expanded]="!!summaries()[item.requestId]"
                    [attr.aria-controls]="'synthese-' + item.id"
                    (click)="toggleSummary(item)"
                  >
                    Synthèse du dossier {{ item.reference }}
                  </button>
                  @if (summaries()[item.requestId]; as sum) {
                    <div class="cdlp-panel fr-mt-1w" [id]="'synthese-' + item.id">
                      <p class="fr-text--sm">Synthèse sans identité (DP-2), consultable pendant la séance.</p>
                      <dl class="cdlp-details">
                        <dt>Âge</dt>
                        <dd>{{ sum.ageBand || 'Non renseigné' }}</dd>
                        <dt>Zone de nationalité</dt>
                        <dd>{{ sum.nationalityGroup ? nationality(sum) : 'Non renseignée' }}</dd>
                        <dt>Logement</dt>
                        <dd>{{ sum.housing ? housing(sum) : 'Non renseigné' }}</dd>
                        <dt>Situation administrative</dt>
                        <dd>{{ sum.administrativeStatus ? administrative(sum) : 'Non renseignée' }}</dd>
                        <dt>Avis de l'association</dt>
                        <dd>{{ sum.associationOpinion ? opinion(sum) : 'Non renseigné' }}</dd>
                      </dl>
                      @if (sum.supportPlan.length > 0) {
                        <ul>
                          @for (p of sum.supportPlan; track p.pillar) {
                            <li>
                              <strong>{{ pillar(p.pillar) }}</strong> : {{ p.plannedActions }}
                            </li>
                          }
                        </ul>
                      }
                      @if (sum.evaluation) {
                        <p class="cdlp-prewrap">{{ sum.evaluation }}</p>
                      }
                    </div>
                  }
                }
              }
              @if (editable()) {
                <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left fr-mt-1w">
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
                  <form
                    [id]="'retrait-' + item.id"
                    class="cdlp-panel"
                    [formGroup]="removeForm"
                    (ngSubmit)="remove(item)"
                    novalidate
                  >
                    <cdlp-input
                      [fieldId]="'motif-retrait-' + item.id"
                      [label]="'Motif du retrait du point ' + heading(item)"
                      [control]="removeForm.controls.reason"
                      [submitted]="removeSubmitted()"
                    />
                    <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                      <li>
                        <button type="submit" class="fr-btn fr-btn--sm" [disabled]="busy()">
                          Confirmer le retrait
                        </button>
                      </li>
                      <li>
                        <button
                          type="button"
                          class="fr-btn fr-btn--sm fr-btn--secondary"
                          (click)="removing.set(null)"
                        >
                          Annuler
                        </button>
                      </li>
                    </ul>
                  </form>
                }
                @if (item.kind === 'POLICY') {
                  <div class="fr-upload-group fr-mt-1w">
                    <label class="fr-label" [for]="'document-' + item.id">
                      Joindre un document au point {{ heading(item) }}
                      <span class="fr-hint-text"
                        >PDF, JPEG ou PNG, 10 Mo au plus. Il est envoyé avec la convocation.</span
                      >
                    </label>
                    <input
                      class="fr-upload"
                      type="file"
                      [id]="'document-' + item.id"
                      accept=".pdf,.jpg,.jpeg,.png"
                      (change)="attach($event, item)"
                    />
                  </div>
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
        <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
          <div class="fr-col-12 fr-col-md-6">
            <form
              class="cdlp-panel"
              [formGroup]="policyForm"
              (ngSubmit)="addPolicy()"
              novalidate
              aria-labelledby="ajout-point-titre"
            >
              <h3 id="ajout-point-titre" class="fr-h6">Ajouter un point</h3>
              <cdlp-input
                fieldId="policyTitle"
                label="Intitulé du point"
                [control]="policyForm.controls.title"
                [submitted]="policySubmitted()"
              />
              <cdlp-input
                fieldId="policyPresenter"
                label="Présenté par"
                [optional]="true"
                [control]="policyForm.controls.presenter"
              />
              <button
                type="submit"
                class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left"
                [disabled]="busy()"
              >
                Ajouter le point
              </button>
            </form>
          </div>
          @if (s.kind === 'EXAMINATION') {
            <div class="fr-col-12 fr-col-md-6">
              <form
                class="cdlp-panel"
                [formGroup]="requestForm"
                (ngSubmit)="addRequest()"
                novalidate
                aria-labelledby="ajout-demande-titre"
              >
                <h3 id="ajout-demande-titre" class="fr-h6">Inscrire une demande complète</h3>
                @if (completeOptions().length === 0) {
                  <p class="fr-text--sm cdlp-empty">Aucune autre demande complète en attente (PSP-4).</p>
                } @else {
                  <cdlp-select
                    fieldId="requestId"
                    label="Demande complète"
                    [options]="completeOptions()"
                    [control]="requestForm.controls.requestId"
                    [submitted]="requestSubmitted()"
                  />
                  <button
                    type="submit"
                    class="fr-btn fr-btn--sm fr-icon-add-line fr-btn--icon-left"
                    [disabled]="busy()"
                  >
                    Inscrire la demande
                  </button>
                }
              </form>
            </div>
          }
        </div>
      }
    </section>
  `,
})
export class AgendaComponent {
  private readonly api = inject(SittingsApi);
  private readonly psp = inject(PspRequestsApi);
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
  readonly removeSubmitted = signal(false);
  readonly policySubmitted = signal(false);
  readonly requestSubmitted = signal(false);
  readonly dragIndex = signal<number | null>(null);
  readonly overIndex = signal<number | null>(null);
  readonly summaries = signal<Record<string, PspSummaryDto>>({});
  readonly complete = signal<Option[]>([]);
  private completeLoaded = false;

  readonly removeForm = new FormGroup({
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(500)],
    }),
  });
  readonly policyForm = new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(300)],
    }),
    presenter: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
  });
  readonly requestForm = new FormGroup({
    requestId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  readonly items = computed(() =>
    this.sitting()
      .agenda.filter((i) => !i.removed)
      .sort((a, b) => a.position - b.position),
  );
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
  readonly completeOptions = computed(() => {
    const onAgenda = new Set(this.items().map((i) => i.requestId));
    return this.complete().filter((o) => !onAgenda.has(o.value));
  });

  constructor() {
    effect(() => {
      if (this.editable() && this.sitting().kind === 'EXAMINATION') untracked(() => this.loadComplete());
    });
  }

  heading(item: AgendaItemDto): string {
    return itemHeading(item);
  }
  size(bytes: number): string {
    return formatSize(bytes);
  }
  documentUrl(item: AgendaItemDto, documentId: string): string {
    return this.api.itemDocumentUrl(this.sitting().id, item.id, documentId);
  }
  nationality(s: PspSummaryDto): string {
    return s.nationalityGroup ? NATIONALITY_GROUP_LABELS[s.nationalityGroup] : '';
  }
  housing(s: PspSummaryDto): string {
    return s.housing ? HOUSING_LABELS[s.housing] : '';
  }
  administrative(s: PspSummaryDto): string {
    return s.administrativeStatus ? ADMINISTRATIVE_STATUS_LABELS[s.administrativeStatus] : '';
  }
  opinion(s: PspSummaryDto): string {
    return s.associationOpinion ? OPINION_LABELS[s.associationOpinion] : '';
  }
  pillar(p: keyof typeof SUPPORT_PILLAR_LABELS): string {
    return SUPPORT_PILLAR_LABELS[p];
  }

  toggleSummary(item: AgendaItemDto): void {
    const id = item.requestId as string;
    if (this.summaries()[id]) {
      const { [id]: _removed, ...rest } = this.summaries();
      this.summaries.set(rest);
      return;
    }
    this.psp.summary(id).subscribe({
      next: (sum) => this.summaries.update((all) => ({ ...all, [id]: sum })),
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
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
    this.removeForm.reset();
    this.removeSubmitted.set(false);
    this.removing.set(this.removing() === item.id ? null : item.id);
  }

  remove(item: AgendaItemDto): void {
    this.removeSubmitted.set(true);
    if (!validateAndFocus(this.removeForm, this.host.nativeElement, this.injector)) return;
    this.call(
      this.api.removeItem(this.sitting().id, item.id, this.removeForm.getRawValue().reason.trim()),
      () => {
        this.removing.set(null);
        this.announcement.set(`Le point « ${this.heading(item)} » a été retiré de l'ordre du jour.`);
      },
    );
  }

  addPolicy(): void {
    this.policySubmitted.set(true);
    if (!validateAndFocus(this.policyForm, this.host.nativeElement, this.injector)) return;
    const v = this.policyForm.getRawValue();
    this.call(
      this.api.addItem(this.sitting().id, {
        kind: 'POLICY',
        title: v.title.trim(),
        presenter: v.presenter.trim() || undefined,
      }),
      () => {
        this.policyForm.reset();
        this.policySubmitted.set(false);
        this.announcement.set(`Le point « ${v.title.trim()} » a été ajouté à l'ordre du jour.`);
      },
    );
  }

  addRequest(): void {
    this.requestSubmitted.set(true);
    if (!validateAndFocus(this.requestForm, this.host.nativeElement, this.injector)) return;
    const requestId = this.requestForm.getRawValue().requestId;
    this.call(this.api.addItem(this.sitting().id, { kind: 'PSP_REQUEST', requestId }), () => {
      this.requestForm.reset();
      this.requestSubmitted.set(false);
      this.announcement.set("La demande a été inscrite à l'ordre du jour.");
    });
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

  private loadComplete(): void {
    if (this.completeLoaded || !this.canOpenDossier()) return;
    this.completeLoaded = true;
    this.psp
      .list({ state: 'COMPLETE', page: 1, pageSize: 100, sort: 'completedAt', order: 'asc' })
      .pipe(
        map((p) => p.items.map((r) => ({ value: r.id, label: `${r.reference} - ${r.associationName}` }))),
        catchError(() => of([])),
      )
      .subscribe((o) => this.complete.set(o));
  }
}
