import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AUTO_INDICATOR_LABELS, Permission, type StrategyDto, type StrategyIndicatorDto } from '@cdlp/shared';
import { concat, last, Observable } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { Option, SelectFieldComponent } from '../ui/form-fields';
import { TableComponent } from '../ui/table.component';
import { ActionRow, ActionStatusesComponent } from './action-statuses.component';
import { FollowUpChartsComponent, IndicatorRow } from './follow-up-charts.component';
import { numberValidator } from './strategy-forms';
import { StrategyApi } from './strategy.api';
import {
  currentYear,
  defaultYear,
  indicatorValue,
  parseNumber,
  strategyTitle,
  withUnit,
  yearRange,
} from './strategy-labels';

/**
 * STRAT-1: the yearly follow-up: the status of each action this year or a past year, the values of the
 * indicators for a chosen year (typed for manual indicators, computed by the portal for
 * automatic ones), and a chart with its data table for each indicator.
 */
@Component({
  selector: 'cdlp-strategy-follow-up-page',
  imports: [
    TableComponent,
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    SelectFieldComponent,
    FollowUpChartsComponent,
    ActionStatusesComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Stratégie', path: '/strategie' },
          { label: strategyName(), path: '/strategie/' + id() },
          { label: 'Suivi annuel' },
        ]"
      />
      <h1>Suivi annuel et indicateurs</h1>
      <cdlp-alert kind="error" [text]="loadError()" />
      <cdlp-alert kind="success" [text]="success()" />
      <cdlp-alert kind="error" [text]="saveError()" />
      @if (strategy(); as s) {
        <p>
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" [routerLink]="['/strategie', s.id]"
            >Tableau de bord de la stratégie</a
          >
        </p>

        <cdlp-action-statuses
          [strategy]="s"
          [actions]="actions()"
          [canEdit]="canEdit()"
          [thisYear]="thisYear"
          (saved)="show($event)"
        />

        <section class="fr-mb-6w" aria-labelledby="valeurs-titre">
          <h2 id="valeurs-titre" class="fr-h4">Valeurs des indicateurs</h2>
          <div class="fr-grid-row">
            <div class="fr-col-12 fr-col-md-4">
              <cdlp-select
                fieldId="annee-valeurs"
                label="Année"
                [placeholder]="null"
                [options]="yearOptions()"
                [control]="yearControl"
              />
            </div>
          </div>
          @if (indicators().length === 0) {
            <p class="cdlp-empty">Aucun indicateur n'est défini dans la stratégie.</p>
          } @else {
            <form (submit)="$event.preventDefault(); saveValues()" novalidate>
              <div
                class="fr-table fr-table--no-caption fr-table--multiline"
                [cdlpTable]="'Valeurs des indicateurs en ' + year()"
                [columns]="['Indicateur', 'Référence', 'Cible', 'Valeur ' + year()]"
              >
                <tbody>
                  @for (row of indicators(); track row.indicator.key) {
                    <tr>
                      <th scope="row" [id]="'indicateur-' + row.indicator.key">
                        {{ row.indicator.name }}
                        <span class="fr-hint-text"
                          >Préconisation {{ row.recommendation
                          }}{{ row.indicator.unit ? ' - ' + row.indicator.unit : '' }}</span
                        >
                      </th>
                      <td>
                        {{ ref(row.indicator.baselineValue, row.indicator.unit, row.indicator.baselineYear) }}
                      </td>
                      <td>
                        {{ ref(row.indicator.targetValue, row.indicator.unit, row.indicator.targetYear) }}
                      </td>
                      <td>
                        @if (row.indicator.automatic) {
                          {{
                            valueOf(row.indicator, year()) === null
                              ? 'Non disponible'
                              : withUnit(valueOf(row.indicator, year()), row.indicator.unit)
                          }}
                          <span class="fr-hint-text"
                            >Calculé par le portail : {{ autoLabel(row.indicator) }}</span
                          >
                        } @else if (canEdit() && valueControls()[row.indicator.key]; as control) {
                          <div class="fr-input-group fr-mb-0" [class.fr-input-group--error]="control.invalid">
                            <input
                              class="fr-input"
                              [class.fr-input--error]="control.invalid"
                              [id]="'valeur-' + row.indicator.key"
                              inputmode="decimal"
                              [attr.aria-labelledby]="'indicateur-' + row.indicator.key + ' valeur-libelle'"
                              [attr.aria-describedby]="'valeur-' + row.indicator.key + '-messages'"
                              [attr.aria-invalid]="control.invalid ? true : null"
                              [formControl]="control"
                            />
                            <div
                              class="fr-messages-group"
                              [id]="'valeur-' + row.indicator.key + '-messages'"
                              aria-live="polite"
                            >
                              @if (control.invalid) {
                                <p class="fr-message fr-message--error">
                                  Saisissez un nombre, par exemple 12 ou 12,5.
                                </p>
                              }
                            </div>
                          </div>
                        } @else {
                          {{
                            valueOf(row.indicator, year()) === null
                              ? 'Non renseignée'
                              : withUnit(valueOf(row.indicator, year()), row.indicator.unit)
                          }}
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </div>
              <span id="valeur-libelle" class="fr-sr-only">valeur {{ year() }}</span>
              @if (canEdit() && hasManual()) {
                <button
                  type="submit"
                  class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
                  [disabled]="pending()"
                >
                  Enregistrer les valeurs {{ year() }}
                </button>
              }
            </form>
          }
        </section>

        <cdlp-follow-up-charts [strategy]="s" [indicators]="indicators()" />
      } @else if (!loadError()) {
        <p role="status">Chargement du suivi…</p>
      }
    </div>
  `,
})
export class StrategyFollowUpPage implements OnInit {
  private readonly api = inject(StrategyApi);
  private readonly auth = inject(AuthService);

  readonly id = input.required<string>();
  readonly strategy = signal<StrategyDto | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly saveError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly pending = signal(false);
  readonly year = signal(currentYear());
  readonly thisYear = currentYear();
  readonly valueControls = signal<Record<string, FormControl<string>>>({});
  readonly yearControl = new FormControl('', { nonNullable: true });
  readonly withUnit = withUnit;

  readonly canEdit = computed(() => this.auth.can(Permission.STRATEGY_EDIT));
  readonly strategyName = computed(() => {
    const s = this.strategy();
    return s ? strategyTitle(s) : 'Stratégie';
  });
  readonly yearOptions = computed<Option[]>(() => {
    const s = this.strategy();
    return s
      ? yearRange(s.periodStart - 1, s.periodEnd).map((y) => ({ value: String(y), label: String(y) }))
      : [];
  });
  readonly indicators = computed<IndicatorRow[]>(() =>
    (this.strategy()?.content.recommendations ?? []).flatMap((p) =>
      p.indicators.map((indicator) => ({ indicator, recommendation: p.recommendationNumber })),
    ),
  );
  readonly actions = computed<ActionRow[]>(() => {
    const c = this.strategy()?.content;
    if (!c) return [];
    return [
      ...c.recommendations.flatMap((p) =>
        p.actions.map((action) => ({ action, recommendation: p.recommendationNumber })),
      ),
      ...c.localActions.map((action) => ({ action, recommendation: null })),
    ];
  });
  readonly hasManual = computed(() => this.indicators().some((r) => !r.indicator.automatic));

  constructor() {
    dynamicTitle(() => (this.strategy() ? `Suivi annuel - ${this.strategyName()}` : null));
    this.yearControl.valueChanges.subscribe((v) => {
      const y = Number(v);
      if (y) {
        this.year.set(y);
        this.buildValueControls();
      }
    });
  }

  ngOnInit(): void {
    this.api.get(this.id()).subscribe({
      next: (s) => {
        this.year.set(defaultYear(s));
        this.yearControl.setValue(String(this.year()), { emitEvent: false });
        this.show(s);
      },
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  autoLabel(i: StrategyIndicatorDto): string {
    return i.automatic ? AUTO_INDICATOR_LABELS[i.automatic].name : '';
  }

  ref(value: number | null | undefined, unit: string, year: number | null | undefined): string {
    if (value === null || value === undefined) return '–';
    return `${withUnit(value, unit)}${year ? ` (${year})` : ''}`;
  }

  valueOf(i: StrategyIndicatorDto, year: number): number | null {
    const s = this.strategy();
    return s ? indicatorValue(s, i, year) : null;
  }

  saveValues(): void {
    const s = this.strategy();
    if (!s) return;
    const controls = this.valueControls();
    if (Object.values(controls).some((c) => c.invalid)) {
      this.saveError.set('Certaines valeurs ne sont pas des nombres : corrigez-les avant d’enregistrer.');
      const first = Object.entries(controls).find(([, c]) => c.invalid);
      if (first) document.getElementById(`valeur-${first[0]}`)?.focus();
      return;
    }
    const year = this.year();
    const calls: Observable<StrategyDto>[] = [];
    for (const row of this.indicators().filter((r) => !r.indicator.automatic)) {
      const control = controls[row.indicator.key];
      if (!control) continue;
      const value = parseNumber(control.value);
      if (value !== this.valueOf(row.indicator, year)) {
        calls.push(this.api.indicatorValue(s.id, { indicatorKey: row.indicator.key, year, value }));
      }
    }
    this.run(calls, (n) => `${n} valeur(s) enregistrée(s) pour ${year}.`);
  }

  private run(calls: Observable<StrategyDto>[], message: (n: number) => string): void {
    this.success.set(null);
    this.saveError.set(null);
    if (calls.length === 0) {
      this.success.set('Aucune modification à enregistrer.');
      return;
    }
    this.pending.set(true);
    concat(...calls)
      .pipe(last())
      .subscribe({
        next: (s) => {
          this.pending.set(false);
          this.show(s);
          this.success.set(message(calls.length));
        },
        error: (err: unknown) => {
          this.pending.set(false);
          this.saveError.set(toApiError(err).message);
        },
      });
  }

  show(s: StrategyDto): void {
    this.strategy.set(s);
    this.buildValueControls();
  }

  private buildValueControls(): void {
    const controls: Record<string, FormControl<string>> = {};
    for (const row of this.indicators().filter((r) => !r.indicator.automatic)) {
      const v = this.valueOf(row.indicator, this.year());
      controls[row.indicator.key] = new FormControl(v === null ? '' : String(v).replace('.', ','), {
        nonNullable: true,
        validators: [numberValidator()],
      });
    }
    this.valueControls.set(controls);
  }
}
