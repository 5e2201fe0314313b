import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { isRole, Permission, ROLE_LABELS, type StrategyCommentViewDto, type StrategyDto } from '@cdlp/shared';
import { catchError, forkJoin, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { LongInstantPipe } from '../ui/dates';
import { CommentTarget, StrategyCommentsComponent } from './comments.component';
import { StrategyApi } from './strategy.api';
import { strategyTitle } from './strategy-labels';

/** STRAT-1: every comment on the strategy (the secretariat reads them all), and the general comments. */
@Component({
  selector: 'cdlp-strategy-comments-page',
  imports: [RouterLink, AlertComponent, BreadcrumbComponent, StrategyCommentsComponent, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Stratégie', path: '/strategie' },
          { label: strategyName(), path: '/strategie/' + id() },
          { label: 'Commentaires' },
        ]"
      />
      <h1>Commentaires sur la stratégie</h1>
      <cdlp-alert kind="error" [text]="error()" />
      @if (strategy(); as s) {
        <p>
          Les membres de la commission et les associations commentent les préconisations et les actions ; le
          secrétariat en tient compte dans les versions suivantes. {{ comments().length }} commentaire(s) au
          total.
        </p>
        <cdlp-strategy-comments
          [strategyId]="s.id"
          [comments]="comments()"
          [targets]="generalTarget"
          [canComment]="canComment()"
          heading="Commentaires généraux"
          fieldId="commentaire-general"
          (changed)="comments.set($event)"
        />
        <h2 class="fr-h4 fr-mt-4w" id="tous-titre">
          Commentaires sur les préconisations et les actions ({{ detailed().length }})
        </h2>
        @if (detailed().length === 0) {
          <p class="cdlp-empty">Aucun commentaire sur les préconisations et les actions.</p>
        } @else {
          <ul class="cdlp-comments">
            @for (c of detailed(); track c.comment.id) {
              <li class="cdlp-comment">
                <p class="fr-text--sm fr-mb-1w">
                  <strong>{{ c.comment.authorName }}</strong> ({{ role(c.comment) }}) -
                  {{ c.comment.createdAt | longInstant }} - version {{ c.comment.version }}
                  <br />
                  @if (c.recommendation) {
                    Sur
                    <a
                      class="fr-link"
                      [routerLink]="['/strategie', s.id, 'preconisations', c.recommendation]"
                      >{{ c.label }}</a
                    >
                  } @else {
                    Sur {{ c.label }}
                  }
                </p>
                <p class="cdlp-prewrap fr-mb-0">{{ c.comment.body }}</p>
              </li>
            }
          </ul>
        }
      } @else if (!error()) {
        <p role="status">Chargement des commentaires…</p>
      }
    </div>
  `,
})
export class StrategyCommentsPage implements OnInit {
  private readonly api = inject(StrategyApi);
  private readonly auth = inject(AuthService);
  readonly id = input.required<string>();
  readonly strategy = signal<StrategyDto | null>(null);
  readonly comments = signal<StrategyCommentViewDto[]>([]);
  readonly error = signal<string | null>(null);
  readonly generalTarget: CommentTarget[] = [{ value: 'GENERAL:', label: 'la stratégie dans son ensemble' }];
  readonly canComment = computed(() => this.auth.can(Permission.STRATEGY_COMMENT));
  readonly strategyName = computed(() => {
    const s = this.strategy();
    return s ? strategyTitle(s) : 'Stratégie';
  });

  /** Each comment on a recommendation or an action, with what it is about. */
  readonly detailed = computed(() => {
    const content = this.strategy()?.content;
    const out: { comment: StrategyCommentViewDto; label: string; recommendation: number | null }[] = [];
    for (const c of this.comments()) {
      if (c.targetType === 'RECOMMENDATION') {
        out.push({
          comment: c,
          label: `la préconisation ${c.targetKey}`,
          recommendation: Number(c.targetKey) || null,
        });
      } else if (c.targetType === 'ACTION') {
        const plan = content?.recommendations.find((p) => p.actions.some((a) => a.key === c.targetKey));
        const action =
          plan?.actions.find((a) => a.key === c.targetKey) ??
          content?.localActions.find((a) => a.key === c.targetKey);
        out.push({
          comment: c,
          label: action ? `l'action « ${action.title} »` : 'une action retirée depuis',
          recommendation: plan?.recommendationNumber ?? null,
        });
      }
    }
    return out;
  });

  role(c: StrategyCommentViewDto): string {
    return isRole(c.authorRole) ? ROLE_LABELS[c.authorRole] : c.authorRole;
  }

  constructor() {
    dynamicTitle(() => (this.strategy() ? `Commentaires - ${this.strategyName()}` : null));
  }

  ngOnInit(): void {
    forkJoin({
      strategy: this.api.get(this.id()),
      comments: this.api.comments(this.id()).pipe(catchError(() => of([] as StrategyCommentViewDto[]))),
    }).subscribe({
      next: ({ strategy, comments }) => {
        this.strategy.set(strategy);
        this.comments.set(comments);
      },
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
  }
}
