import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  type ActionStatus,
  type StrategyActionDto,
  type StrategyDto,
} from '@cdlp/shared';
import { DayPipe } from '../ui/dates';
import type { Option } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { actionStatusOf } from './strategy-labels';

/** An action of the strategy with the number of its recommendation (null: a local action). */
export interface ActionRow {
  action: StrategyActionDto;
  recommendation: number | null;
}

const STATUS_OPTIONS: Option[] = ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }));

/** STRAT-1: the status of each action this year; the secretariat changes them in the table. */
@Component({
  selector: 'cdlp-action-statuses',
  imports: [ReactiveFormsModule, DayPipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="fr-mb-6w" aria-labelledby="statuts-titre">
      <h2 id="statuts-titre" class="fr-h4">Statut des actions en {{ thisYear() }}</h2>
      @if (actions().length === 0) {
        <p class="cdlp-empty">Aucune action.</p>
      } @else {
        <form (submit)="$event.preventDefault(); save.emit()" novalidate>
          <div
            class="fr-table fr-table--no-caption fr-table--multiline"
            [cdlpTable]="'Statut des actions en ' + thisYear()"
            [columns]="['Action', 'Préconisation', 'Échéance', 'Statut']"
          >
            <tbody>
              @for (row of actions(); track row.action.key) {
                <tr>
                  <th scope="row" [id]="'action-' + row.action.key">{{ row.action.title }}</th>
                  <td>{{ row.recommendation ? 'n° ' + row.recommendation : 'Action locale' }}</td>
                  <td>{{ row.action.deadline ? (row.action.deadline | day) : '–' }}</td>
                  <td>
                    @if (canEdit() && statusControls()[row.action.key]; as control) {
                      <select
                        class="fr-select"
                        [id]="'statut-' + row.action.key"
                        [attr.aria-labelledby]="'action-' + row.action.key + ' statut-libelle'"
                        [formControl]="control"
                      >
                        @for (o of statusOptions; track o.value) {
                          <option [value]="o.value">{{ o.label }}</option>
                        }
                      </select>
                    } @else {
                      {{ statusLabel(currentStatus(row.action)) }}
                    }
                  </td>
                </tr>
              }
            </tbody>
          </div>
          <span id="statut-libelle" class="fr-sr-only">statut en {{ thisYear() }}</span>
          @if (canEdit()) {
            <button
              type="submit"
              class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
              [disabled]="pending()"
            >
              Enregistrer les statuts {{ thisYear() }}
            </button>
          }
        </form>
      }
    </section>
  `,
})
export class ActionStatusesComponent {
  readonly strategy = input.required<StrategyDto>();
  readonly actions = input.required<ActionRow[]>();
  readonly statusControls = input<Record<string, FormControl<ActionStatus>>>({});
  readonly canEdit = input(false);
  readonly pending = input(false);
  readonly thisYear = input.required<number>();
  readonly save = output<void>();
  readonly statusOptions = STATUS_OPTIONS;

  currentStatus(a: StrategyActionDto): ActionStatus {
    return actionStatusOf(this.strategy(), a);
  }

  statusLabel(s: ActionStatus): string {
    return ACTION_STATUS_LABELS[s];
  }
}
