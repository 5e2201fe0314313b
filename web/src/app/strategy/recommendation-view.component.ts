import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import {
  ACTION_STATUS_LABELS,
  PRIORITY_LABELS,
  type ActionStatus,
  type Priority,
  type RecommendationPlanDto,
  type StrategyActionDto,
  type StrategyDto,
} from '@cdlp/shared';
import { DayPipe } from '../ui/dates';
import { TableComponent } from '../ui/table.component';
import { actionStatusOf, formatNumber, withUnit } from './strategy-labels';

/** STRAT-1: what the strategy says for one recommendation, as members and associations read it. */
@Component({
  selector: 'cdlp-recommendation-view',
  imports: [DayPipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="fr-h4">Constats et priorité</h2>
    <dl class="cdlp-details">
      <dt>Constats locaux</dt>
      <dd class="cdlp-prewrap">{{ p().findings || 'Non renseignés' }}</dd>
      <dt>Priorité</dt>
      <dd>{{ p().priority ? priorityLabel(p().priority!) : 'Non définie' }}</dd>
    </dl>
    <h2 class="fr-h4">Actions ({{ p().actions.length }})</h2>
    @for (a of p().actions; track a.key) {
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
          <dd>
            {{ a.budget !== null && a.budget !== undefined ? budgetText(a.budget) : 'Non précisé'
            }}{{ a.fundingSource ? ' - ' + a.fundingSource : '' }}
          </dd>
          <dt>Statut</dt>
          <dd>{{ statusLabel(currentStatus(a)) }}</dd>
        </dl>
      </article>
    } @empty {
      <p class="cdlp-empty">Aucune action pour cette préconisation.</p>
    }
    <h2 class="fr-h4">Indicateurs ({{ p().indicators.length }})</h2>
    @if (p().indicators.length === 0) {
      <p class="cdlp-empty">Aucun indicateur pour cette préconisation.</p>
    } @else {
      <div
        class="fr-table fr-table--no-caption fr-table--multiline"
        [cdlpTable]="'Indicateurs de la préconisation ' + number()"
        [columns]="['Indicateur', 'Source', 'Référence', 'Cible']"
      >
        <tbody>
          @for (i of p().indicators; track i.key) {
            <tr>
              <td>{{ i.name }}</td>
              <td>{{ i.automatic ? 'Calculé par le portail' : 'Saisie annuelle' }}</td>
              <td>{{ refText(i.baselineValue, i.unit, i.baselineYear) }}</td>
              <td>
                {{ refText(i.targetValue, i.unit, i.targetYear) }} ({{
                  i.direction === 'UP' ? 'à la hausse' : 'à la baisse'
                }})
              </td>
            </tr>
          }
        </tbody>
      </div>
    }
  `,
})
export class RecommendationViewComponent {
  readonly strategy = input.required<StrategyDto>();
  readonly p = input.required<RecommendationPlanDto>({ alias: 'plan' });
  readonly number = input.required<number>();

  priorityLabel(p: Priority): string {
    return PRIORITY_LABELS[p];
  }

  currentStatus(a: StrategyActionDto): ActionStatus {
    return actionStatusOf(this.strategy(), a);
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
}
