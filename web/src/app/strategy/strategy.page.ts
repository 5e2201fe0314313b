import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  Permission,
  PRIORITY_LABELS,
  type FollowUpDto,
  type IndicatorFollowUpDto,
  type Priority,
  type SittingListItemDto,
  type StrategyDto,
} from '@cdlp/shared';
import { catchError, map, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { SittingsApi } from '../sittings/sittings.api';
import { AlertComponent, NoticeComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { DayPipe, InstantPipe, LongInstantPipe } from '../ui/dates';
import { Option, SelectFieldComponent } from '../ui/form-fields';
import { documentContentUrl } from '../verification/documents.api';
import { ProgressBarsComponent } from './charts';
import { StrategyApi } from './strategy.api';
import {
  axisProgress,
  defaultYear,
  strategyStateBadge,
  strategyStateLabel,
  strategyStateLongLabel,
  strategyTitle,
  withUnit,
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
    AlertComponent, NoticeComponent,
    BreadcrumbComponent,
    SelectFieldComponent,
    ProgressBarsComponent,
    DayPipe,
    InstantPipe,
    LongInstantPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .cdlp-tile-bars { width: 100%; text-align: left; order: 10; }
  `,
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
          <li><p class="fr-badge fr-badge--no-icon">Version {{ s.currentVersion }}</p></li>
          @if (s.adoptedVersion) {
            <li><p class="fr-badge fr-badge--no-icon fr-badge--success">Version adoptée : {{ s.adoptedVersion }}</p></li>
          }
        </ul>
        <p class="fr-text--sm">{{ stateLongLabel() }}. Dernière mise à jour le {{ s.updatedAt | instant }}.</p>

        @if (success(); as message) {
          <cdlp-alert kind="success">{{ message }}</cdlp-alert>
        }
        @if (actionError(); as message) {
          <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        }

        <nav class="fr-mb-4w" aria-label="Rubriques de la stratégie">
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <a class="fr-btn fr-btn--secondary fr-icon-file-text-line" [routerLink]="['/strategie', s.id, 'cadrage']">
                Introduction, diagnostic et actions locales
              </a>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary fr-icon-calendar-line" [routerLink]="['/strategie', s.id, 'suivi']">
                Suivi annuel et indicateurs
              </a>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary fr-icon-eye-line" [routerLink]="['/strategie', s.id, 'versions']">
                Comparer les versions
              </a>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary fr-icon-team-line" [routerLink]="['/strategie', s.id, 'commentaires']">
                Commentaires
              </a>
            </li>
          </ul>
        </nav>

        <section class="cdlp-panel" aria-labelledby="adoption-titre">
          <h2 id="adoption-titre" class="fr-h4">Adoption et signature</h2>
          @switch (s.state) {
            @case ('DRAFT') {
              <p>
                La version {{ s.currentVersion }} est en cours de rédaction. Elle s'adopte par un vote de la commission
                lors d'une séance consacrée à la stratégie et à la coordination (MEET-1), puis le préfet la signe.
              </p>
              @if (canEdit()) {
                @if (sittings() === null) {
                  <p role="status">Chargement des séances…</p>
                } @else if (sittingOptions().length === 0) {
                  <div cdlpNotice class="fr-mb-2w">
                    Aucune séance « Stratégie et coordination » programmée ou convoquée n'est à venir.
                  </div>
                  @if (canManageSittings()) {
                    <p><a class="fr-link" routerLink="/seances/nouvelle">Programmer une séance</a></p>
                  }
                } @else {
                  <form (submit)="$event.preventDefault(); putOnAgenda()" novalidate class="fr-mt-2w">
                    <cdlp-select
                      fieldId="sittingId"
                      label="Séance"
                      hint="Séances « Stratégie et coordination » programmées ou convoquées à venir"
                      [options]="sittingOptions()"
                      [control]="sittingControl"
                      [serverError]="agendaFieldError()"
                      [submitted]="agendaSubmitted()"
                    />
                    <button type="submit" class="fr-btn fr-icon-calendar-line fr-btn--icon-left" [disabled]="busy()">
                      Inscrire à une séance
                    </button>
                  </form>
                }
              }
            }
            @case ('ON_AGENDA') {
              <p>
                La version {{ s.currentVersion }} est inscrite à l'ordre du jour
                @if (s.agendaSittingId) {
                  de la <a class="fr-link" [routerLink]="['/seances', s.agendaSittingId]">séance</a>
                }
                et sera soumise au vote de la commission. Elle ne peut plus être modifiée tant qu'elle y est inscrite.
              </p>
              @if (canEdit()) {
                <button type="button" class="fr-btn fr-btn--secondary fr-icon-close-circle-line fr-btn--icon-left" [disabled]="busy()" (click)="withdraw()">
                  Retirer de l'ordre du jour
                </button>
              }
            }
            @case ('ADOPTED') {
              <p>
                La commission a adopté la version {{ s.adoptedVersion }}. Elle ne change plus : le suivi annuel se fait
                sur cette version. Elle attend la signature du préfet (SIG-1).
              </p>
              @if (canSign()) {
                <button type="button" class="fr-btn fr-icon-edit-line fr-btn--icon-left" [disabled]="busy()" (click)="sign()">
                  Signer la stratégie
                </button>
              }
            }
            @case ('SIGNED') {
              <p>La version {{ s.adoptedVersion }}, adoptée par la commission, a été signée par le préfet.</p>
              @if (s.signedDocumentId) {
                <p>
                  <a class="fr-link fr-icon-download-line fr-link--icon-left" [href]="signedUrl()" download>
                    Télécharger la stratégie signée (PDF)
                  </a>
                </p>
              }
            }
          }
        </section>

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
                    Stratégie, version {{ s.adoptedVersion ?? s.currentVersion }} (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span>
                  </a>
                </li>
                <li>
                  <a class="fr-link" [href]="followUpPdfUrl()" target="_blank" rel="noopener">
                    Bilan {{ year() }} (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span>
                  </a>
                </li>
                <li><a class="fr-link" [href]="xlsxUrl()" download>Stratégie (tableur XLSX)</a></li>
                <li><a class="fr-link" [href]="followUpXlsxUrl()" download>Bilan {{ year() }} (tableur XLSX)</a></li>
              </ul>
            </div>
          </div>
        </section>

        <section class="fr-mb-4w" aria-labelledby="avancement-titre">
          <h2 id="avancement-titre" class="fr-h4">Avancement en {{ year() }}</h2>
          @if (followUpError(); as message) {
            <cdlp-alert kind="error">{{ message }}</cdlp-alert>
          }
          @if (followUp(); as f) {
            <p id="totaux" role="status">
              {{ f.totals.actions }} action(s) : {{ f.totals.done }} réalisée(s), {{ f.totals.inProgress }} en cours,
              {{ f.totals.late }} en retard.
            </p>
            <ul class="fr-grid-row fr-grid-row--gutters cdlp-tiles" role="list">
              @for (a of axes(); track a.number) {
                <li class="fr-col-12 fr-col-md-6 fr-col-lg-4">
                  <div class="fr-tile fr-enlarge-link" [id]="'tuile-axe-' + a.number">
                    <div class="fr-tile__body">
                      <div class="fr-tile__content">
                        <h3 class="fr-tile__title">
                          <a [attr.href]="'#axe-' + a.number" (click)="jump($event, 'axe-' + a.number)">Axe {{ a.number }} - {{ a.title }}</a>
                        </h3>
                        <p class="fr-tile__desc">{{ a.recommendations }} préconisation(s), {{ a.actions }} action(s)</p>
                        <div class="cdlp-tile-bars fr-mt-1w">
                          <cdlp-progress-bars
                            [subject]="'Axe ' + a.number"
                            [actions]="a.actions"
                            [done]="a.done"
                            [inProgress]="a.inProgress"
                            [late]="a.late"
                          />
                        </div>
                      </div>
                    </div>
                  </div>
                </li>
              }
            </ul>

            <h3 class="fr-h5 fr-mt-4w" id="retard-titre">Actions en retard</h3>
            @if (f.lateActions.length === 0) {
              <p class="cdlp-empty">Aucune action en retard.</p>
            } @else {
              <div class="fr-table fr-table--no-caption fr-table--multiline">
                <div class="fr-table__wrapper">
                  <div class="fr-table__container">
                    <div class="fr-table__content">
                      <table>
                        <caption>Actions en retard</caption>
                        <thead>
                          <tr>
                            <th scope="col">Action</th>
                            <th scope="col">Préconisation</th>
                            <th scope="col">Échéance</th>
                            <th scope="col">Pilote</th>
                          </tr>
                        </thead>
                        <tbody>
                          @for (l of f.lateActions; track l.key) {
                            <tr>
                              <td>{{ l.title }}</td>
                              <td>
                                @if (l.recommendationNumber) {
                                  <a class="fr-link" [routerLink]="['/strategie', s.id, 'preconisations', l.recommendationNumber]">
                                    Préconisation {{ l.recommendationNumber }}
                                  </a>
                                } @else {
                                  Action locale
                                }
                              </td>
                              <td>{{ l.deadline | day }}</td>
                              <td>{{ l.lead || 'Non désigné' }}</td>
                            </tr>
                          }
                        </tbody>
                      </table>
                    </div>
                  </div>
                </div>
              </div>
            }

            <h3 class="fr-h5 fr-mt-4w" id="indicateurs-titre">Indicateurs en {{ f.year }}</h3>
            @if (f.indicators.length === 0) {
              <p class="cdlp-empty">Aucun indicateur n'est défini.</p>
            } @else {
              <div class="fr-table fr-table--no-caption fr-table--multiline">
                <div class="fr-table__wrapper">
                  <div class="fr-table__container">
                    <div class="fr-table__content">
                      <table>
                        <caption>Indicateurs</caption>
                        <thead>
                          <tr>
                            <th scope="col">Indicateur</th>
                            <th scope="col">Valeur {{ f.year }}</th>
                            <th scope="col">Attendu</th>
                            <th scope="col">Cible</th>
                            <th scope="col">Trajectoire</th>
                          </tr>
                        </thead>
                        <tbody>
                          @for (i of f.indicators; track i.key) {
                            <tr>
                              <td>
                                {{ i.name }}
                                @if (i.recommendationNumber) {
                                  <span class="fr-hint-text">Préconisation {{ i.recommendationNumber }}</span>
                                }
                              </td>
                              <td>{{ i.value === null ? 'Non renseignée' : value(i.value, i.unit) }}</td>
                              <td>{{ value(i.expected, i.unit) || '–' }}</td>
                              <td>{{ value(i.target, i.unit) || '–' }}{{ i.targetYear ? ' en ' + i.targetYear : '' }}</td>
                              <td>
                                <p class="fr-badge fr-badge--sm" [class]="trackBadge(i)">{{ trackLabel(i) }}</p>
                              </td>
                            </tr>
                          }
                        </tbody>
                      </table>
                    </div>
                  </div>
                </div>
              </div>
            }
          } @else if (!followUpError()) {
            <p role="status">Chargement du suivi…</p>
          }
        </section>

        <section aria-labelledby="preconisations-titre">
          <h2 id="preconisations-titre" class="fr-h4">Préconisations</h2>
          @for (axis of s.reference.axes; track axis.number) {
            <h3 class="fr-h5" [id]="'axe-' + axis.number" tabindex="-1">Axe {{ axis.number }} - {{ axis.title }}</h3>
            <div class="fr-table fr-table--no-caption fr-table--multiline">
              <div class="fr-table__wrapper">
                <div class="fr-table__container">
                  <div class="fr-table__content">
                    <table>
                      <caption>Préconisations de l'axe {{ axis.number }}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Préconisation</th>
                          <th scope="col">Priorité</th>
                          <th scope="col">Actions</th>
                          <th scope="col">Réalisées</th>
                          <th scope="col">En cours</th>
                          <th scope="col">En retard</th>
                        </tr>
                      </thead>
                      <tbody>
                        @for (r of axis.recommendations; track r.number) {
                          <tr>
                            <td>
                              <a class="fr-link" [routerLink]="['/strategie', s.id, 'preconisations', r.number]">
                                {{ r.number }}. {{ r.title }}
                              </a>
                            </td>
                            <td>{{ priority(r.number) }}</td>
                            <td>{{ progress(r.number)?.actions ?? 0 }}</td>
                            <td>{{ progress(r.number)?.done ?? 0 }}</td>
                            <td>{{ progress(r.number)?.inProgress ?? 0 }}</td>
                            <td>{{ progress(r.number)?.late ?? 0 }}</td>
                          </tr>
                        }
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
          }
          <p>
            {{ s.content.localActions.length }} action(s) locale(s) hors préconisations :
            <a class="fr-link" [routerLink]="['/strategie', s.id, 'cadrage']">voir les actions locales</a>.
          </p>
        </section>

        <section class="fr-mt-4w" aria-labelledby="versions-titre">
          <h2 id="versions-titre" class="fr-h4">Versions enregistrées</h2>
          <ul>
            @for (v of s.versions; track v.number) {
              <li>
                Version {{ v.number }}, le {{ v.savedAt | longInstant }}{{ v.savedBy ? ' par ' + v.savedBy : '' }}
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
    return s ? yearRange(s.periodStart, s.periodEnd).map((y) => ({ value: String(y), label: String(y) })) : [];
  });
  readonly sittingOptions = computed<Option[]>(() =>
    (this.sittings() ?? [])
      .filter((x) => x.state === 'PLANNED' || x.state === 'CONVENED')
      .map((x) => ({
        value: x.id,
        label: `Séance n° ${x.number} du ${new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(new Date(x.startsAt))}${x.title ? ` - ${x.title}` : ''}`,
      })),
  );
  readonly axes = computed(() => {
    const s = this.strategy();
    const f = this.followUp();
    return s && f ? axisProgress(s.reference, f) : [];
  });
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

  priority(n: number): string {
    const p = this.strategy()?.content.recommendations.find((r) => r.recommendationNumber === n)?.priority;
    return p ? PRIORITY_LABELS[p as Priority] : '–';
  }

  progress(n: number) {
    return this.followUp()?.recommendations.find((r) => r.number === n) ?? null;
  }

  value(v: number | null, unit: string): string {
    return withUnit(v, unit);
  }

  trackLabel(i: IndicatorFollowUpDto): string {
    return i.offTrack === null ? 'Non évaluable' : i.offTrack ? 'Hors trajectoire' : 'Conforme';
  }

  trackBadge(i: IndicatorFollowUpDto): string {
    return i.offTrack === null ? 'fr-badge--no-icon' : i.offTrack ? 'fr-badge--warning' : 'fr-badge--success';
  }

  /** In-page link to an axis' recommendations: moves the focus there (the base href breaks plain "#" links). */
  jump(event: Event, id: string): void {
    event.preventDefault();
    const target = document.getElementById(id);
    target?.scrollIntoView();
    target?.focus();
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
    this.run(this.api.withdrawFromAgenda(s.id), () => "La stratégie est retirée de l'ordre du jour : elle est de nouveau modifiable.");
  }

  sign(): void {
    const s = this.strategy();
    if (!s) return;
    this.run(this.api.sign(s.id), (updated) => `La stratégie est signée (version ${updated.adoptedVersion}).`);
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
