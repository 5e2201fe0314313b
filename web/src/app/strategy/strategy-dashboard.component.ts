import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  PRIORITY_LABELS,
  type FollowUpDto,
  type IndicatorFollowUpDto,
  type Priority,
  type StrategyDto,
} from '@cdlp/shared';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe } from '../ui/dates';
import { TableComponent } from '../ui/table.component';
import { ProgressBarsComponent } from './charts';
import { axisProgress, withUnit } from './strategy-labels';

/**
 * STRAT-1: the progress of a strategy in a year (per axis, late actions, indicators against
 * their trajectory) and its recommendations, axis by axis, with their actions' progress.
 */
@Component({
  selector: 'cdlp-strategy-dashboard',
  imports: [RouterLink, AlertComponent, DayPipe, TableComponent, ProgressBarsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .cdlp-tile-bars {
      width: 100%;
      text-align: left;
      order: 10;
    }
  `,
  template: `
    <section class="fr-mb-4w" aria-labelledby="avancement-titre">
      <h2 id="avancement-titre" class="fr-h4">Avancement en {{ year() }}</h2>
      <cdlp-alert kind="error" [text]="error()" />
      @if (followUp(); as f) {
        <p id="totaux" role="status">
          {{ f.totals.actions }} action(s) : {{ f.totals.done }} réalisée(s), {{ f.totals.inProgress }} en
          cours, {{ f.totals.late }} en retard.
        </p>
        <ul class="fr-grid-row fr-grid-row--gutters cdlp-tiles" role="list">
          @for (a of axes(); track a.number) {
            <li class="fr-col-12 fr-col-md-6 fr-col-lg-4">
              <div class="fr-tile fr-enlarge-link" [id]="'tuile-axe-' + a.number">
                <div class="fr-tile__body">
                  <div class="fr-tile__content">
                    <h3 class="fr-tile__title">
                      <a [attr.href]="'#axe-' + a.number" (click)="jump($event, 'axe-' + a.number)"
                        >Axe {{ a.number }} - {{ a.title }}</a
                      >
                    </h3>
                    <p class="fr-tile__desc">
                      {{ a.recommendations }} préconisation(s), {{ a.actions }} action(s)
                    </p>
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
          <div
            class="fr-table fr-table--no-caption fr-table--multiline"
            cdlpTable="Actions en retard"
            [columns]="['Action', 'Préconisation', 'Échéance', 'Pilote']"
          >
            <tbody>
              @for (l of f.lateActions; track l.key) {
                <tr>
                  <td>{{ l.title }}</td>
                  <td>
                    @if (l.recommendationNumber) {
                      <a
                        class="fr-link"
                        [routerLink]="['/strategie', s().id, 'preconisations', l.recommendationNumber]"
                      >
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
          </div>
        }

        <h3 class="fr-h5 fr-mt-4w" id="indicateurs-titre">Indicateurs en {{ f.year }}</h3>
        @if (f.indicators.length === 0) {
          <p class="cdlp-empty">Aucun indicateur n'est défini.</p>
        } @else {
          <div class="fr-table fr-table--no-caption fr-table--multiline" cdlpTable="Indicateurs">
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
          </div>
        }
      } @else if (!error()) {
        <p role="status">Chargement du suivi…</p>
      }
    </section>

    <section aria-labelledby="preconisations-titre">
      <h2 id="preconisations-titre" class="fr-h4">Préconisations</h2>
      @for (axis of s().reference.axes; track axis.number) {
        <h3 class="fr-h5" [id]="'axe-' + axis.number" tabindex="-1">
          Axe {{ axis.number }} - {{ axis.title }}
        </h3>
        <div
          class="fr-table fr-table--no-caption fr-table--multiline"
          [cdlpTable]="'Préconisations de l\\'axe ' + axis.number"
          [columns]="['Préconisation', 'Priorité', 'Actions', 'Réalisées', 'En cours', 'En retard']"
        >
          <tbody>
            @for (r of axis.recommendations; track r.number) {
              <tr>
                <td>
                  <a class="fr-link" [routerLink]="['/strategie', s().id, 'preconisations', r.number]">
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
        </div>
      }
      <p>
        {{ s().content.localActions.length }} action(s) locale(s) hors préconisations :
        <a class="fr-link" [routerLink]="['/strategie', s().id, 'cadrage']">voir les actions locales</a>.
      </p>
    </section>
  `,
})
export class StrategyDashboardComponent {
  readonly s = input.required<StrategyDto>({ alias: 'strategy' });
  readonly followUp = input.required<FollowUpDto | null>();
  readonly error = input<string | null>(null);
  readonly year = input.required<number>();

  readonly axes = computed(() => {
    const f = this.followUp();
    return f ? axisProgress(this.s().reference, f) : [];
  });

  priority(n: number): string {
    const p = this.s().content.recommendations.find((r) => r.recommendationNumber === n)?.priority;
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
}
