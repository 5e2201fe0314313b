import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  ACTION_STATUS_LABELS,
  Permission,
  type ActionStatus,
  type StrategyActionDto,
  type StrategyContentDto,
  type StrategyDto,
} from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { dynamicTitle } from '../core/dynamic-title';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { DayPipe } from '../ui/dates';
import { FORM_FIELDS } from '../ui/form-fields';
import { StrategyApi } from './strategy.api';
import { RegistryParty } from './party-fields.component';
import { ActionFieldsComponent } from './strategy-fields';
import {
  actionForm,
  errorsUnder,
  figureForm,
  toActionDto,
  toFigureDto,
  type ActionForm,
  type FigureForm,
} from './strategy-forms';
import { actionStatusOf, formatNumber, strategyTitle, withUnit } from './strategy-labels';
import { StrategyPartiesService } from './strategy-parties.service';
import { StrategyVersionEditor, VersionSaveErrorComponent } from './version-editor';

function framingForm(c: StrategyContentDto) {
  return new FormGroup({
    introduction: new FormControl(c.introduction ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(20000)],
    }),
    diagnosticText: new FormControl(c.diagnosticText ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(20000)],
    }),
    figures: new FormArray<FigureForm>(c.figures.map((f) => figureForm(f))),
    localActions: new FormArray<ActionForm>(c.localActions.map((a) => actionForm(a))),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
  });
}
type FramingForm = ReturnType<typeof framingForm>;

/** STRAT-1: the introduction, the diagnostic with its key figures, and the local actions outside the recommendations. */
@Component({
  selector: 'cdlp-strategy-framing-page',
  imports: [
    FORM_FIELDS,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    ActionFieldsComponent,
    VersionSaveErrorComponent,
    DayPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb
        [items]="[
          { label: 'Stratégie', path: '/strategie' },
          { label: strategyName(), path: '/strategie/' + id() },
          { label: 'Introduction et diagnostic' },
        ]"
      />
      <h1>Introduction, diagnostic et actions locales</h1>
      <cdlp-alert kind="error" [text]="loadError()" />
      <cdlp-alert kind="success" [text]="editor.success()" />
      <cdlp-version-save-error [editor]="editor" (reload)="reload()">
        Vos modifications ne sont pas enregistrées : rechargez la page, puis reportez-les.
      </cdlp-version-save-error>
      @if (strategy(); as s) {
        <p>
          <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" [routerLink]="['/strategie', s.id]"
            >Tableau de bord de la stratégie</a
          >
        </p>
        @if (editing(); as f) {
          <form [formGroup]="f" [cdlpForm]="editor.context" (ngSubmit)="save()" novalidate>
            <h2 class="fr-h4">Introduction</h2>
            <cdlp-input
              fieldId="introduction"
              label="Introduction"
              [optional]="true"
              [multiline]="true"
              [rows]="6"
              [control]="f.controls.introduction"
            />
            <h2 class="fr-h4 fr-mt-4w">Diagnostic</h2>
            <cdlp-input
              fieldId="diagnosticText"
              label="Synthèse du diagnostic"
              [optional]="true"
              [multiline]="true"
              [rows]="6"
              [control]="f.controls.diagnosticText"
            />
            <h3 class="fr-h5" id="chiffres-titre">Chiffres clés ({{ f.controls.figures.length }})</h3>
            @for (fig of f.controls.figures.controls; track fig.controls.key.value; let i = $index) {
              <fieldset
                class="fr-fieldset cdlp-block"
                [attr.aria-labelledby]="'chiffre-' + i + '-legende'"
                [cdlpErrorPrefix]="'figures.' + i"
              >
                <legend class="fr-fieldset__legend" [id]="'chiffre-' + i + '-legende'">
                  Chiffre clé {{ i + 1 }}
                </legend>
                <div class="fr-fieldset__element">
                  <div class="cdlp-fields">
                    <cdlp-input
                      [fieldId]="'chiffre-' + i + '-libelle'"
                      label="Libellé"
                      [control]="fig.controls.label"
                    />
                    <div class="fr-grid-row fr-grid-row--gutters">
                      <div class="fr-col-6 fr-col-md-3">
                        <cdlp-input
                          [fieldId]="'chiffre-' + i + '-valeur'"
                          label="Valeur"
                          inputmode="decimal"
                          [control]="fig.controls.value"
                        />
                      </div>
                      <div class="fr-col-6 fr-col-md-3">
                        <cdlp-input
                          [fieldId]="'chiffre-' + i + '-unite'"
                          label="Unité"
                          [optional]="true"
                          [control]="fig.controls.unit"
                        />
                      </div>
                      <div class="fr-col-6 fr-col-md-3">
                        <cdlp-input
                          [fieldId]="'chiffre-' + i + '-source'"
                          label="Source"
                          [control]="fig.controls.source"
                        />
                      </div>
                      <div class="fr-col-6 fr-col-md-3">
                        <cdlp-input
                          [fieldId]="'chiffre-' + i + '-annee'"
                          label="Année"
                          hint="AAAA"
                          inputmode="numeric"
                          [control]="fig.controls.year"
                        />
                      </div>
                    </div>
                    <button
                      type="button"
                      class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-bin-line fr-btn--icon-left"
                      (click)="removeFigure(i)"
                    >
                      Supprimer le chiffre clé {{ i + 1 }}
                    </button>
                  </div>
                </div>
              </fieldset>
            } @empty {
              <p class="cdlp-empty">Aucun chiffre clé.</p>
            }
            <button
              type="button"
              class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-4w"
              (click)="addFigure()"
            >
              Ajouter un chiffre clé
            </button>

            <h2 class="fr-h4" id="actions-locales">
              Actions locales hors préconisations ({{ f.controls.localActions.length }})
            </h2>
            @for (a of f.controls.localActions.controls; track a.controls.key.value; let i = $index) {
              <cdlp-action-fields
                [form]="a"
                [prefix]="'action-locale-' + i"
                [number]="i + 1"
                [parties]="parties()"
                [errors]="localErrors(i)"
                [submitted]="editor.submitted()"
                (remove)="removeLocal(i)"
              />
            } @empty {
              <p class="cdlp-empty">Aucune action locale.</p>
            }
            <button
              type="button"
              class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left fr-mb-4w"
              (click)="addLocal()"
            >
              Ajouter une action locale
            </button>

            <h2 class="fr-h4">Enregistrer</h2>
            <cdlp-input
              fieldId="note"
              label="Note de version"
              [optional]="true"
              [control]="f.controls.note"
            />
            <p class="fr-sr-only" aria-live="polite">{{ editor.announce() }}</p>
            <button
              type="submit"
              class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left"
              [disabled]="editor.pending()"
            >
              Enregistrer une nouvelle version
            </button>
          </form>
        } @else {
          <h2 class="fr-h4">Introduction</h2>
          <p class="cdlp-prewrap">{{ s.content.introduction || 'Non rédigée.' }}</p>
          <h2 class="fr-h4">Diagnostic</h2>
          <p class="cdlp-prewrap">{{ s.content.diagnosticText || 'Non rédigé.' }}</p>
          <h3 class="fr-h5">Chiffres clés</h3>
          @if (s.content.figures.length === 0) {
            <p class="cdlp-empty">Aucun chiffre clé.</p>
          } @else {
            <ul>
              @for (fig of s.content.figures; track fig.key) {
                <li>
                  <strong>{{ figure(fig.value, fig.unit) }}</strong> : {{ fig.label }} ({{ fig.source }},
                  {{ fig.year }})
                </li>
              }
            </ul>
          }
          <h2 class="fr-h4" id="actions-locales">Actions locales hors préconisations</h2>
          @for (a of s.content.localActions; track a.key) {
            <article class="cdlp-panel" [attr.aria-labelledby]="'action-' + a.key">
              <h3 class="fr-h6" [id]="'action-' + a.key">{{ a.title }}</h3>
              @if (a.description) {
                <p class="cdlp-prewrap">{{ a.description }}</p>
              }
              <p class="fr-text--sm fr-mb-0">
                Pilote : {{ a.lead?.name || 'non désigné' }}.
                @if (a.deadline) {
                  Échéance : {{ a.deadline | day }}.
                }
                @if (a.budget !== null && a.budget !== undefined) {
                  Budget : {{ money(a.budget) }}.
                }
                Statut : {{ statusLabel(currentStatus(s, a)) }}.
              </p>
            </article>
          } @empty {
            <p class="cdlp-empty">Aucune action locale.</p>
          }
        }
      } @else if (!loadError()) {
        <p role="status">Chargement de la stratégie…</p>
      }
    </div>
  `,
})
export class StrategyFramingPage implements OnInit {
  private readonly api = inject(StrategyApi);
  private readonly auth = inject(AuthService);

  readonly id = input.required<string>();
  readonly strategy = signal<StrategyDto | null>(null);
  readonly editing = signal<FramingForm | null>(null);
  readonly parties = signal<RegistryParty[]>([]);
  readonly loadError = signal<string | null>(null);
  readonly editor = new StrategyVersionEditor();
  readonly canEdit = computed(() => this.auth.can(Permission.STRATEGY_EDIT));
  readonly strategyName = computed(() => {
    const s = this.strategy();
    return s ? strategyTitle(s) : 'Stratégie';
  });

  constructor() {
    dynamicTitle(() => (this.strategy() ? `Introduction et diagnostic - ${this.strategyName()}` : null));
    inject(StrategyPartiesService)
      .parties()
      .pipe(takeUntilDestroyed())
      .subscribe((p) => this.parties.set(p));
  }

  ngOnInit(): void {
    this.load();
  }

  localErrors(i: number): Record<string, string> {
    return errorsUnder(this.editor.errors(), `localActions.${i}`);
  }

  figure(value: number, unit: string | undefined): string {
    return withUnit(value, unit);
  }

  money(v: number): string {
    return `${formatNumber(v)} €`;
  }

  currentStatus(s: StrategyDto, a: StrategyActionDto): ActionStatus {
    return actionStatusOf(s, a);
  }

  statusLabel(s: ActionStatus): string {
    return ACTION_STATUS_LABELS[s];
  }

  addFigure(): void {
    const f = this.editing();
    if (!f) return;
    f.controls.figures.push(figureForm({ year: new Date().getFullYear() }));
    const i = f.controls.figures.length - 1;
    this.editor.changedList(`Chiffre clé ${i + 1} ajouté.`, `chiffre-${i}-libelle`);
  }

  removeFigure(i: number): void {
    this.editing()?.controls.figures.removeAt(i);
    this.editor.changedList(`Chiffre clé ${i + 1} supprimé.`, 'chiffres-titre');
  }

  addLocal(): void {
    const f = this.editing();
    if (!f) return;
    f.controls.localActions.push(actionForm());
    const i = f.controls.localActions.length - 1;
    this.editor.changedList(`Action locale ${i + 1} ajoutée.`, `action-locale-${i}-titre`);
  }

  removeLocal(i: number): void {
    this.editing()?.controls.localActions.removeAt(i);
    this.editor.changedList(`Action locale ${i + 1} supprimée.`, 'actions-locales');
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
        const content: StrategyContentDto = {
          ...s.content,
          introduction: v.introduction.trim(),
          diagnosticText: v.diagnosticText.trim(),
          figures: f.controls.figures.controls.map((x) => toFigureDto(x)),
          localActions: f.controls.localActions.controls.map((x) => toActionDto(x)),
        };
        return { content, errorPrefix: 'content', note: v.note };
      },
      (updated) => this.show(updated),
    );
  }

  reload(): void {
    this.editor.clear();
    this.load();
  }

  private load(): void {
    this.api.get(this.id()).subscribe({
      next: (s) => this.show(s),
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  private show(s: StrategyDto): void {
    this.strategy.set(s);
    this.editing.set(this.canEdit() && s.editable ? framingForm(s.content) : null);
  }
}
