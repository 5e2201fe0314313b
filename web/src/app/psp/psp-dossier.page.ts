import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  ADMINISTRATIVE_STATUS_LABELS,
  HOUSING_LABELS,
  isEditable,
  NATIONALITY_GROUP_LABELS,
  Permission,
  SUPPORT_PILLAR_LABELS,
  type ChecklistItemDto,
  type CompletenessItemDto,
  type PspRequestDto,
  type SupportingDocumentDto,
} from '@cdlp/shared';
import { catchError, of, switchMap, tap } from 'rxjs';
import { fieldErrorList, toApiError } from '../core/api-error';
import { dynamicTitle } from '../core/dynamic-title';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { DayOfPipe, DayPipe, InstantPipe } from '../ui/dates';
import { InputFieldComponent, Option, RadiosFieldComponent, validateAndFocus } from '../ui/form-fields';
import { DocumentUploadComponent } from './document-upload.component';
import { stepOfField, PSP_FORM_STEPS } from './psp-dossier-form';
import {
  CHECKLIST_STATUS_LABELS,
  checklistBadgeClass,
  docTypeLabel,
  formatSize,
  isLongWait,
  kindLabel,
  opinionLabel,
  stateBadgeClass,
  stateLabel,
  waitingText,
} from './psp-labels';
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

@Component({
  selector: 'cdlp-psp-dossier-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    DayPipe,
    DayOfPipe,
    InstantPipe,
    InputFieldComponent,
    RadiosFieldComponent,
    DocumentUploadComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: listLabel(), path: '/demandes' }, { label: title() }]" />
      <h1>{{ title() }}</h1>

      @if (success(); as message) {
        <cdlp-alert kind="success">{{ message }}</cdlp-alert>
      }
      @if (loadError(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        <p><a class="fr-link" routerLink="/demandes">Retour à la liste des demandes</a></p>
      }

      @if (request(); as r) {
        <ul class="cdlp-badges" aria-label="Situation de la demande">
          <li>
            <p class="fr-badge fr-badge--no-icon">{{ kind() }}</p>
          </li>
          <li>
            <p class="fr-badge" [class]="stateBadge()" id="etat-demande">{{ state() }}</p>
          </li>
          @if (r.urgent) {
            <li><p class="fr-badge fr-badge--error">Urgente</p></li>
          }
          @if (r.daysWaiting !== null) {
            <li>
              <p
                class="fr-badge"
                [class.fr-badge--warning]="longWait()"
                [class.fr-badge--no-icon]="!longWait()"
              >
                {{ waiting() }}
              </p>
            </li>
          }
        </ul>

        <dl class="cdlp-details">
          <dt>Association</dt>
          <dd>{{ r.associationName }}</dd>
          <dt>Déposée le</dt>
          <dd>{{ r.submittedAt ? (r.submittedAt | dayOf) : 'Pas encore déposée (brouillon)' }}</dd>
          @if (r.completedAt) {
            <dt>Complète depuis le</dt>
            <dd>{{ r.completedAt | dayOf }}</dd>
          }
          @if (r.opinion) {
            <dt>Avis de la commission</dt>
            <dd>{{ opinion() }}{{ r.opinionAt ? ', le ' + (r.opinionAt | dayOf) : '' }}</dd>
          }
          @if (r.decision) {
            <dt>Décision du préfet</dt>
            <dd>
              {{ r.decision === 'AUTHORISED' ? 'Autorisation' : 'Refus'
              }}{{ r.decidedAt ? ', le ' + (r.decidedAt | dayOf) : '' }}
            </dd>
          }
          @if (r.pathwayId) {
            <dt>Parcours</dt>
            <dd><a class="fr-link" [routerLink]="['/parcours', r.pathwayId]">Voir le parcours</a></dd>
          }
          @if (r.withdrawnReason) {
            <dt>Motif du retrait</dt>
            <dd>{{ r.withdrawnReason }}</dd>
          }
        </dl>

        @if (canFile() && (editable() || can('SUBMIT') || can('WITHDRAW'))) {
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            @if (editable()) {
              <li>
                <a
                  class="fr-btn fr-btn--secondary fr-icon-edit-line"
                  [routerLink]="['/demandes', r.id, 'modifier']"
                  >Modifier le dossier</a
                >
              </li>
            }
            @if (can('SUBMIT')) {
              <li>
                <button
                  type="button"
                  class="fr-btn fr-icon-checkbox-circle-line"
                  [disabled]="busy()"
                  (click)="submitRequest()"
                >
                  Déposer la demande
                </button>
              </li>
            }
            @if (can('WITHDRAW')) {
              <li>
                <button
                  type="button"
                  class="fr-btn fr-btn--tertiary fr-icon-close-circle-line"
                  [attr.aria-expanded]="withdrawOpen()"
                  aria-controls="retrait"
                  (click)="withdrawOpen.set(!withdrawOpen())"
                >
                  Retirer la demande
                </button>
              </li>
            }
          </ul>
        }

        @if (actionErrors().length > 0) {
          <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
            <h2 class="fr-alert__title">La demande n'a pas pu être déposée</h2>
            <ul>
              @for (e of actionErrors(); track $index) {
                <li>
                  {{ e.message }}
                  @if (editable()) {
                    <a class="fr-link fr-link--sm" [routerLink]="['/demandes', r.id, 'modifier']">
                      Compléter l'étape « {{ stepTitle(e.field) }} »</a
                    >
                  }
                </li>
              }
            </ul>
          </div>
        } @else if (actionError(); as message) {
          <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        }

        @if (withdrawOpen()) {
          <section id="retrait" class="cdlp-panel" aria-labelledby="retrait-titre">
            <h2 id="retrait-titre" class="fr-h4">Retirer la demande</h2>
            <p>La demande ne sera plus examinée. Le retrait est enregistré avec son motif.</p>
            <form [formGroup]="withdrawForm" (ngSubmit)="withdraw()" novalidate>
              <cdlp-input
                fieldId="withdrawReason"
                label="Motif du retrait"
                [multiline]="true"
                [control]="withdrawForm.controls.reason"
                [submitted]="withdrawSubmitted()"
              />
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button type="submit" class="fr-btn" [disabled]="busy()">Confirmer le retrait</button>
                </li>
                <li>
                  <button type="button" class="fr-btn fr-btn--secondary" (click)="withdrawOpen.set(false)">
                    Annuler
                  </button>
                </li>
              </ul>
            </form>
          </section>
        }

        <h2 class="fr-mt-4w">Pièces justificatives</h2>
        <div class="cdlp-highlight fr-mb-3w" [class.cdlp-highlight--ok]="r.completeness.complete">
          <p class="fr-mb-1w" id="completude">
            @if (r.completeness.complete) {
              Toutes les pièces requises sont fournies : le dossier est complet (PSP-3).
            } @else {
              Le dossier est incomplet : {{ missingCount() }} pièce{{ missingCount() > 1 ? 's' : '' }} ou
              information{{ missingCount() > 1 ? 's' : '' }} à fournir (PSP-3).
            }
          </p>
          <p class="fr-text--sm fr-mb-0">
            Les dates des pièces sont appréciées à la date du dépôt ({{
              r.completeness.referenceDate | day
            }}).
          </p>
        </div>

        @if (r.completeness.missingDossierFields.length > 0) {
          <h3 class="fr-h6">Informations du dossier à compléter</h3>
          <ul>
            @for (f of r.completeness.missingDossierFields; track f.field) {
              <li>
                {{ f.message }}
                @if (editable() && canFile()) {
                  <a class="fr-link fr-link--sm" [routerLink]="['/demandes', r.id, 'modifier']">Compléter</a>
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
                      <a
                        class="fr-link fr-icon-download-line fr-link--icon-left"
                        [href]="downloadUrl(d)"
                        download
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
                              (click)="deleteDocument(d)"
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
                  <cdlp-document-upload [requestId]="r.id" [item]="line.item" (uploaded)="uploaded($event)" />
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

        @if (canDecideWaiver()) {
          <section class="cdlp-panel" aria-labelledby="concordants-titre">
            <h2 id="concordants-titre" class="fr-h4">Plusieurs documents concordants (PSP-3)</h2>
            <p>
              À défaut de justificatif de nationalité, le secrétariat peut accepter plusieurs documents
              concordants. La décision et son motif sont enregistrés.
            </p>
            @if (r.nationalityWaiver; as w) {
              <p>
                Décision actuelle :
                <strong>{{
                  w.accepted ? 'documents concordants acceptés' : 'documents concordants refusés'
                }}</strong>
                le {{ w.decidedAt | dayOf }} - motif : {{ w.reason }}
              </p>
            }
            <form [formGroup]="waiverForm" (ngSubmit)="decideWaiver()" novalidate>
              <cdlp-radios
                fieldId="waiverAccepted"
                label="Décision"
                [options]="waiverOptions"
                [control]="waiverForm.controls.accepted"
                [submitted]="waiverSubmitted()"
              />
              <cdlp-input
                fieldId="waiverReason"
                label="Motif de la décision"
                hint="Par exemple : acte de naissance et attestation consulaire concordants."
                [multiline]="true"
                [control]="waiverForm.controls.reason"
                [submitted]="waiverSubmitted()"
              />
              <button type="submit" class="fr-btn fr-btn--secondary" [disabled]="busy()">
                Enregistrer la décision
              </button>
            </form>
          </section>
        }

        @if (hasIdentity()) {
          <h2 class="fr-mt-4w">Dossier de la personne</h2>
          <p class="fr-text--sm">
            Données confidentielles (DP-1) : chaque consultation est enregistrée au journal d'audit. Les
            membres de la commission n'en voient qu'une synthèse sans identité (DP-2).
          </p>
          <h3 class="fr-h6">Identité et coordonnées</h3>
          <dl class="cdlp-details">
            <dt>Nom et prénom</dt>
            <dd>{{ r.dossier.lastName }} {{ r.dossier.firstName }}</dd>
            @if (r.dossier.usedName) {
              <dt>Nom d'usage</dt>
              <dd>{{ r.dossier.usedName }}</dd>
            }
            <dt>Date de naissance</dt>
            <dd>{{ r.dossier.birthDate ? (r.dossier.birthDate | day) : 'Non renseignée' }}</dd>
            <dt>Nationalité</dt>
            <dd>{{ r.dossier.nationality || 'Non renseignée' }} {{ nationalityGroup() }}</dd>
            <dt>Personne étrangère</dt>
            <dd>
              {{ r.dossier.foreigner === undefined ? 'Non renseigné' : r.dossier.foreigner ? 'Oui' : 'Non' }}
            </dd>
            <dt>Téléphone</dt>
            <dd>{{ r.dossier.phone || 'Non renseigné' }}</dd>
            <dt>Adresse électronique</dt>
            <dd>{{ r.dossier.email || 'Non renseignée' }}</dd>
            <dt>Adresse ou domiciliation</dt>
            <dd>{{ r.dossier.postalAddress || 'Non renseignée' }}</dd>
          </dl>
          <h3 class="fr-h6">Situation</h3>
          <dl class="cdlp-details">
            <dt>Situation familiale</dt>
            <dd>{{ r.dossier.familySituation || 'Non renseignée' }}</dd>
            <dt>Enfants à charge</dt>
            <dd>{{ r.dossier.childrenCount ?? 'Non renseigné' }}</dd>
            <dt>Logement</dt>
            <dd>{{ housing() }}</dd>
            <dt>Ressources</dt>
            <dd>{{ r.dossier.resources || 'Non renseignées' }}</dd>
            <dt>Situation administrative</dt>
            <dd>{{ administrative() }}</dd>
          </dl>
        }
        @if ((r.dossier.supportPlan ?? []).length > 0) {
          <h3 class="fr-h6">Projet de parcours</h3>
          <div class="fr-table fr-table--no-caption fr-table--multiline" id="table-projet">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Projet de parcours par pilier
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Pilier</th>
                        <th scope="col">Actions prévues</th>
                        <th scope="col">Engagements de la personne</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (p of r.dossier.supportPlan; track p.pillar) {
                        <tr>
                          <th scope="row">{{ pillarLabel(p.pillar) }}</th>
                          <td>{{ p.plannedActions }}</td>
                          <td>{{ p.commitments }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        }
        @if (r.dossier.evaluation || r.dossier.associationOpinion) {
          <h3 class="fr-h6">Évaluation et avis de l'association</h3>
          <p class="cdlp-prewrap">{{ r.dossier.evaluation }}</p>
          @if (r.dossier.associationOpinion) {
            <p>
              <strong>{{ associationOpinion() }}</strong> de l'association.
            </p>
          }
        }
        @if (r.dossier.progressReport) {
          <h3 class="fr-h6">Bilan de la période écoulée (PSP-7)</h3>
          <p class="cdlp-prewrap">{{ r.dossier.progressReport }}</p>
        }
      } @else if (!loadError()) {
        <p role="status">Chargement du dossier…</p>
      }
    </div>
  `,
})
export class PspDossierPage {
  private readonly api = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly id = input.required<string>();

  readonly request = signal<PspRequestDto | null>(null);
  readonly checklist = signal<ChecklistItemDto[]>([]);
  readonly loadError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly actionErrors = signal<{ field: string; message: string }[]>([]);
  readonly busy = signal(false);
  readonly confirmDelete = signal<string | null>(null);
  readonly openUploads = signal<Record<string, boolean>>({});
  readonly withdrawOpen = signal(false);
  readonly withdrawSubmitted = signal(false);
  readonly waiverSubmitted = signal(false);

  readonly withdrawForm = new FormGroup({
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(1000)],
    }),
  });
  readonly waiverForm = new FormGroup({
    accepted: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(1000)],
    }),
  });
  readonly waiverOptions: Option[] = [
    { value: 'true', label: 'Accepter les documents concordants' },
    { value: 'false', label: 'Ne pas accepter' },
  ];

  readonly canFile = computed(() => this.auth.can(Permission.PSP_REQUESTS_FILE));
  readonly title = computed(() => {
    const r = this.request();
    return r ? `Demande ${r.reference}` : 'Demande de parcours de sortie';
  });
  readonly editable = computed(() => {
    const r = this.request();
    return !!r && isEditable(r.state);
  });
  readonly lines = computed(() => {
    const r = this.request();
    return r ? checklistLines(r, this.checklist()) : [];
  });
  readonly missingCount = computed(() => {
    const r = this.request();
    if (!r) return 0;
    return (
      r.completeness.items.filter((i) => i.required && i.status !== 'PRESENT' && i.status !== 'WAIVED')
        .length + r.completeness.missingDossierFields.length
    );
  });
  readonly hasIdentity = computed(() => {
    const d = this.request()?.dossier;
    return !!d && (!!d.lastName || !!d.firstName || !!d.birthDate);
  });
  readonly canDecideWaiver = computed(() => {
    const r = this.request();
    return (
      !!r &&
      this.auth.can(Permission.PSP_COMPLETENESS_DECIDE) &&
      ['SUBMITTED', 'INCOMPLETE', 'COMPLETE'].includes(r.state) &&
      r.completeness.items.some((i) => i.code === 'NATIONALITE')
    );
  });
  readonly kind = computed(() => {
    const v = this.request();
    return v ? kindLabel(v.kind) : '';
  });
  readonly state = computed(() => {
    const v = this.request();
    return v ? stateLabel(v.state) : '';
  });
  readonly stateBadge = computed(() => {
    const v = this.request();
    return v ? stateBadgeClass(v.state) : '';
  });
  readonly opinion = computed(() => opinionLabel(this.request()?.opinion));
  readonly associationOpinion = computed(() => opinionLabel(this.request()?.dossier.associationOpinion));
  readonly waiting = computed(() => waitingText(this.request()?.daysWaiting ?? 0));
  readonly longWait = computed(() => isLongWait(this.request()?.daysWaiting));
  readonly housing = computed(() => {
    const h = this.request()?.dossier.housing;
    return h ? HOUSING_LABELS[h] : 'Non renseigné';
  });
  readonly administrative = computed(() => {
    const a = this.request()?.dossier.administrativeStatus;
    return a ? ADMINISTRATIVE_STATUS_LABELS[a] : 'Non renseignée';
  });
  readonly nationalityGroup = computed(() => {
    const g = this.request()?.dossier.nationalityGroup;
    return g ? `(${NATIONALITY_GROUP_LABELS[g]})` : '';
  });
  readonly formatSize = formatSize;

  constructor() {
    dynamicTitle(() => (this.request() ? this.title() : null));
    toObservable(this.id)
      .pipe(
        tap(() => {
          this.request.set(null);
          this.loadError.set(null);
        }),
        switchMap((id) =>
          this.api.get(id).pipe(
            catchError((err: unknown) => {
              this.loadError.set(toApiError(err).message);
              return of(null);
            }),
          ),
        ),
        tap((r) => {
          if (r) this.loadChecklist(r);
        }),
        takeUntilDestroyed(),
      )
      .subscribe((r) => this.request.set(r));
  }

  listLabel(): string {
    return this.auth.role() === 'ASSOCIATION' ? 'Mes demandes' : 'Demandes';
  }

  /** Only the actions the state machine allows (PSP-4) are offered. */
  can(action: 'SUBMIT' | 'WITHDRAW'): boolean {
    return this.canFile() && !!this.request()?.allowedActions.includes(action);
  }

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

  stepTitle(field: string): string {
    return PSP_FORM_STEPS[stepOfField(field)].title;
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
  pillarLabel(p: keyof typeof SUPPORT_PILLAR_LABELS): string {
    return SUPPORT_PILLAR_LABELS[p];
  }
  downloadUrl(d: SupportingDocumentDto): string {
    return this.api.documentUrl(this.id(), d.id);
  }

  uploaded(r: PspRequestDto): void {
    const before = this.request()?.state;
    this.openUploads.set({});
    this.request.set(r);
    this.actionErrors.set([]);
    this.success.set(
      before !== r.state && r.state === 'COMPLETE'
        ? `Pièce enregistrée : la demande ${r.reference} est désormais complète.`
        : 'La pièce a été enregistrée.',
    );
  }

  submitRequest(): void {
    this.run(this.api.submit(this.id()), (r) =>
      r.state === 'COMPLETE'
        ? `La demande ${r.reference} a été déposée : elle est complète.`
        : `La demande ${r.reference} a été déposée. Elle est incomplète : les pièces à fournir sont indiquées ci-dessous.`,
    );
  }

  withdraw(): void {
    this.withdrawSubmitted.set(true);
    if (!validateAndFocus(this.withdrawForm, this.host.nativeElement, this.injector)) return;
    this.run(this.api.withdraw(this.id(), this.withdrawForm.getRawValue().reason.trim()), (r) => {
      this.withdrawOpen.set(false);
      return `La demande ${r.reference} a été retirée.`;
    });
  }

  decideWaiver(): void {
    this.waiverSubmitted.set(true);
    if (!validateAndFocus(this.waiverForm, this.host.nativeElement, this.injector)) return;
    const v = this.waiverForm.getRawValue();
    this.run(
      this.api.nationalityWaiver(this.id(), { accepted: v.accepted === 'true', reason: v.reason.trim() }),
      () => {
        this.waiverForm.reset();
        this.waiverSubmitted.set(false);
        return 'La décision sur les documents concordants a été enregistrée.';
      },
    );
  }

  deleteDocument(d: SupportingDocumentDto): void {
    this.run(this.api.deleteDocument(this.id(), d.id), () => {
      this.confirmDelete.set(null);
      return `La pièce ${d.filename} a été supprimée.`;
    });
  }

  private run(call: ReturnType<PspRequestsApi['get']>, message: (r: PspRequestDto) => string): void {
    this.busy.set(true);
    this.actionError.set(null);
    this.actionErrors.set([]);
    this.success.set(null);
    call.subscribe({
      next: (r) => {
        this.busy.set(false);
        this.request.set(r);
        this.success.set(message(r));
        this.focusTop();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.actionError.set(toApiError(err).message);
        this.actionErrors.set(fieldErrorList(err));
      },
    });
  }

  private loadChecklist(r: PspRequestDto): void {
    this.api
      .checklist(r.kind)
      .pipe(catchError(() => of([])))
      .subscribe((c) => this.checklist.set(c));
  }

  private focusTop(): void {
    afterNextRender(
      () => {
        const h1 = this.host.nativeElement.querySelector<HTMLElement>('h1');
        h1?.setAttribute('tabindex', '-1');
        h1?.focus();
      },
      { injector: this.injector },
    );
  }
}
