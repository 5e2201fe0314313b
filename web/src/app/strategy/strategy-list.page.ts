import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Permission, type StrategyListItemDto } from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { AlertComponent, NoticeComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { focusFirstError, InputFieldComponent, validateAndFocus } from '../ui/form-fields';
import { StrategyApi } from './strategy.api';
import { currentYear, strategyStateBadge, strategyStateLabel } from './strategy-labels';
import { TableComponent } from '../ui/table.component';

const yearValidator: ValidatorFn = (c) =>
  c.value && !/^\d{4}$/.test(String(c.value).trim())
    ? { message: 'Indiquez une année sur quatre chiffres, par exemple 2026.' }
    : null;

/** STRAT-1: the strategies of the département, and a new one (title, period). */
@Component({
  selector: 'cdlp-strategy-list-page',
  imports: [
    TableComponent,
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    NoticeComponent,
    InputFieldComponent,
    InstantPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Stratégie départementale</h1>
      <p class="fr-text--lead">
        La stratégie pluriannuelle de la commission décline la stratégie nationale du 2 mai 2024 à partir des
        seize préconisations du diagnostic départemental (STRAT-1). Elle est adoptée en séance, signée par le
        préfet, puis suivie chaque année.
      </p>

      <cdlp-alert kind="error" [text]="error()" />

      @if (strategies() === null) {
        <p role="status">Chargement des stratégies…</p>
      } @else if (strategies()!.length === 0) {
        <div cdlpNotice class="fr-mb-4w">Aucune stratégie n'a encore été rédigée.</div>
      } @else {
        <div
          class="fr-table fr-table--no-caption fr-table--multiline"
          id="table-strategies"
          cdlpTable="Stratégies départementales"
          [columns]="['Stratégie', 'Période', 'État', 'Version', 'Mise à jour']"
        >
          <tbody>
            @for (s of strategies(); track s.id) {
              <tr>
                <td>
                  <a class="fr-link" [routerLink]="['/strategie', s.id]">{{ s.title }}</a>
                </td>
                <td>{{ s.periodStart }}-{{ s.periodEnd }}</td>
                <td>
                  <p class="fr-badge fr-badge--sm" [class]="badge(s)">{{ label(s) }}</p>
                </td>
                <td>
                  {{ s.currentVersion }}
                  @if (s.adoptedVersion) {
                    (adoptée : {{ s.adoptedVersion }})
                  }
                </td>
                <td>{{ s.updatedAt | instant }}</td>
              </tr>
            }
          </tbody>
        </div>
      }

      @if (canEdit()) {
        <section class="cdlp-panel fr-mt-4w" aria-labelledby="nouvelle-strategie-titre">
          <h2 id="nouvelle-strategie-titre" class="fr-h4">Nouvelle stratégie</h2>
          <p class="fr-text--sm">
            La première version reprend une section vide par préconisation du référentiel. Tous les champs
            sont obligatoires.
          </p>
          <cdlp-alert kind="error" [text]="createError()" />
          <form [formGroup]="form" (ngSubmit)="create()" novalidate>
            <cdlp-input
              fieldId="title"
              label="Titre"
              hint="Par exemple : Stratégie départementale de lutte contre la prostitution"
              [control]="form.controls.title"
              [serverError]="fieldErrors()['title']"
              [submitted]="submitted()"
            />
            <div class="fr-grid-row fr-grid-row--gutters">
              <div class="fr-col-12 fr-col-md-6">
                <cdlp-input
                  fieldId="periodStart"
                  label="Première année"
                  hint="Format : AAAA"
                  inputmode="numeric"
                  [control]="form.controls.periodStart"
                  [serverError]="fieldErrors()['periodStart']"
                  [submitted]="submitted()"
                />
              </div>
              <div class="fr-col-12 fr-col-md-6">
                <cdlp-input
                  fieldId="periodEnd"
                  label="Dernière année"
                  hint="Format : AAAA"
                  inputmode="numeric"
                  [control]="form.controls.periodEnd"
                  [serverError]="fieldErrors()['periodEnd']"
                  [submitted]="submitted()"
                />
              </div>
            </div>
            <button type="submit" class="fr-btn fr-icon-add-line fr-btn--icon-left" [disabled]="pending()">
              Créer la stratégie
            </button>
          </form>
        </section>
      }
    </div>
  `,
})
export class StrategyListPage {
  private readonly api = inject(StrategyApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly strategies = signal<StrategyListItemDto[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly canEdit = computed(() => this.auth.can(Permission.STRATEGY_EDIT));
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly createError = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});

  readonly form = new FormGroup({
    title: new FormControl('Stratégie départementale de lutte contre la prostitution', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    periodStart: new FormControl(String(currentYear()), {
      nonNullable: true,
      validators: [Validators.required, yearValidator],
    }),
    periodEnd: new FormControl(String(currentYear() + 2), {
      nonNullable: true,
      validators: [Validators.required, yearValidator],
    }),
  });

  constructor() {
    this.api.list().subscribe({
      next: (list) => this.strategies.set(list),
      error: (err: unknown) => {
        this.strategies.set([]);
        this.error.set(toApiError(err).message);
      },
    });
  }

  badge(s: StrategyListItemDto): string {
    return strategyStateBadge(s.state);
  }

  label(s: StrategyListItemDto): string {
    return strategyStateLabel(s.state);
  }

  create(): void {
    this.submitted.set(true);
    this.createError.set(null);
    this.fieldErrors.set({});
    if (!validateAndFocus(this.form, this.host.nativeElement, this.injector)) return;
    const v = this.form.getRawValue();
    this.pending.set(true);
    this.api
      .create({
        title: v.title.trim(),
        periodStart: Number(v.periodStart.trim()),
        periodEnd: Number(v.periodEnd.trim()),
      })
      .subscribe({
        next: (s) => {
          this.pending.set(false);
          this.flash.show(
            'success',
            `La stratégie « ${s.title} » ${s.periodStart}-${s.periodEnd} est créée (version 1).`,
          );
          void this.router.navigate(['/strategie', s.id]);
        },
        error: (err: unknown) => {
          this.pending.set(false);
          const e = toApiError(err);
          this.createError.set(e.message);
          this.fieldErrors.set(e.fieldErrors);
          focusFirstError(this.host.nativeElement, this.injector);
        },
      });
  }
}
