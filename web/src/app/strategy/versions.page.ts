import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { SectionDiffDto, StrategyDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { LongInstantPipe } from '../ui/dates';
import { Option, SelectFieldComponent } from '../ui/form-fields';
import { StrategyApi } from './strategy.api';
import { strategyTitle } from './strategy-labels';
import { TableComponent } from '../ui/table.component';

/** STRAT-1: every saved version, and what changed between two of them, section by section. */
@Component({
  selector: 'cdlp-strategy-versions-page',
  imports: [
    TableComponent,
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    SelectFieldComponent,
    LongInstantPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Stratégie', path: '/strategie' },
          { label: strategyName(), path: '/strategie/' + id() },
          { label: 'Comparer les versions' },
        ]"
      />
      <h1>Comparer les versions</h1>
      <cdlp-alert kind="error" [text]="error()" />
      @if (strategy(); as s) {
        <p>
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" [routerLink]="['/strategie', s.id]"
            >Tableau de bord de la stratégie</a
          >
        </p>
        @if (s.versions.length < 2) {
          <p>La stratégie n'a qu'une version : il n'y a rien à comparer.</p>
        } @else {
          <form [formGroup]="form" (ngSubmit)="compare()" novalidate class="cdlp-filters">
            <cdlp-select
              fieldId="from"
              label="Version de départ"
              [placeholder]="null"
              [options]="options()"
              [control]="form.controls.from"
            />
            <cdlp-select
              fieldId="to"
              label="Version d'arrivée"
              [placeholder]="null"
              [options]="options()"
              [control]="form.controls.to"
            />
            <button type="submit" class="fr-btn fr-icon-eye-line fr-btn--icon-left" [disabled]="pending()">
              Comparer
            </button>
          </form>
        }

        @if (diff(); as sections) {
          <section aria-labelledby="differences-titre" class="fr-mb-6w">
            <h2 id="differences-titre" class="fr-h4" tabindex="-1">
              Différences entre les versions {{ compared()?.from }} et {{ compared()?.to }}
            </h2>
            @if (sections.length === 0) {
              <p>Aucune différence entre ces deux versions.</p>
            } @else {
              <p role="status">{{ sections.length }} section(s) modifiée(s).</p>
              @for (section of sections; track section.section) {
                <h3 class="fr-h6">{{ section.label }}</h3>
                <ul>
                  @for (change of section.changes; track $index) {
                    <li>{{ change }}</li>
                  }
                </ul>
              }
            }
          </section>
        }

        <h2 class="fr-h4">Historique des versions</h2>
        <div
          class="fr-table fr-table--no-caption fr-table--multiline"
          cdlpTable="Versions enregistrées"
          [columns]="['Version', 'Enregistrée le', 'Par', 'Note', 'État']"
        >
          <tbody>
            @for (v of s.versions; track v.number) {
              <tr>
                <td>{{ v.number }}</td>
                <td>{{ v.savedAt | longInstant }}</td>
                <td>{{ v.savedBy || '–' }}</td>
                <td>{{ v.note || '–' }}</td>
                <td>
                  {{ v.frozen ? 'Adoptée' : v.number === s.currentVersion ? 'Version courante' : 'Archivée' }}
                </td>
              </tr>
            }
          </tbody>
        </div>
      } @else if (!error()) {
        <p role="status">Chargement des versions…</p>
      }
    </div>
  `,
})
export class StrategyVersionsPage implements OnInit {
  private readonly api = inject(StrategyApi);
  private readonly injector = inject(Injector);
  readonly id = input.required<string>();
  readonly strategy = signal<StrategyDto | null>(null);
  readonly diff = signal<SectionDiffDto[] | null>(null);
  readonly compared = signal<{ from: number; to: number } | null>(null);
  readonly error = signal<string | null>(null);
  readonly pending = signal(false);
  readonly form = new FormGroup({
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });
  readonly strategyName = computed(() => {
    const s = this.strategy();
    return s ? strategyTitle(s) : 'Stratégie';
  });
  readonly options = computed<Option[]>(() =>
    (this.strategy()?.versions ?? []).map((v) => ({
      value: String(v.number),
      label: `Version ${v.number}${v.note ? ` - ${v.note}` : ''}${v.frozen ? ' (adoptée)' : ''}`,
    })),
  );

  constructor() {
    dynamicTitle(() => (this.strategy() ? `Versions - ${this.strategyName()}` : null));
  }

  ngOnInit(): void {
    this.api.get(this.id()).subscribe({
      next: (s) => {
        this.strategy.set(s);
        const numbers = s.versions.map((v) => v.number).sort((a, b) => b - a);
        if (numbers.length >= 2) this.form.setValue({ from: String(numbers[1]), to: String(numbers[0]) });
      },
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
  }

  compare(): void {
    const from = Number(this.form.controls.from.value);
    const to = Number(this.form.controls.to.value);
    this.error.set(null);
    if (!from || !to) return;
    this.pending.set(true);
    this.api.diff(this.id(), from, to).subscribe({
      next: (d) => {
        this.pending.set(false);
        this.compared.set({ from, to });
        this.diff.set(d);
        afterNextRender(() => document.getElementById('differences-titre')?.focus(), {
          injector: this.injector,
        });
      },
      error: (err: unknown) => {
        this.pending.set(false);
        this.error.set(toApiError(err).message);
      },
    });
  }
}
