import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  type ActionStatus,
  type StrategyActionDto,
  type StrategyDto,
} from '@cdlp/shared';
import { concat, last, Observable } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe } from '../ui/dates';
import { type Option, SelectFieldComponent } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { StrategyApi } from './strategy.api';
import { actionStatusOf, yearRange } from './strategy-labels';

/** An action of the strategy with the number of its recommendation (null: a local action). */
export interface ActionRow {
  action: StrategyActionDto;
  recommendation: number | null;
}

const STATUS_OPTIONS: Option[] = ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }));

/**
 * STRAT-1: the status of each action in a year of the follow-up: this year by default, or a
 * past year of the period (the yearly review is often written after the year has ended). The
 * secretariat changes them in the table; each change is entered for the chosen year only.
 */
@Component({
  selector: 'cdlp-action-statuses',
  imports: [ReactiveFormsModule, DayPipe, TableComponent, SelectFieldComponent, AlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="fr-mb-6w" aria-labelledby="statuts-titre">
      <h2 id="statuts-titre" class="fr-h4">Statut des actions en {{ year() }}</h2>
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="error()" />
      @if (yearOptions().length > 1) {
        <div class="fr-grid-row">
          <div class="fr-col-12 fr-col-md-4">
            <cdlp-select
              fieldId="annee-statuts"
              label="Année du suivi des actions"
              hint="Les années passées restent modifiables, pour le bilan annuel."
              [placeholder]="null"
              [options]="yearOptions()"
              [control]="yearControl"
            />
          </div>
        </div>
      }
      @if (actions().length === 0) {
        <p class="cdlp-empty">Aucune action.</p>
      } @else if (loading()) {
        <p role="status">Chargement des statuts {{ year() }}…</p>
      } @else {
        <form (submit)="$event.preventDefault(); save()" novalidate>
          <div
            class="fr-table fr-table--no-caption fr-table--multiline"
            [cdlpTable]="'Statut des actions en ' + year()"
            [columns]="['Action', 'Préconisation', 'Échéance', 'Statut']"
          >
            <tbody>
              @for (row of actions(); track row.action.key) {
                <tr>
                  <th scope="row" [id]="'action-' + row.action.key">{{ row.action.title }}</th>
                  <td>{{ row.recommendation ? 'n° ' + row.recommendation : 'Action locale' }}</td>
                  <td>{{ row.action.deadline ? (row.action.deadline | day) : '–' }}</td>
                  <td>
                    @if (canEdit() && controls()[row.action.key]; as control) {
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
                      {{ statusLabel(statusOf(row.action)) }}
                    }
                  </td>
                </tr>
              }
            </tbody>
          </div>
          <span id="statut-libelle" class="fr-sr-only">statut en {{ year() }}</span>
          @if (canEdit()) {
            <button
              type="submit"
              class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
              [disabled]="pending()"
            >
              Enregistrer les statuts {{ year() }}
            </button>
          }
        </form>
      }
    </section>
  `,
})
export class ActionStatusesComponent {
  private readonly api = inject(StrategyApi);

  readonly strategy = input.required<StrategyDto>();
  readonly actions = input.required<ActionRow[]>();
  readonly canEdit = input(false);
  readonly thisYear = input.required<number>();
  /** The strategy as answered by the last change (the dashboard status follows it). */
  readonly saved = output<StrategyDto>();
  readonly statusOptions = STATUS_OPTIONS;

  readonly yearControl = new FormControl('', { nonNullable: true });
  readonly year = signal(0);
  /** The statuses of a past year, read from the api; null for this year (the strategy's own). */
  private readonly pastStatuses = signal<Record<string, ActionStatus> | null>(null);
  readonly controls = signal<Record<string, FormControl<ActionStatus>>>({});
  readonly loading = signal(false);
  readonly pending = signal(false);
  readonly success = signal<string | null>(null);
  readonly error = signal<string | null>(null);

  /** From the year before the period (the baseline) to this year: no status for a year to come. */
  readonly yearOptions = computed<Option[]>(() => {
    const s = this.strategy();
    const to = Math.min(this.thisYear(), s.periodEnd);
    return yearRange(Math.min(s.periodStart - 1, to), to)
      .reverse()
      .map((y) => ({ value: String(y), label: String(y) }));
  });

  constructor() {
    effect(() => {
      const thisYear = this.thisYear();
      untracked(() => {
        this.year.set(thisYear);
        this.yearControl.setValue(String(thisYear), { emitEvent: false });
      });
    });
    // The strategy changed (loaded, or answered by a save): rebuild the controls of the year.
    effect(() => {
      this.strategy();
      this.actions();
      untracked(() => this.buildControls());
    });
    this.yearControl.valueChanges.subscribe((v) => {
      const y = Number(v);
      if (y) this.selectYear(y);
    });
  }

  statusOf(a: StrategyActionDto): ActionStatus {
    return this.pastStatuses()?.[a.key] ?? actionStatusOf(this.strategy(), a);
  }

  statusLabel(s: ActionStatus): string {
    return ACTION_STATUS_LABELS[s];
  }

  private selectYear(y: number): void {
    this.year.set(y);
    this.success.set(null);
    this.error.set(null);
    if (y === this.thisYear()) {
      this.pastStatuses.set(null);
      this.buildControls();
      return;
    }
    this.loadPast(y);
  }

  private loadPast(y: number, after?: () => void): void {
    this.loading.set(true);
    this.api.actionStatuses(this.strategy().id, y).subscribe({
      next: (r) => {
        if (r.year !== this.year()) return;
        this.loading.set(false);
        this.pastStatuses.set(r.statuses);
        this.buildControls();
        after?.();
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }

  private buildControls(): void {
    const controls: Record<string, FormControl<ActionStatus>> = {};
    for (const row of this.actions()) {
      controls[row.action.key] = new FormControl<ActionStatus>(this.statusOf(row.action), {
        nonNullable: true,
      });
    }
    this.controls.set(controls);
  }

  save(): void {
    const s = this.strategy();
    const year = this.year();
    this.success.set(null);
    this.error.set(null);
    const calls: Observable<StrategyDto>[] = [];
    for (const row of this.actions()) {
      const control = this.controls()[row.action.key];
      if (control && control.value !== this.statusOf(row.action)) {
        calls.push(this.api.actionProgress(s.id, { actionKey: row.action.key, year, status: control.value }));
      }
    }
    if (calls.length === 0) {
      this.success.set('Aucune modification à enregistrer.');
      return;
    }
    this.pending.set(true);
    concat(...calls)
      .pipe(last())
      .subscribe({
        next: (fresh) => {
          this.pending.set(false);
          const done = () =>
            this.success.set(`${calls.length} statut(s) d'action enregistré(s) pour ${year}.`);
          if (year === this.thisYear()) {
            this.saved.emit(fresh);
            done();
          } else {
            // A past year: read it back, then let the page follow the strategy's current statuses.
            this.loadPast(year, () => {
              this.saved.emit(fresh);
              done();
            });
          }
        },
        error: (err: unknown) => {
          this.pending.set(false);
          this.error.set(toApiError(err).message);
        },
      });
  }
}
