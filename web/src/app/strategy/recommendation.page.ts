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
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ACTION_STATUS_LABELS,
  Permission,
  PRIORITIES,
  PRIORITY_LABELS,
  type ActionStatus,
  type Priority,
  type RecommendationPlanDto,
  type StrategyActionDto,
  type StrategyCommentViewDto,
  type StrategyDto,
} from '@cdlp/shared';
import { catchError, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { DayPipe } from '../ui/dates';
import { focusFirstError, InputFieldComponent, Option, SelectFieldComponent } from '../ui/form-fields';
import { CommentTarget, StrategyCommentsComponent } from './comments.component';
import { StrategyApi } from './strategy.api';
import { ActionFieldsComponent, IndicatorFieldsComponent, RegistryParty } from './strategy-fields';
import {
  actionForm,
  errorsUnder,
  indicatorForm,
  nestedFieldErrors,
  toActionDto,
  toIndicatorDto,
  type ActionForm,
  type IndicatorForm,
} from './strategy-forms';
import {
  actionStatusOf,
  allRecommendations,
  axisOf,
  findRecommendation,
  formatNumber,
  planOf,
  strategyTitle,
  withPlan,
  withUnit,
} from './strategy-labels';
import { StrategyPartiesService } from './strategy-parties.service';

const PRIORITY_OPTIONS: Option[] = PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }));

function planForm(plan: RecommendationPlanDto) {
  return new FormGroup({
    findings: new FormControl(plan.findings ?? '', { nonNullable: true, validators: [Validators.maxLength(8000)] }),
    priority: new FormControl<Priority | ''>(plan.priority ?? '', { nonNullable: true }),
    actions: new FormArray<ActionForm>(plan.actions.map((a) => actionForm(a))),
    indicators: new FormArray<IndicatorForm>(plan.indicators.map((i) => indicatorForm(i))),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
  });
}
type PlanForm = ReturnType<typeof planForm>;

/**
 * STRAT-1: one recommendation of the diagnostic: its levers (reference), the local findings,
 * the priority, the actions and the indicators. Saving creates a new version of the strategy.
 * Members and associations read it and comment.
 */
@Component({
  selector: 'cdlp-recommendation-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    InputFieldComponent,
    SelectFieldComponent,
    ActionFieldsComponent,
    IndicatorFieldsComponent,
    StrategyCommentsComponent,
    DayPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Stratégie', path: '/strategie' },
          { label: strategyName(), path: '/strategie/' + id() },
          { label: 'Préconisation ' + number() },
        ]"
      />
      @if (loadError(); as message) {
        <h1>Préconisation {{ number() }}</h1>
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
      }
      @if (strategy(); as s) {
        @if (recommendation(); as rec) {
          <h1>Préconisation {{ rec.number }} : {{ rec.title }}</h1>
          <p class="fr-text--sm">
            Axe {{ axis()?.number }} - {{ axis()?.title }}
            @if (nationalAxis(); as na) {
              <br />Stratégie nationale, axe {{ na.number }} : {{ na.title }}
            }
          </p>
          <nav class="fr-mb-3w" aria-label="Autres préconisations">
            <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
              @if (previous(); as p) {
                <li>
                  <a class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-arrow-left-line" [routerLink]="['/strategie', s.id, 'preconisations', p]">
                    Préconisation {{ p }}
                  </a>
                </li>
              }
              <li>
                <a class="fr-btn fr-btn--tertiary fr-btn--sm" [routerLink]="['/strategie', s.id]">Tableau de bord</a>
              </li>
              @if (next(); as p) {
                <li>
                  <a class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-arrow-right-line" [routerLink]="['/strategie', s.id, 'preconisations', p]">
                    Préconisation {{ p }}
                  </a>
                </li>
              }
            </ul>
          </nav>

          <section class="cdlp-highlight fr-mb-4w" aria-labelledby="leviers-titre">
            <h2 id="leviers-titre" class="fr-h5">Leviers identifiés par le diagnostic</h2>
            <ul>
              @for (l of rec.levers; track $index) {
                <li>{{ l }}</li>
              }
            </ul>
          </section>

          @if (success(); as message) {
            <cdlp-alert kind="success">{{ message }}</cdlp-alert>
          }
          @if (saveError(); as message) {
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <h3 class="fr-alert__title">{{ conflict() ? 'Version dépassée' : 'Enregistrement impossible' }}</h3>
              <p>{{ message }}</p>
              @if (conflict()) {
                <p class="fr-mt-1w">
                  Vos modifications ne sont pas enregistrées. Rechargez la page pour repartir de la dernière version, puis
                  reportez-les.
                </p>
                <button type="button" class="fr-btn fr-btn--sm fr-mt-2w" (click)="reload()">Recharger la page</button>
              }
            </div>
          }

          @if (editing(); as f) {
            <form [formGroup]="f" (ngSubmit)="save()" novalidate>
              <p class="fr-text--sm">
                Vous modifiez la version {{ s.currentVersion }}. L'enregistrement crée la version {{ s.currentVersion + 1 }} ;
                les versions précédentes sont conservées.
              </p>
              <h2 class="fr-h4">Constats et priorité</h2>
              <cdlp-input
                fieldId="findings"
                label="Constats locaux"
                hint="Ce que la situation du département montre pour cette préconisation."
                [optional]="true"
                [multiline]="true"
                [rows]="5"
                [control]="f.controls.findings"
                [serverError]="errors()['findings']"
                [submitted]="submitted()"
              />
              <cdlp-select
                fieldId="priority"
                label="Priorité"
                placeholder="Non définie"
                [optional]="true"
                [options]="priorityOptions"
                [control]="f.controls.priority"
                [serverError]="errors()['priority']"
              />

              <h2 class="fr-h4 fr-mt-4w" id="actions-titre">Actions ({{ f.controls.actions.length }})</h2>
              @for (a of f.controls.actions.controls; track a.controls.key.value; let i = $index) {
                <cdlp-action-fields
                  [form]="a"
                  [prefix]="'action-' + i"
                  [number]="i + 1"
                  [parties]="parties()"
                  [errors]="actionErrors(i)"
                  [submitted]="submitted()"
                  (remove)="removeAction(i)"
                />
              } @empty {
                <p class="cdlp-empty">Aucune action pour cette préconisation.</p>
              }
              <button type="button" class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-4w" (click)="addAction()">
                Ajouter une action
              </button>

              <h2 class="fr-h4" id="indicateurs-titre">Indicateurs ({{ f.controls.indicators.length }})</h2>
              @for (ind of f.controls.indicators.controls; track ind.controls.key.value; let i = $index) {
                <cdlp-indicator-fields
                  [form]="ind"
                  [prefix]="'indicateur-' + i"
                  [number]="i + 1"
                  [errors]="indicatorErrors(i)"
                  [submitted]="submitted()"
                  (remove)="removeIndicator(i)"
                />
              } @empty {
                <p class="cdlp-empty">Aucun indicateur pour cette préconisation.</p>
              }
              <button type="button" class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-4w" (click)="addIndicator()">
                Ajouter un indicateur
              </button>

              <h2 class="fr-h4">Enregistrer</h2>
              <cdlp-input
                fieldId="note"
                label="Note de version"
                hint="Ce qui change, pour l'historique (500 caractères au plus)."
                [optional]="true"
                [control]="f.controls.note"
                [serverError]="errors()['note']"
              />
              <p class="fr-sr-only" aria-live="polite">{{ announce() }}</p>
              <button type="submit" class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left" [disabled]="pending()">
                Enregistrer une nouvelle version
              </button>
            </form>
          } @else {
            @if (canEdit() && !s.editable) {
              <cdlp-alert kind="info">
                {{
                  s.state === 'ON_AGENDA'
                    ? "La stratégie est inscrite à l'ordre du jour : retirez-la de la séance pour la modifier."
                    : 'La stratégie est adoptée : elle ne change plus. Le suivi annuel se fait depuis le tableau de bord.'
                }}
              </cdlp-alert>
            }
            <h2 class="fr-h4">Constats et priorité</h2>
            <dl class="cdlp-details">
              <dt>Constats locaux</dt>
              <dd class="cdlp-prewrap">{{ plan().findings || 'Non renseignés' }}</dd>
              <dt>Priorité</dt>
              <dd>{{ plan().priority ? priorityLabel(plan().priority!) : 'Non définie' }}</dd>
            </dl>
            <h2 class="fr-h4">Actions ({{ plan().actions.length }})</h2>
            @for (a of plan().actions; track a.key) {
              <article class="cdlp-panel" [attr.aria-labelledby]="'action-' + a.key">
                <h3 class="fr-h6" [id]="'action-' + a.key">{{ a.title }}</h3>
                @if (a.description) {
                  <p class="cdlp-prewrap">{{ a.description }}</p>
                }
                <dl class="cdlp-details fr-mb-0">
                  <dt>Pilote</dt>
                  <dd>{{ a.lead?.name || 'Non désigné' }}</dd>
                  <dt>Partenaires</dt>
                  <dd>{{ partnersText(a.partners) }}</dd>
                  <dt>Calendrier</dt>
                  <dd>
                    {{ a.startDate ? 'Du ' + (a.startDate | day) : 'Début non précisé' }}
                    {{ a.deadline ? ' au ' + (a.deadline | day) : ', échéance non précisée' }}
                  </dd>
                  <dt>Budget</dt>
                  <dd>{{ a.budget !== null && a.budget !== undefined ? budgetText(a.budget) : 'Non précisé' }}{{ a.fundingSource ? ' - ' + a.fundingSource : '' }}</dd>
                  <dt>Statut</dt>
                  <dd>{{ statusLabel(currentStatus(s, a)) }}</dd>
                </dl>
              </article>
            } @empty {
              <p class="cdlp-empty">Aucune action pour cette préconisation.</p>
            }
            <h2 class="fr-h4">Indicateurs ({{ plan().indicators.length }})</h2>
            @if (plan().indicators.length === 0) {
              <p class="cdlp-empty">Aucun indicateur pour cette préconisation.</p>
            } @else {
              <div class="fr-table fr-table--no-caption fr-table--multiline">
                <div class="fr-table__wrapper">
                  <div class="fr-table__container">
                    <div class="fr-table__content">
                      <table>
                        <caption>Indicateurs de la préconisation {{ rec.number }}</caption>
                        <thead>
                          <tr>
                            <th scope="col">Indicateur</th>
                            <th scope="col">Source</th>
                            <th scope="col">Référence</th>
                            <th scope="col">Cible</th>
                          </tr>
                        </thead>
                        <tbody>
                          @for (i of plan().indicators; track i.key) {
                            <tr>
                              <td>{{ i.name }}</td>
                              <td>{{ i.automatic ? 'Calculé par le portail' : 'Saisie annuelle' }}</td>
                              <td>{{ refText(i.baselineValue, i.unit, i.baselineYear) }}</td>
                              <td>{{ refText(i.targetValue, i.unit, i.targetYear) }} ({{ i.direction === 'UP' ? 'à la hausse' : 'à la baisse' }})</td>
                            </tr>
                          }
                        </tbody>
                      </table>
                    </div>
                  </div>
                </div>
              </div>
            }
          }

          <div class="fr-mt-6w">
            <cdlp-strategy-comments
              [strategyId]="s.id"
              [comments]="comments()"
              [targets]="commentTargets()"
              [canComment]="canComment()"
              heading="Commentaires sur cette préconisation"
              (changed)="comments.set($event)"
            />
          </div>
        } @else {
          <h1>Préconisation {{ number() }}</h1>
          <cdlp-alert kind="error">Cette préconisation n'existe pas dans le référentiel de la stratégie.</cdlp-alert>
        }
      } @else if (!loadError()) {
        <h1>Préconisation {{ number() }}</h1>
        <p role="status">Chargement de la préconisation…</p>
      }
    </div>
  `,
})
export class RecommendationPage {
  private readonly api = inject(StrategyApi);
  private readonly auth = inject(AuthService);
  private readonly partiesService = inject(StrategyPartiesService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameters :id (strategy) and :n (recommendation number). */
  readonly id = input.required<string>();
  readonly n = input.required<string>();

  readonly strategy = signal<StrategyDto | null>(null);
  readonly comments = signal<StrategyCommentViewDto[]>([]);
  readonly parties = signal<RegistryParty[]>([]);
  readonly loadError = signal<string | null>(null);
  readonly saveError = signal<string | null>(null);
  readonly conflict = signal(false);
  readonly success = signal<string | null>(null);
  readonly errors = signal<Record<string, string>>({});
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly announce = signal('');
  readonly editing = signal<PlanForm | null>(null);
  readonly priorityOptions = PRIORITY_OPTIONS;

  readonly number = computed(() => Number(this.n()));
  readonly canEdit = computed(() => this.auth.can(Permission.STRATEGY_EDIT));
  readonly canComment = computed(() => this.auth.can(Permission.STRATEGY_COMMENT));
  readonly strategyName = computed(() => {
    const s = this.strategy();
    return s ? strategyTitle(s) : 'Stratégie';
  });
  readonly recommendation = computed(() => {
    const s = this.strategy();
    return s ? findRecommendation(s.reference, this.number()) : null;
  });
  readonly axis = computed(() => {
    const s = this.strategy();
    return s ? axisOf(s.reference, this.number()) : null;
  });
  readonly nationalAxis = computed(() => {
    const s = this.strategy();
    const rec = this.recommendation();
    return s && rec ? (s.reference.nationalAxes.find((a) => a.number === rec.nationalAxisNumber) ?? null) : null;
  });
  readonly plan = computed(() => {
    const s = this.strategy();
    return s ? planOf(s.content, this.number()) : planOf({ figures: [], recommendations: [], localActions: [] }, this.number());
  });
  private readonly numbers = computed(() => {
    const s = this.strategy();
    return s ? allRecommendations(s.reference).map((r) => r.number) : [];
  });
  readonly previous = computed(() => {
    const list = this.numbers();
    const i = list.indexOf(this.number());
    return i > 0 ? list[i - 1] : null;
  });
  readonly next = computed(() => {
    const list = this.numbers();
    const i = list.indexOf(this.number());
    return i >= 0 && i < list.length - 1 ? list[i + 1] : null;
  });
  readonly commentTargets = computed<CommentTarget[]>(() => [
    { value: `RECOMMENDATION:${this.number()}`, label: `la préconisation ${this.number()}` },
    ...this.plan().actions.map((a) => ({ value: `ACTION:${a.key}`, label: `l'action « ${a.title} »` })),
  ]);
  /** Index of this recommendation's plan in the content sent (for the server's field paths). */
  private planIndex = 0;

  constructor() {
    dynamicTitle(() => {
      const rec = this.recommendation();
      return rec ? `Préconisation ${rec.number} - ${this.strategyName()}` : null;
    });
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
      .subscribe((s) => {
        this.strategy.set(s);
        if (s) this.loadComments(s.id);
      });
    this.partiesService
      .parties()
      .pipe(takeUntilDestroyed())
      .subscribe((p) => this.parties.set(p));
    // The form follows the strategy (new version saved) and the recommendation shown.
    effect(() => {
      const s = this.strategy();
      const n = this.number();
      untracked(() => this.buildForm(s, n));
    });
  }

  actionErrors(i: number): Record<string, string> {
    return errorsUnder(this.errors(), `actions.${i}`);
  }

  indicatorErrors(i: number): Record<string, string> {
    return errorsUnder(this.errors(), `indicators.${i}`);
  }

  priorityLabel(p: Priority): string {
    return PRIORITY_LABELS[p];
  }

  currentStatus(s: StrategyDto, a: StrategyActionDto): ActionStatus {
    return actionStatusOf(s, a);
  }

  statusLabel(s: ActionStatus): string {
    return ACTION_STATUS_LABELS[s];
  }

  partnersText(partners: { name: string }[] | undefined): string {
    return partners && partners.length ? partners.map((p) => p.name).join(', ') : 'Aucun';
  }

  budgetText(v: number): string {
    return `${formatNumber(v)} €`;
  }

  refText(value: number | null | undefined, unit: string, year: number | null | undefined): string {
    if (value === null || value === undefined) return 'Non définie';
    return `${withUnit(value, unit)}${year ? ` (${year})` : ''}`;
  }

  addAction(): void {
    const f = this.editing();
    if (!f) return;
    f.controls.actions.push(actionForm());
    const i = f.controls.actions.length - 1;
    this.announce.set(`Action ${i + 1} ajoutée.`);
    this.focusLater(`action-${i}-titre`);
  }

  removeAction(i: number): void {
    const f = this.editing();
    if (!f) return;
    const title = f.controls.actions.at(i).controls.title.value;
    f.controls.actions.removeAt(i);
    this.announce.set(`Action ${i + 1}${title ? ` « ${title} »` : ''} supprimée.`);
    this.focusLater('actions-titre');
  }

  addIndicator(): void {
    const f = this.editing();
    if (!f) return;
    f.controls.indicators.push(indicatorForm());
    const i = f.controls.indicators.length - 1;
    this.announce.set(`Indicateur ${i + 1} ajouté.`);
    this.focusLater(`indicateur-${i}-automatique`);
  }

  removeIndicator(i: number): void {
    const f = this.editing();
    if (!f) return;
    f.controls.indicators.removeAt(i);
    this.announce.set(`Indicateur ${i + 1} supprimé.`);
    this.focusLater('indicateurs-titre');
  }

  save(): void {
    const s = this.strategy();
    const f = this.editing();
    if (!s || !f) return;
    this.submitted.set(true);
    this.saveError.set(null);
    this.conflict.set(false);
    this.success.set(null);
    this.errors.set({});
    f.markAllAsTouched();
    if (f.invalid) {
      focusFirstError(this.host.nativeElement, this.injector);
      return;
    }
    const v = f.getRawValue();
    const plan: RecommendationPlanDto = {
      recommendationNumber: this.number(),
      findings: v.findings.trim(),
      priority: v.priority || null,
      actions: f.controls.actions.controls.map((a) => toActionDto(a)),
      indicators: f.controls.indicators.controls.map((i) => toIndicatorDto(i)),
    };
    const content = withPlan(s.content, plan);
    this.planIndex = content.recommendations.findIndex((r) => r.recommendationNumber === plan.recommendationNumber);
    this.pending.set(true);
    this.api.saveVersion(s.id, { content, note: v.note.trim() || undefined, baseVersion: s.currentVersion }).subscribe({
      next: (updated) => {
        this.pending.set(false);
        this.submitted.set(false);
        this.strategy.set(updated);
        this.success.set(`La version ${updated.currentVersion} de la stratégie est enregistrée.`);
        afterNextRender(() => window.scrollTo(0, 0), { injector: this.injector });
      },
      error: (err: unknown) => {
        this.pending.set(false);
        const e = toApiError(err);
        this.conflict.set(err instanceof HttpErrorResponse && err.status === 409);
        this.saveError.set(e.message);
        this.errors.set(errorsUnder(nestedFieldErrors(err), `content.recommendations.${this.planIndex}`));
        if (Object.keys(this.errors()).length > 0) focusFirstError(this.host.nativeElement, this.injector);
      },
    });
  }

  /** After a 409: back to the latest version, the edits are dropped. */
  reload(): void {
    this.saveError.set(null);
    this.conflict.set(false);
    this.api.get(this.id()).subscribe({
      next: (s) => {
        this.strategy.set(s);
        this.success.set(`La version ${s.currentVersion} est chargée.`);
        this.loadComments(s.id);
      },
      error: (err: unknown) => this.saveError.set(toApiError(err).message),
    });
  }

  private loadComments(id: string): void {
    this.api
      .comments(id)
      .pipe(catchError(() => of([] as StrategyCommentViewDto[])))
      .subscribe((list) => this.comments.set(list));
  }

  private buildForm(s: StrategyDto | null, n: number): void {
    this.errors.set({});
    this.submitted.set(false);
    if (!s || !this.canEdit() || !s.editable || !findRecommendation(s.reference, n)) {
      this.editing.set(null);
      return;
    }
    this.editing.set(planForm(planOf(s.content, n)));
  }

  private focusLater(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
