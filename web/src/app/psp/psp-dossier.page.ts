import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  isEditable,
  Permission,
  type ChecklistItemDto,
  type PspRequestDto,
  type SupportingDocumentDto,
} from '@cdlp/shared';
import { catchError, Observable, of, tap } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { createActionState } from '../ui/action-state';
import { AlertComponent } from '../ui/alert.component';
import { DayOfPipe } from '../ui/dates';
import { createFormState, FORM_FIELDS } from '../ui/form-fields';
import { FormActionsComponent } from '../ui/form-page.component';
import { recordResource } from '../ui/list-state';
import { RecordPageComponent } from '../ui/record-page.component';
import { NationalityWaiverComponent } from './nationality-waiver.component';
import { PspChecklistComponent } from './psp-checklist.component';
import { PspDossierDetailsComponent } from './psp-dossier-details.component';
import { stepOfField, PSP_FORM_STEPS } from './psp-dossier-form';
import { isLongWait, kindLabel, opinionLabel, stateBadgeClass, stateLabel, waitingText } from './psp-labels';
import { PspRequestsApi } from './psp.api';

@Component({
  selector: 'cdlp-psp-dossier-page',
  imports: [
    FORM_FIELDS,
    RouterLink,
    AlertComponent,
    DayOfPipe,
    FormActionsComponent,
    RecordPageComponent,
    PspChecklistComponent,
    PspDossierDetailsComponent,
    NationalityWaiverComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-record-page
      [crumbs]="[{ label: listLabel(), path: '/demandes' }, { label: title() }]"
      [heading]="title()"
      [success]="actions.success()"
      [error]="record.error()"
      backLink="/demandes"
      backLabel="Retour à la liste des demandes"
      [loading]="!request()"
      loadingText="Chargement du dossier…"
    >
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
                  [disabled]="actions.busy()"
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

        @if (actions.errors().length > 0) {
          <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
            <h2 class="fr-alert__title">La demande n'a pas pu être déposée</h2>
            <ul>
              @for (e of actions.errors(); track $index) {
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
        } @else if (actions.error(); as message) {
          <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        }

        @if (withdrawOpen()) {
          <section id="retrait" class="cdlp-panel" aria-labelledby="retrait-titre">
            <h2 id="retrait-titre" class="fr-h4">Retirer la demande</h2>
            <p>La demande ne sera plus examinée. Le retrait est enregistré avec son motif.</p>
            <form [formGroup]="withdrawForm" [cdlpForm]="withdrawState" (ngSubmit)="withdraw()" novalidate>
              <cdlp-input
                fieldId="withdrawReason"
                label="Motif du retrait"
                [multiline]="true"
                [control]="withdrawForm.controls.reason"
              />
              <cdlp-form-actions
                submitLabel="Confirmer le retrait"
                [pending]="actions.busy()"
                spacing=""
                (cancel)="withdrawOpen.set(false)"
              />
            </form>
          </section>
        }

        <cdlp-psp-checklist
          [request]="r"
          [checklist]="checklist()"
          [editable]="editable()"
          [canFile]="canFile()"
          [busy]="actions.busy()"
          (uploaded)="uploaded($event)"
          (delete)="deleteDocument($event)"
        />
        @if (canDecideWaiver()) {
          <cdlp-nationality-waiver [request]="r" (decided)="waiverDecided($event)" />
        }
        <cdlp-psp-dossier-details [request]="r" />
      }
    </cdlp-record-page>
  `,
})
export class PspDossierPage {
  private readonly api = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);

  readonly id = input.required<string>();

  readonly record = recordResource(this.id, (id) => this.api.get(id).pipe(tap((r) => this.loadChecklist(r))));
  readonly request = this.record.value;
  readonly checklist = signal<ChecklistItemDto[]>([]);
  readonly actions = createActionState();
  readonly withdrawOpen = signal(false);
  readonly withdrawState = createFormState();
  readonly withdrawForm = new FormGroup({
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(1000)],
    }),
  });

  readonly canFile = computed(() => this.auth.can(Permission.PSP_REQUESTS_FILE));
  readonly title = computed(() => {
    const r = this.request();
    return r ? `Demande ${r.reference}` : 'Demande de parcours de sortie';
  });
  readonly editable = computed(() => {
    const r = this.request();
    return !!r && isEditable(r.state);
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
  readonly waiting = computed(() => waitingText(this.request()?.daysWaiting ?? 0));
  readonly longWait = computed(() => isLongWait(this.request()?.daysWaiting));

  constructor() {
    dynamicTitle(() => (this.request() ? this.title() : null));
  }

  listLabel(): string {
    return this.auth.role() === 'ASSOCIATION' ? 'Mes demandes' : 'Demandes';
  }

  /** Only the actions the state machine allows (PSP-4) are offered. */
  can(action: 'SUBMIT' | 'WITHDRAW'): boolean {
    return this.canFile() && !!this.request()?.allowedActions.includes(action);
  }

  stepTitle(field: string): string {
    return PSP_FORM_STEPS[stepOfField(field)].title;
  }

  uploaded(r: PspRequestDto): void {
    const before = this.request()?.state;
    this.request.set(r);
    this.actions.clear();
    this.actions.success.set(
      before !== r.state && r.state === 'COMPLETE'
        ? `Pièce enregistrée : la demande ${r.reference} est désormais complète.`
        : 'La pièce a été enregistrée.',
    );
  }

  waiverDecided(r: PspRequestDto): void {
    this.request.set(r);
    this.actions.clear();
    this.actions.success.set('La décision sur les documents concordants a été enregistrée.');
    this.actions.focusTop();
  }

  submitRequest(): void {
    this.run(this.api.submit(this.id()), (r) =>
      r.state === 'COMPLETE'
        ? `La demande ${r.reference} a été déposée : elle est complète.`
        : `La demande ${r.reference} a été déposée. Elle est incomplète : les pièces à fournir sont indiquées ci-dessous.`,
    );
  }

  withdraw(): void {
    if (!this.withdrawState.begin(this.withdrawForm)) return;
    this.run(this.api.withdraw(this.id(), this.withdrawForm.getRawValue().reason.trim()), (r) => {
      this.withdrawOpen.set(false);
      return `La demande ${r.reference} a été retirée.`;
    });
  }

  deleteDocument(d: SupportingDocumentDto): void {
    this.run(this.api.deleteDocument(this.id(), d.id), () => `La pièce ${d.filename} a été supprimée.`);
  }

  private run(call: Observable<PspRequestDto>, message: (r: PspRequestDto) => string): void {
    this.actions.run(call, (r) => {
      this.request.set(r);
      return message(r);
    });
  }

  private loadChecklist(r: PspRequestDto): void {
    this.api
      .checklist(r.kind)
      .pipe(catchError(() => of([])))
      .subscribe((c) => this.checklist.set(c));
  }
}
