import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  Permission,
  type RecommendationPlanDto,
  type StrategyCommentViewDto,
  type StrategyDto,
} from '@cdlp/shared';
import { catchError, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { CommentTarget, StrategyCommentsComponent } from './comments.component';
import { RegistryParty } from './party-fields.component';
import { planForm, PlanForm, RecommendationFormComponent } from './recommendation-form.component';
import { RecommendationViewComponent } from './recommendation-view.component';
import { StrategyApi } from './strategy.api';
import { toActionDto, toIndicatorDto } from './strategy-forms';
import {
  allRecommendations,
  axisOf,
  findRecommendation,
  planOf,
  strategyTitle,
  withPlan,
} from './strategy-labels';
import { StrategyPartiesService } from './strategy-parties.service';
import { StrategyVersionEditor, VersionSaveErrorComponent } from './version-editor';

/**
 * STRAT-1: one recommendation of the diagnostic: its levers (reference), the local findings,
 * the priority, the actions and the indicators. Saving creates a new version of the strategy.
 * Members and associations read it and comment.
 */
@Component({
  selector: 'cdlp-recommendation-page',
  imports: [
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    RecommendationViewComponent,
    VersionSaveErrorComponent,
    RecommendationFormComponent,
    StrategyCommentsComponent,
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
                  <a
                    class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-arrow-left-line"
                    [routerLink]="['/strategie', s.id, 'preconisations', p]"
                  >
                    Préconisation {{ p }}
                  </a>
                </li>
              }
              <li>
                <a class="fr-btn fr-btn--tertiary fr-btn--sm" [routerLink]="['/strategie', s.id]"
                  >Tableau de bord</a
                >
              </li>
              @if (next(); as p) {
                <li>
                  <a
                    class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-arrow-right-line"
                    [routerLink]="['/strategie', s.id, 'preconisations', p]"
                  >
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

          <cdlp-alert kind="success" [text]="editor.success()" />
          <cdlp-version-save-error [editor]="editor" [level]="3" (reload)="reload()">
            Vos modifications ne sont pas enregistrées. Rechargez la page pour repartir de la dernière
            version, puis reportez-les.
          </cdlp-version-save-error>

          @if (editing(); as f) {
            <cdlp-recommendation-form
              [form]="f"
              [editor]="editor"
              [parties]="parties()"
              [version]="s.currentVersion"
              (save)="save()"
            />
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
            <cdlp-recommendation-view [strategy]="s" [plan]="plan()" [number]="rec.number" />
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
          <cdlp-alert kind="error"
            >Cette préconisation n'existe pas dans le référentiel de la stratégie.</cdlp-alert
          >
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

  /** Route parameters :id (strategy) and :n (recommendation number). */
  readonly id = input.required<string>();
  readonly n = input.required<string>();

  readonly strategy = signal<StrategyDto | null>(null);
  readonly comments = signal<StrategyCommentViewDto[]>([]);
  readonly parties = signal<RegistryParty[]>([]);
  readonly loadError = signal<string | null>(null);
  readonly editor = new StrategyVersionEditor();
  readonly editing = signal<PlanForm | null>(null);

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
    return s && rec
      ? (s.reference.nationalAxes.find((a) => a.number === rec.nationalAxisNumber) ?? null)
      : null;
  });
  readonly plan = computed(() => {
    const s = this.strategy();
    return s
      ? planOf(s.content, this.number())
      : planOf({ figures: [], recommendations: [], localActions: [] }, this.number());
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

  save(): void {
    const s = this.strategy();
    const f = this.editing();
    if (!s || !f) return;
    this.editor.save(
      s,
      f,
      () => {
        const v = f.getRawValue();
        const plan: RecommendationPlanDto = {
          recommendationNumber: this.number(),
          findings: v.findings.trim(),
          priority: v.priority || null,
          actions: f.controls.actions.controls.map((a) => toActionDto(a)),
          indicators: f.controls.indicators.controls.map((i) => toIndicatorDto(i)),
        };
        const content = withPlan(s.content, plan);
        // The server names the fields by their place in the content sent.
        const index = content.recommendations.findIndex(
          (r) => r.recommendationNumber === plan.recommendationNumber,
        );
        return { content, errorPrefix: `content.recommendations.${index}`, note: v.note };
      },
      (updated) => this.strategy.set(updated),
    );
  }

  /** After a 409: back to the latest version, the edits are dropped. */
  reload(): void {
    this.editor.clear();
    this.api.get(this.id()).subscribe({
      next: (s) => {
        this.strategy.set(s);
        this.editor.success.set(`La version ${s.currentVersion} est chargée.`);
        this.loadComments(s.id);
      },
      error: (err: unknown) => this.editor.saveError.set(toApiError(err).message),
    });
  }

  private loadComments(id: string): void {
    this.api
      .comments(id)
      .pipe(catchError(() => of([] as StrategyCommentViewDto[])))
      .subscribe((list) => this.comments.set(list));
  }

  private buildForm(s: StrategyDto | null, n: number): void {
    this.editor.errors.set({});
    this.editor.submitted.set(false);
    if (!s || !this.canEdit() || !s.editable || !findRecommendation(s.reference, n)) {
      this.editing.set(null);
      return;
    }
    this.editing.set(planForm(planOf(s.content, n)));
  }
}
