import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  OPINION_LABELS,
  parisDate,
  Permission,
  PSP_REQUEST_KIND_LABELS,
  type Decision,
  type DecisionDto,
  type PspRequestDto,
  type SignedDocumentDto,
} from '@cdlp/shared';
import { catchError, forkJoin, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { PspRequestsApi } from '../psp/psp.api';
import { AlertComponent, NoticeComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { LongInstantPipe } from '../ui/dates';
import { createFormState, FORM_FIELDS, Option } from '../ui/form-fields';
import { SignedDocumentsComponent } from '../verification/signed-documents.component';
import { DecisionViewComponent } from './decision-view.component';
import { DecisionsApi } from './decisions.api';

/** PSP-5: the decision that follows the opinion (the préfet may depart from it). */
export function decisionFromOpinion(opinion: PspRequestDto['opinion']): Decision | '' {
  return opinion === 'FAVOURABLE' ? 'AUTHORISED' : opinion === 'UNFAVOURABLE' ? 'REFUSED' : '';
}

/** PSP-5: whether a decision departs from the commission's opinion. */
export function departsFromOpinion(opinion: PspRequestDto['opinion'], kind: Decision | ''): boolean {
  return !!opinion && !!kind && (opinion === 'FAVOURABLE') !== (kind === 'AUTHORISED');
}

const KIND_OPTIONS: Option[] = [
  { value: 'AUTHORISED', label: "Autorisation d'engager le parcours de sortie" },
  { value: 'REFUSED', label: 'Refus' },
];

/**
 * PSP-5, SIG-1: the préfet's decision on a PSP request. The secretariat prepares it after the
 * opinion, the president signs it; the signed letter is for the secretariat, the president and
 * the association that filed the request (DP-2).
 */
@Component({
  selector: 'cdlp-decision-page',
  imports: [
    FORM_FIELDS,
    RouterLink,
    AlertComponent,
    NoticeComponent,
    BreadcrumbComponent,
    SignedDocumentsComponent,
    DecisionViewComponent,
    LongInstantPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Demandes', path: '/demandes' },
          { label: reference(), path: '/demandes/' + id() },
          { label: 'Décision du préfet' },
        ]"
      />
      <h1>{{ title() }}</h1>
      <cdlp-alert kind="error" [text]="loadError()" />
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" [routerLink]="['/demandes', id()]"
          >Retour à la demande</a
        >
      </p>
      <cdlp-alert kind="success" [text]="success()" />
      @if (actionError() ?? state.error(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }

      @if (request(); as r) {
        <dl class="cdlp-details">
          <dt>Demande</dt>
          <dd>{{ r.reference }} - {{ requestKind() }}</dd>
          <dt>Association</dt>
          <dd>{{ r.associationName }}</dd>
          <dt>Avis de la commission</dt>
          <dd>
            @if (r.opinion) {
              <p
                class="fr-badge fr-badge--sm"
                [class.fr-badge--success]="r.opinion === 'FAVOURABLE'"
                [class.fr-badge--error]="r.opinion === 'UNFAVOURABLE'"
              >
                {{ opinionLabel() }}
              </p>
              @if (r.opinionAt) {
                rendu le {{ r.opinionAt | longInstant }}
              }
            } @else {
              Pas encore rendu
            }
          </dd>
        </dl>

        @if (decision(); as d) {
          @if (showDecision()) {
            <cdlp-decision-view
              [decision]="d"
              [request]="r"
              [canSign]="canSign()"
              [busy]="busy()"
              [previewUrl]="previewUrl()"
              (sign)="sign()"
            />
          } @else {
            <div cdlpNotice class="fr-mb-4w">La décision du préfet est en préparation.</div>
          }
        } @else if (!canPrepare()) {
          <div cdlpNotice class="fr-mb-4w">Aucune décision n'est encore préparée pour cette demande.</div>
        }

        @if (documents().length > 0) {
          <section class="fr-mb-4w" aria-labelledby="lettre-titre">
            <h2 id="lettre-titre" class="fr-h4">Lettre de décision signée</h2>
            <cdlp-signed-documents [documents]="documents()" caption="Lettre de décision signée" />
          </section>
        }

        @if (canPrepare() && decision()?.state !== 'SIGNED') {
          @if (r.state !== 'OPINION_GIVEN') {
            <p>La décision se prépare après l'avis de la commission : la demande n'est pas à ce stade.</p>
          } @else {
            <section class="cdlp-panel" aria-labelledby="preparation-titre">
              <h2 id="preparation-titre" class="fr-h4">
                {{ decision() ? 'Modifier le projet de décision' : 'Préparer la décision' }}
              </h2>
              <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="prepare()" novalidate>
                <cdlp-radios
                  fieldId="kind"
                  label="Décision du préfet"
                  hint="Pré-remplie d'après l'avis de la commission."
                  [inline]="false"
                  [options]="kindOptions"
                  [control]="form.controls.kind"
                />
                @if (departs()) {
                  <cdlp-alert
                    kind="warning"
                    heading="Cette décision s'écarte de l'avis de la commission (PSP-5)"
                  >
                    L'avis rendu est « {{ opinionLabel() }} ». Le préfet peut s'en écarter : exposez
                    précisément les motifs, la lettre mentionnera l'avis contraire de la commission.
                  </cdlp-alert>
                }
                <cdlp-input
                  fieldId="reasons"
                  label="Motifs de la décision"
                  hint="Ils figurent dans la lettre adressée à la personne par l'association (8 000 caractères au plus)."
                  [multiline]="true"
                  [rows]="6"
                  [control]="form.controls.reasons"
                />
                @if (kind() === 'AUTHORISED') {
                  @if (r.kind === 'INITIAL') {
                    <cdlp-input
                      fieldId="pathwayStartDate"
                      label="Date d'entrée dans le parcours"
                      hint="Au plus tôt le jour de l'avis. La première période dure 6 mois (PSP-6)."
                      type="date"
                      [control]="form.controls.pathwayStartDate"
                    />
                  } @else {
                    <p class="fr-text--sm">
                      Renouvellement : la nouvelle période suit la période en cours, dans la limite de 24 mois
                      (PSP-6).
                    </p>
                  }
                }
                <button
                  type="submit"
                  class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
                  [disabled]="busy() || state.pending()"
                >
                  Enregistrer le projet de décision
                </button>
              </form>
            </section>
          }
        }
      } @else if (!loadError()) {
        <p role="status">Chargement de la décision…</p>
      }
    </div>
  `,
})
export class DecisionPage implements OnInit {
  private readonly api = inject(DecisionsApi);
  private readonly requests = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);

  /** Route parameter :id, the PSP request. */
  readonly id = input.required<string>();
  readonly request = signal<PspRequestDto | null>(null);
  readonly decision = signal<DecisionDto | null>(null);
  readonly documents = signal<SignedDocumentDto[]>([]);
  readonly loadError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly state = createFormState();
  readonly success = signal<string | null>(null);
  readonly busy = signal(false);
  readonly kindOptions = KIND_OPTIONS;

  readonly form = new FormGroup({
    kind: new FormControl<Decision | ''>('', { nonNullable: true, validators: [Validators.required] }),
    reasons: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(8000)],
    }),
    pathwayStartDate: new FormControl(parisDate(new Date()), { nonNullable: true }),
  });
  readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });

  readonly canPrepare = computed(() => this.auth.can(Permission.DECISIONS_PREPARE));
  readonly canSign = computed(() => this.auth.can(Permission.DOCUMENTS_SIGN));
  /** DP-2 and PSP-5: a draft is for the secretariat and the president; the signed letter also for the association. */
  readonly showDecision = computed(() => {
    const d = this.decision();
    return !!d && (d.state === 'SIGNED' || this.canPrepare() || this.canSign());
  });
  readonly reference = computed(() => this.request()?.reference ?? 'Demande');
  readonly title = computed(() => {
    const r = this.request();
    return r ? `Décision du préfet - ${r.reference}` : 'Décision du préfet';
  });
  readonly requestKind = computed(() => {
    const r = this.request();
    return r ? PSP_REQUEST_KIND_LABELS[r.kind] : '';
  });
  readonly opinionLabel = computed(() => {
    const o = this.request()?.opinion;
    return o ? OPINION_LABELS[o] : '';
  });
  readonly departs = computed(() => departsFromOpinion(this.request()?.opinion ?? null, this.kind()));
  readonly previewUrl = computed(() => this.api.previewUrl(this.id()));

  constructor() {
    dynamicTitle(() => (this.request() ? this.title() : null));
  }

  ngOnInit(): void {
    forkJoin({
      request: this.requests.get(this.id()),
      decision: this.api.get(this.id()),
      documents: this.api.documents(this.id()).pipe(catchError(() => of([] as SignedDocumentDto[]))),
    }).subscribe({
      next: ({ request, decision, documents }) => {
        this.request.set(request);
        this.documents.set(documents);
        this.showDecisionDto(decision.decision, true);
      },
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  prepare(): void {
    const r = this.request();
    if (!r) return;
    this.actionError.set(null);
    this.success.set(null);
    const start = this.form.controls.pathwayStartDate;
    const needsStart = this.form.controls.kind.value === 'AUTHORISED' && r.kind === 'INITIAL';
    start.setValidators(needsStart ? [Validators.required] : []);
    start.updateValueAndValidity();
    if (!this.state.begin(this.form)) return;
    const v = this.form.getRawValue();
    const body = {
      kind: v.kind as Decision,
      reasons: v.reasons.trim(),
      ...(needsStart ? { pathwayStartDate: v.pathwayStartDate } : {}),
    };
    this.state.send(this.api.prepare(r.id, body), (d) => {
      this.showDecisionDto(d, false);
      this.success.set(
        d.departsFromOpinion
          ? "Le projet de décision est enregistré. Il s'écarte de l'avis de la commission : la lettre le mentionne. La présidence peut le signer."
          : 'Le projet de décision est enregistré. La présidence peut le signer.',
      );
    });
  }

  sign(): void {
    this.busy.set(true);
    this.success.set(null);
    this.actionError.set(null);
    this.state.error.set(null);
    this.api.sign(this.id()).subscribe({
      next: (d) => {
        this.showDecisionDto(d, false);
        forkJoin({
          request: this.requests.get(this.id()).pipe(catchError(() => of(null))),
          documents: this.api.documents(this.id()).pipe(catchError(() => of([] as SignedDocumentDto[]))),
        }).subscribe(({ request, documents }) => {
          this.busy.set(false);
          if (request) this.request.set(request);
          this.documents.set(documents);
          this.success.set(
            d.kind === 'AUTHORISED'
              ? "La décision est signée : le parcours de sortie est ouvert et l'association est prévenue."
              : "La décision est signée et l'association est prévenue.",
          );
        });
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.actionError.set(toApiError(err).message);
      },
    });
  }

  private showDecisionDto(d: DecisionDto | null, fillForm: boolean): void {
    this.decision.set(d);
    if (!fillForm) return;
    if (d) {
      this.form.setValue({
        kind: d.kind,
        reasons: d.reasons,
        pathwayStartDate: d.pathwayStartDate ?? parisDate(new Date()),
      });
    } else {
      this.form.controls.kind.setValue(decisionFromOpinion(this.request()?.opinion ?? null));
    }
  }
}
