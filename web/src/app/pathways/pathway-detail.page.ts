import {
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
import { Router, RouterLink } from '@angular/router';
import {
  parisDate,
  PATHWAY_END_REASON_LABELS,
  PATHWAY_END_REASONS,
  Permission,
  RESIDENCE_PERMIT_LABELS,
  RESIDENCE_PERMIT_STATUSES,
  type PathwayDto,
  type PathwayEndReason,
  type ResidencePermitStatus,
} from '@cdlp/shared';
import { catchError, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { dynamicTitle } from '../core/dynamic-title';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { DayPipe } from '../ui/dates';
import {
  focusFirstError,
  InputFieldComponent,
  Option,
  SelectFieldComponent,
  validateAndFocus,
} from '../ui/form-fields';
import {
  endReasonLabel,
  endsInText,
  endsSoon,
  formatEuros,
  monthsText,
  pathwayStateLabel,
  residencePermitLabel,
} from './pathway-labels';
import { PathwaysApi } from './pathways.api';

@Component({
  selector: 'cdlp-pathway-detail-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    DayPipe,
    InputFieldComponent,
    SelectFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: 'Parcours', path: '/parcours' }, { label: title() }]" />
      <h1>{{ title() }}</h1>
      @if (success(); as message) {
        <cdlp-alert kind="success">{{ message }}</cdlp-alert>
      }
      @if (loadError(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
      @if (pathway(); as p) {
        <ul class="cdlp-badges" aria-label="Situation du parcours">
          <li>
            <p
              class="fr-badge"
              [class.fr-badge--success]="p.state === 'ACTIVE'"
              [class.fr-badge--no-icon]="p.state !== 'ACTIVE'"
            >
              {{ stateLabel() }}
            </p>
          </li>
          @if (p.state === 'ACTIVE' && p.daysToPeriodEnd !== null) {
            <li>
              <p class="fr-badge" [class.fr-badge--warning]="soon()" [class.fr-badge--no-icon]="!soon()">
                {{ endsIn() }}
              </p>
            </li>
          }
        </ul>

        <h2 class="fr-h4">Durée du parcours (PSP-6)</h2>
        <dl class="cdlp-details">
          <dt>Association</dt>
          <dd>{{ p.associationName }}</dd>
          <dt>Début du parcours</dt>
          <dd>{{ p.startDate | day }}</dd>
          <dt>Fin de la période en cours</dt>
          <dd>{{ p.currentPeriodEnd | day }}</dd>
          <dt>Durée accordée</dt>
          <dd>{{ months() }}</dd>
          <dt>Durée restante possible</dt>
          <dd>{{ p.remainingMonths }} mois avant la durée maximale</dd>
        </dl>
        <div class="cdlp-meter fr-mb-3w">
          <label class="fr-label" for="duree-parcours">Part de la durée maximale déjà accordée</label>
          <meter
            id="duree-parcours"
            min="0"
            [max]="maxMonths()"
            [value]="p.totalMonths"
            [attr.aria-valuetext]="months()"
          >
            {{ months() }}
          </meter>
        </div>

        <div class="fr-table fr-table--no-caption" id="table-periodes">
          <div class="fr-table__wrapper">
            <div class="fr-table__container">
              <div class="fr-table__content">
                <table>
                  <caption>
                    Périodes du parcours
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Période</th>
                      <th scope="col">Du</th>
                      <th scope="col">Au</th>
                      <th scope="col">Demande</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (period of p.periods; track period.index) {
                      <tr>
                        <td>
                          {{
                            period.index === 1 ? 'Période initiale' : 'Renouvellement ' + (period.index - 1)
                          }}
                        </td>
                        <td>{{ period.startDate | day }}</td>
                        <td>{{ period.endDate | day }}</td>
                        <td>{{ period.requestReference }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>

        <h2 class="fr-h4">Aide financière (AFIS-1)</h2>
        <p>
          Allocation financière d'insertion sociale et professionnelle :
          <strong>{{ afis() }} par mois</strong>
          aux montants en vigueur aujourd'hui.
        </p>

        <h2 class="fr-h4">Autorisation provisoire de séjour (APS-1)</h2>
        @if (p.foreigner) {
          <p>
            Statut : <strong>{{ permit() }}</strong>
            @if (p.residencePermitValidUntil) {
              , valable jusqu'au {{ p.residencePermitValidUntil | day }}
            }
          </p>
          @if (canFile() && p.state === 'ACTIVE') {
            <form
              [formGroup]="permitForm"
              (ngSubmit)="savePermit()"
              novalidate
              class="cdlp-panel"
              aria-label="Statut de l'APS"
            >
              <cdlp-select
                fieldId="permitStatus"
                label="Statut de l'APS"
                [placeholder]="null"
                [options]="permitOptions"
                [control]="permitForm.controls.status"
                [serverError]="permitErrors()['status']"
              />
              <cdlp-input
                fieldId="permitValidUntil"
                label="Valable jusqu'au"
                type="date"
                [optional]="true"
                [control]="permitForm.controls.validUntil"
                [serverError]="permitErrors()['validUntil']"
              />
              <button type="submit" class="fr-btn fr-btn--secondary" [disabled]="busy()">
                Enregistrer le statut de l'APS
              </button>
            </form>
          }
        } @else {
          <p>Sans objet : la personne n'est pas de nationalité étrangère.</p>
        }

        @if (p.state === 'ENDED') {
          <h2 class="fr-h4">Fin du parcours (PSP-8)</h2>
          <dl class="cdlp-details">
            <dt>Motif</dt>
            <dd>{{ endReason() }}</dd>
            <dt>Date d'effet</dt>
            <dd>{{ p.endEffectiveDate | day }}</dd>
            @if (p.endComment) {
              <dt>Commentaire</dt>
              <dd>{{ p.endComment }}</dd>
            }
          </dl>
        } @else {
          <h2 class="fr-h4">Renouvellement (PSP-7)</h2>
          @if (p.pendingRenewalRequestId) {
            <p>
              Une demande de renouvellement est en cours :
              <a class="fr-link" [routerLink]="['/demandes', p.pendingRenewalRequestId]">voir la demande</a>.
            </p>
          } @else if (!p.canRenew) {
            <cdlp-alert kind="warning">{{
              p.renewalBlockedReason || 'Le parcours ne peut pas être renouvelé.'
            }}</cdlp-alert>
          } @else if (canFile()) {
            <form
              [formGroup]="renewForm"
              (ngSubmit)="renew()"
              novalidate
              class="cdlp-panel"
              aria-labelledby="renouvellement-titre"
            >
              <h3 id="renouvellement-titre" class="fr-h6">Demander le renouvellement</h3>
              <p class="fr-text--sm">
                L'identité et le projet sont repris de la demande initiale ; les pièces du renouvellement sont
                à joindre ensuite sur la nouvelle demande.
              </p>
              <cdlp-input
                fieldId="progressReport"
                label="Bilan de la période écoulée"
                hint="Actions réalisées, engagements tenus, suites proposées."
                [multiline]="true"
                [rows]="6"
                [control]="renewForm.controls.progressReport"
                [serverError]="renewErrors()['progressReport']"
                [submitted]="renewSubmitted()"
              />
              <button type="submit" class="fr-btn" [disabled]="busy()">Demander le renouvellement</button>
            </form>
          } @else {
            <p>Le renouvellement est possible : il est demandé par l'association.</p>
          }

          @if (canManage()) {
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-3w">
              <li>
                <button
                  type="button"
                  class="fr-btn fr-btn--tertiary fr-icon-close-circle-line"
                  [attr.aria-expanded]="endOpen()"
                  aria-controls="fin-parcours"
                  (click)="endOpen.set(!endOpen())"
                >
                  Mettre fin au parcours
                </button>
              </li>
            </ul>
            @if (endOpen()) {
              <section id="fin-parcours" class="cdlp-panel" aria-labelledby="fin-parcours-titre">
                <h3 id="fin-parcours-titre" class="fr-h6">Mettre fin au parcours (PSP-8)</h3>
                <p class="fr-text--sm">
                  La fin du parcours est notifiée à l'association et au secrétariat{{
                    p.foreigner ? ", ainsi qu'au service des étrangers (APS-1)" : ''
                  }}.
                </p>
                <form [formGroup]="endForm" (ngSubmit)="endPathway()" novalidate>
                  <cdlp-select
                    fieldId="endReason"
                    label="Motif de fin"
                    [options]="endReasonOptions"
                    [control]="endForm.controls.reason"
                    [serverError]="endErrors()['reason']"
                    [submitted]="endSubmitted()"
                  />
                  <cdlp-input
                    fieldId="effectiveDate"
                    label="Date d'effet"
                    type="date"
                    [control]="endForm.controls.effectiveDate"
                    [serverError]="endErrors()['effectiveDate']"
                    [submitted]="endSubmitted()"
                  />
                  <cdlp-input
                    fieldId="endComment"
                    label="Commentaire"
                    [optional]="true"
                    [multiline]="true"
                    [control]="endForm.controls.comment"
                    [serverError]="endErrors()['comment']"
                  />
                  <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li>
                      <button type="submit" class="fr-btn" [disabled]="busy()">
                        Confirmer la fin du parcours
                      </button>
                    </li>
                    <li>
                      <button type="button" class="fr-btn fr-btn--secondary" (click)="endOpen.set(false)">
                        Annuler
                      </button>
                    </li>
                  </ul>
                </form>
              </section>
            }
          }
        }
        @if (actionError(); as message) {
          <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        }
      } @else if (!loadError()) {
        <p role="status">Chargement du parcours…</p>
      }
    </div>
  `,
})
export class PathwayDetailPage {
  private readonly api = inject(PathwaysApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly id = input.required<string>();
  readonly pathway = signal<PathwayDto | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly busy = signal(false);
  readonly endOpen = signal(false);
  readonly endSubmitted = signal(false);
  readonly renewSubmitted = signal(false);
  readonly endErrors = signal<Record<string, string>>({});
  readonly renewErrors = signal<Record<string, string>>({});
  readonly permitErrors = signal<Record<string, string>>({});

  readonly canFile = computed(() => this.auth.can(Permission.PSP_REQUESTS_FILE));
  readonly canManage = computed(() => this.auth.can(Permission.PATHWAYS_MANAGE));
  readonly title = computed(() => {
    const v = this.pathway();
    return v ? `Parcours ${v.reference}` : 'Parcours';
  });
  readonly stateLabel = computed(() => {
    const v = this.pathway();
    return v ? pathwayStateLabel(v) : '';
  });
  readonly maxMonths = computed(() => {
    const p = this.pathway();
    return p ? p.totalMonths + p.remainingMonths : 24;
  });
  readonly months = computed(() => monthsText(this.pathway()?.totalMonths ?? 0, this.maxMonths()));
  readonly endsIn = computed(() => endsInText(this.pathway()?.daysToPeriodEnd ?? null));
  readonly soon = computed(() => {
    const p = this.pathway();
    return !!p && endsSoon(p);
  });
  readonly afis = computed(() => formatEuros(this.pathway()?.afisMonthlyAmount ?? 0));
  readonly permit = computed(() => {
    const v = this.pathway();
    return v ? residencePermitLabel(v) : '';
  });
  readonly endReason = computed(() => {
    const v = this.pathway();
    return v ? endReasonLabel(v) : '';
  });

  readonly permitOptions: Option[] = RESIDENCE_PERMIT_STATUSES.map((s) => ({
    value: s,
    label: RESIDENCE_PERMIT_LABELS[s],
  }));
  readonly endReasonOptions: Option[] = PATHWAY_END_REASONS.map((r) => ({
    value: r,
    label: PATHWAY_END_REASON_LABELS[r],
  }));

  readonly permitForm = new FormGroup({
    status: new FormControl<ResidencePermitStatus>('TO_REQUEST', { nonNullable: true }),
    validUntil: new FormControl('', { nonNullable: true }),
  });
  readonly renewForm = new FormGroup({
    progressReport: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(8000)],
    }),
  });
  readonly endForm = new FormGroup({
    reason: new FormControl<PathwayEndReason | ''>('', {
      nonNullable: true,
      validators: [Validators.required],
    }),
    effectiveDate: new FormControl(parisDate(new Date()), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    comment: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
  });

  constructor() {
    dynamicTitle(() => (this.pathway() ? this.title() : null));
    toObservable(this.id)
      .pipe(
        tap(() => this.loadError.set(null)),
        switchMap((id) =>
          this.api.get(id).pipe(
            catchError((err: unknown) => {
              this.loadError.set(toApiError(err).message);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((p) => this.show(p));
  }

  savePermit(): void {
    const v = this.permitForm.getRawValue();
    this.busy.set(true);
    this.actionError.set(null);
    this.permitErrors.set({});
    this.api.residencePermit(this.id(), { status: v.status, validUntil: v.validUntil || null }).subscribe({
      next: (p) => {
        this.busy.set(false);
        this.show(p);
        this.success.set("Le statut de l'autorisation provisoire de séjour a été enregistré.");
      },
      error: (err: unknown) => this.fail(err, this.permitErrors),
    });
  }

  renew(): void {
    this.renewSubmitted.set(true);
    if (!validateAndFocus(this.renewForm, this.host.nativeElement, this.injector)) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api.renew(this.id(), this.renewForm.getRawValue().progressReport.trim()).subscribe({
      next: (request) => {
        this.busy.set(false);
        this.flash.show(
          'success',
          `La demande de renouvellement ${request.reference} a été créée. Joignez ses pièces puis déposez-la.`,
        );
        void this.router.navigate(['/demandes', request.id]);
      },
      error: (err: unknown) => this.fail(err, this.renewErrors),
    });
  }

  endPathway(): void {
    this.endSubmitted.set(true);
    if (!validateAndFocus(this.endForm, this.host.nativeElement, this.injector)) return;
    const v = this.endForm.getRawValue();
    this.busy.set(true);
    this.actionError.set(null);
    this.endErrors.set({});
    this.api
      .end(this.id(), {
        reason: v.reason as PathwayEndReason,
        effectiveDate: v.effectiveDate,
        comment: v.comment.trim() || undefined,
      })
      .subscribe({
        next: (p) => {
          this.busy.set(false);
          this.endOpen.set(false);
          this.show(p);
          this.success.set(`Le parcours ${p.reference} a pris fin.`);
        },
        error: (err: unknown) => this.fail(err, this.endErrors),
      });
  }

  private show(p: PathwayDto | null): void {
    this.pathway.set(p);
    if (p) {
      this.permitForm.setValue(
        { status: p.residencePermitStatus, validUntil: p.residencePermitValidUntil ?? '' },
        { emitEvent: false },
      );
    }
  }

  private fail(err: unknown, target: { set(v: Record<string, string>): void }): void {
    this.busy.set(false);
    const apiError = toApiError(err);
    this.actionError.set(apiError.message);
    target.set(apiError.fieldErrors);
    focusFirstError(this.host.nativeElement, this.injector);
  }
}
