import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Permission, type FollowUpDto, type SittingListItemDto, type StrategyDto } from '@cdlp/shared';
import { catchError, map, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { SittingsApi } from '../sittings/sittings.api';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { InstantPipe, LongInstantPipe } from '../ui/dates';
import { Option, SelectFieldComponent } from '../ui/form-fields';
import { documentContentUrl } from '../verification/documents.api';
import { StrategyAdoptionComponent } from './strategy-adoption.component';
import { StrategyDashboardComponent } from './strategy-dashboard.component';
import { StrategyApi } from './strategy.api';
import {
  defaultYear,
  strategyStateBadge,
  strategyStateLabel,
  strategyStateLongLabel,
  strategyTitle,
  yearRange,
} from './strategy-labels';

/**
 * STRAT-1: the dashboard of a strategy: its state and adoption, the documents and exports of a
 * year, the progress per axis and per recommendation, the late actions and the indicators.
 */
@Component({
  selector: 'cdlp-strategy-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    SelectFieldComponent,
    StrategyDashboardComponent,
    StrategyAdoptionComponent,
    InstantPipe,
    LongInstantPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: 'Stratégie', path: '/strategie' }, { label: title() }]" />
      <h1>{{ title() }}</h1>
      @if (loadError(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        <p><a class="fr-link" routerLink="/strategie">Retour aux stratégies</a></p>
      }
      @if (strategy(); as s) {
        <ul class="cdlp-badges" aria-label="Situation de la stratégie">
          <li>
            <p class="fr-badge" [class]="stateBadge()" id="etat-strategie">{{ stateLabel() }}</p>
          </li>
          <li>
            <p class="fr-badge fr-badge--no-icon">Version {{ s.currentVersion }}</p>
          </li>
          @if (s.adoptedVersion) {
            <li>
              <p class="fr-badge fr-badge--no-icon fr-badge--success">
                Version adoptée : {{ s.adoptedVersion }}
              </p>
            </li>
          }
        </ul>
        <p class="fr-text--sm">
          {{ stateLongLabel() }}. Dernière mise à jour le {{ s.updatedAt | instant }}.
        </p>

        <cdlp-alert kind="success" [text]="success()" />
        <cdlp-alert kind="error" [text]="actionError()" />

        <nav class="fr-mb-4w" aria-label="Rubriques de la stratégie">
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-file-text-line"
                [routerLink]="['/strategie', s.id, 'cadrage']"
              >
                Introduction, diagnostic et actions locales
              </a>
            </li>
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-calendar-line"
                [routerLink]="['/strategie', s.id, 'suivi']"
              >
                Suivi annuel et indicateurs
              </a>
            </li>
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-eye-line"
                [routerLink]="['/strategie', s.id, 'versions']"
              >
                Comparer les versions
              </a>
            </li>
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-team-line"
                [routerLink]="['/strategie', s.id, 'commentaires']"
              >
                Commentaires
              </a>
            </li>
          </ul>
        </nav>

        <cdlp-strategy-adoption
          [strategy]="s"
          [canEdit]="canEdit()"
          [canSign]="canSign()"
          [canManageSittings]="canManageSittings()"
          [busy]="busy()"
          [sittings]="sittings()"
          [sittingOptions]="sittingOptions()"
          [sittingControl]="sittingControl"
          [agendaFieldError]="agendaFieldError()"
          [agendaSubmitted]="agendaSubmitted()"
          [signedUrl]="signedUrl()"
          (putOnAgenda)="putOnAgenda()"
          (withdraw)="withdraw()"
          (sign)="sign()"
        />

        <section class="fr-mb-4w" aria-labelledby="documents-titre">
          <h2 id="documents-titre" class="fr-h4">Documents et exports</h2>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">
              <cdlp-select
                fieldId="annee"
                label="Année du bilan"
                hint="Elle s'applique au tableau de bord ci-dessous."
                [placeholder]="null"
                [options]="yearOptions()"
                [control]="yearControl"
              />
            </div>
            <div class="fr-col-12 fr-col-md-8">
              <ul>
                <li>
                  <a class="fr-link" [href]="pdfUrl()" target="_blank" rel="noopener">
                    Stratégie, version {{ s.adoptedVersion ?? s.currentVersion }} (PDF)<span
                      class="fr-sr-only"
                    >
                      - nouvelle fenêtre</span
                    >
                  </a>
                </li>
                <li>
                  <a class="fr-link" [href]="followUpPdfUrl()" target="_blank" rel="noopener">
                    Bilan {{ year() }} (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span>
                  </a>
                </li>
                <li><a class="fr-link" [href]="xlsxUrl()" download>Stratégie (tableur XLSX)</a></li>
                <li>
                  <a class="fr-link" [href]="followUpXlsxUrl()" download>Bilan {{ year() }} (tableur XLSX)</a>
                </li>
              </ul>
            </div>
          </div>
        </section>

        <cdlp-strategy-dashboard
          [strategy]="s"
          [followUp]="followUp()"
          [error]="followUpError()"
          [year]="year()"
        />

        <section class="fr-mt-4w" aria-labelledby="versions-titre">
          <h2 id="versions-titre" class="fr-h4">Versions enregistrées</h2>
          <ul>
            @for (v of s.versions; track v.number) {
              <li>
                Version {{ v.number }}, le {{ v.savedAt | longInstant
                }}{{ v.savedBy ? ' par ' + v.savedBy : '' }}
                @if (v.note) {
                  : « {{ v.note }} »
                }
                @if (v.frozen) {
                  <p class="fr-badge fr-badge--sm fr-badge--success">Adoptée</p>
                }
              </li>
            }
          </ul>
        </section>
      } @else if (!loadError()) {
        <p role="status">Chargement de la stratégie…</p>
      }
    </div>
  `,
})
export class StrategyPage implements OnInit {
  private readonly api = inject(StrategyApi);
  private readonly sittingsApi = inject(SittingsApi);
  private readonly auth = inject(AuthService);

  readonly id = input.required<string>();
  readonly strategy = signal<StrategyDto | null>(null);
  readonly followUp = signal<FollowUpDto | null>(null);
  readonly sittings = signal<SittingListItemDto[] | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly followUpError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly agendaFieldError = signal<string | null>(null);
  readonly agendaSubmitted = signal(false);
  readonly success = signal<string | null>(null);
  readonly busy = signal(false);
  readonly year = signal<number>(new Date().getFullYear());

  readonly canEdit = computed(() => this.auth.can(Permission.STRATEGY_EDIT));
  readonly canSign = computed(() => this.auth.can(Permission.DOCUMENTS_SIGN));
  readonly canManageSittings = computed(() => this.auth.can(Permission.SITTINGS_MANAGE));
  readonly title = computed(() => {
    const s = this.strategy();
    return s ? strategyTitle(s) : 'Stratégie départementale';
  });
  readonly stateLabel = computed(() => {
    const s = this.strategy();
    return s ? strategyStateLabel(s.state) : '';
  });
  readonly stateLongLabel = computed(() => {
    const s = this.strategy();
    return s ? strategyStateLongLabel(s.state) : '';
  });
  readonly stateBadge = computed(() => {
    const s = this.strategy();
    return s ? strategyStateBadge(s.state) : '';
  });
  readonly yearOptions = computed<Option[]>(() => {
    const s = this.strategy();
    return s
      ? yearRange(s.periodStart, s.periodEnd).map((y) => ({ value: String(y), label: String(y) }))
      : [];
  });
  readonly sittingOptions = computed<Option[]>(() =>
    (this.sittings() ?? [])
      .filter((x) => x.state === 'PLANNED' || x.state === 'CONVENED')
      .map((x) => ({
        value: x.id,
        label: `Séance n° ${x.number} du ${new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(new Date(x.startsAt))}${x.title ? ` - ${x.title}` : ''}`,
      })),
  );
  readonly pdfUrl = computed(() => this.api.pdfUrl(this.id()));
  readonly followUpPdfUrl = computed(() => this.api.followUpPdfUrl(this.id(), this.year()));
  readonly xlsxUrl = computed(() => this.api.xlsxUrl(this.id(), 'strategy'));
  readonly followUpXlsxUrl = computed(() => this.api.xlsxUrl(this.id(), 'followup', this.year()));
  readonly signedUrl = computed(() => {
    const docId = this.strategy()?.signedDocumentId;
    return docId ? documentContentUrl(docId) : '';
  });

  readonly yearControl = new FormControl('', { nonNullable: true });
  readonly sittingControl = new FormControl('', { nonNullable: true, validators: [Validators.required] });

  constructor() {
    dynamicTitle(() => (this.strategy() ? this.title() : null));
    this.yearControl.valueChanges.subscribe((v) => {
      const y = Number(v);
      if (y && y !== this.year()) {
        this.year.set(y);
        this.loadFollowUp();
      }
    });
  }

  ngOnInit(): void {
    this.api.get(this.id()).subscribe({
      next: (s) => {
        this.year.set(defaultYear(s));
        this.yearControl.setValue(String(this.year()), { emitEvent: false });
        this.show(s);
        this.loadFollowUp();
      },
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  putOnAgenda(): void {
    const s = this.strategy();
    if (!s) return;
    this.agendaSubmitted.set(true);
    this.agendaFieldError.set(null);
    this.sittingControl.markAsTouched();
    if (this.sittingControl.invalid) return;
    this.run(
      this.api.putOnAgenda(s.id, { sittingId: this.sittingControl.value, version: s.currentVersion }),
      (updated) => `La version ${updated.currentVersion} est inscrite à l'ordre du jour de la séance.`,
    );
  }

  withdraw(): void {
    const s = this.strategy();
    if (!s) return;
    this.run(
      this.api.withdrawFromAgenda(s.id),
      () => "La stratégie est retirée de l'ordre du jour : elle est de nouveau modifiable.",
    );
  }

  sign(): void {
    const s = this.strategy();
    if (!s) return;
    this.run(
      this.api.sign(s.id),
      (updated) => `La stratégie est signée (version ${updated.adoptedVersion}).`,
    );
  }

  private run(call: ReturnType<StrategyApi['get']>, message: (s: StrategyDto) => string): void {
    this.busy.set(true);
    this.success.set(null);
    this.actionError.set(null);
    call.subscribe({
      next: (s) => {
        this.busy.set(false);
        this.show(s);
        this.success.set(message(s));
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const e = toApiError(err);
        this.actionError.set(e.message);
        this.agendaFieldError.set(e.fieldErrors['sittingId'] ?? null);
      },
    });
  }

  private show(s: StrategyDto): void {
    this.strategy.set(s);
    if (s.state === 'DRAFT' && this.canEdit() && this.sittings() === null) {
      this.sittingsApi
        .list({ kind: 'POLICY', upcoming: true, page: 1, pageSize: 50 })
        .pipe(
          map((p) => p.items),
          catchError(() => of([] as SittingListItemDto[])),
        )
        .subscribe((items) => {
          this.sittings.set(items);
          const first = items.find((x) => x.state === 'PLANNED' || x.state === 'CONVENED');
          if (first && !this.sittingControl.value) this.sittingControl.setValue(first.id);
        });
    }
  }

  private loadFollowUp(): void {
    this.followUpError.set(null);
    this.api.followUp(this.id(), this.year()).subscribe({
      next: (f) => this.followUp.set(f),
      error: (err: unknown) => this.followUpError.set(toApiError(err).message),
    });
  }
}
