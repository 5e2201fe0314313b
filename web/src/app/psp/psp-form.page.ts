import { Location } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  InjectionToken,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  ADMINISTRATIVE_STATUS_LABELS,
  ADMINISTRATIVE_STATUSES,
  HOUSING_LABELS,
  HOUSING_SITUATIONS,
  isEditable,
  NATIONALITY_GROUP_LABELS,
  NATIONALITY_GROUPS,
  OPINION_LABELS,
  OPINIONS,
  requiredDossierFields,
  SUPPORT_PILLAR_LABELS,
  SUPPORT_PILLARS,
  type PspRequestDto,
  type PspRequestKind,
} from '@cdlp/shared';
import { catchError, debounceTime, firstValueFrom, map, of } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { fieldErrorList, toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { formatInstant } from '../ui/dates';
import {
  CheckboxFieldComponent,
  focusFirstError,
  InputFieldComponent,
  Option,
  RadiosFieldComponent,
  SelectFieldComponent,
} from '../ui/form-fields';
import { fillDossierForm, PSP_FORM_STEPS, pspDossierForm, stepOfField, toDossier } from './psp-dossier-form';
import { PspRequestsApi } from './psp.api';

/** Delay between the last keystroke and the automatic save. */
export const AUTOSAVE_DELAY_MS = new InjectionToken<number>('AUTOSAVE_DELAY_MS', {
  providedIn: 'root',
  factory: () => 1000,
});

type SaveState = 'idle' | 'saving' | 'saved' | 'error' | 'needs-association';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>): Option[] =>
  values.map((v) => ({ value: v, label: labels[v] }));

/**
 * PSP-3: the request form, in five steps. The draft is created on the first change and every
 * change is saved automatically (debounced PUT); "Déposer la demande" submits it.
 */
@Component({
  selector: 'cdlp-psp-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    InputFieldComponent,
    SelectFieldComponent,
    RadiosFieldComponent,
    CheckboxFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="crumbs()" />
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-9">
          <h1>{{ heading() }}</h1>
          @if (loadError(); as message) {
            <cdlp-alert kind="error">{{ message }}</cdlp-alert>
          } @else if (!loaded()) {
            <p role="status">Chargement du dossier…</p>
          } @else if (locked()) {
            <cdlp-alert kind="info">
              Cette demande ne peut plus être modifiée : elle est examinée par la commission ou close.
            </cdlp-alert>
            <p><a class="fr-link" [routerLink]="['/demandes', requestId()]">Voir le dossier</a></p>
          } @else {
            <p class="fr-text--sm">
              Les informations sont enregistrées automatiquement au fil de la saisie. Les champs marqués «
              requis pour le dépôt » doivent être remplis avant de déposer la demande.
            </p>
            <div class="cdlp-save-status fr-mb-2w" role="status" aria-live="polite">
              @switch (saveState()) {
                @case ('saving') {
                  <p class="fr-text--sm fr-mb-0">Enregistrement en cours…</p>
                }
                @case ('saved') {
                  <p class="fr-text--sm fr-mb-0 cdlp-saved">Brouillon enregistré à {{ savedAt() }}.</p>
                }
                @case ('needs-association') {
                  <p class="fr-text--sm fr-mb-0">
                    Choisissez l'association pour que le brouillon soit enregistré.
                  </p>
                }
              }
            </div>
            @if (saveError(); as message) {
              <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                <p>Les dernières modifications n'ont pas été enregistrées : {{ message }}</p>
                <button
                  type="button"
                  class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w"
                  (click)="saveNow()"
                >
                  Réessayer l'enregistrement
                </button>
              </div>
            }

            <div class="cdlp-stepper">
              <h2 class="cdlp-stepper__title" id="etape-titre" tabindex="-1">
                <span class="cdlp-stepper__state">Étape {{ step() + 1 }} sur {{ steps.length }}</span>
                {{ steps[step()].title }}
              </h2>
              <div class="cdlp-stepper__steps" aria-hidden="true">
                @for (s of steps; track s.key; let i = $index) {
                  <span class="cdlp-stepper__step" [class.cdlp-stepper__step--done]="i <= step()"></span>
                }
              </div>
              @if (step() < steps.length - 1) {
                <p class="cdlp-stepper__details">
                  <span class="fr-text--bold">Étape suivante :</span> {{ steps[step() + 1].title }}
                </p>
              }
            </div>

            <form [formGroup]="form" (ngSubmit)="next()" novalidate aria-labelledby="etape-titre">
              @switch (step()) {
                @case (0) {
                  @if (chooseAssociation()) {
                    <cdlp-select
                      fieldId="associationId"
                      label="Association qui accompagne la personne"
                      hint="Le secrétariat dépose la demande pour le compte d'une association agréée."
                      [options]="associationOptions()"
                      [control]="form.controls.associationId"
                      [serverError]="fieldErrors()['associationId']"
                      [submitted]="true"
                    />
                  }
                  <cdlp-input
                    fieldId="lastName"
                    label="Nom"
                    hint="Requis pour le dépôt"
                    autocomplete="off"
                    [control]="form.controls.lastName"
                    [serverError]="fieldErrors()['lastName']"
                  />
                  <cdlp-input
                    fieldId="firstName"
                    label="Prénom"
                    hint="Requis pour le dépôt"
                    autocomplete="off"
                    [control]="form.controls.firstName"
                    [serverError]="fieldErrors()['firstName']"
                  />
                  <cdlp-input
                    fieldId="usedName"
                    label="Nom d'usage"
                    autocomplete="off"
                    [optional]="true"
                    [control]="form.controls.usedName"
                  />
                  <cdlp-input
                    fieldId="birthDate"
                    label="Date de naissance"
                    hint="Requis pour le dépôt"
                    type="date"
                    [control]="form.controls.birthDate"
                    [serverError]="fieldErrors()['birthDate']"
                  />
                  <cdlp-input
                    fieldId="nationality"
                    label="Nationalité"
                    hint="Requis pour le dépôt. Par exemple : nigériane"
                    autocomplete="off"
                    [control]="form.controls.nationality"
                    [serverError]="fieldErrors()['nationality']"
                  />
                  <cdlp-select
                    fieldId="nationalityGroup"
                    label="Zone géographique de la nationalité"
                    hint="Requis pour le dépôt. Seule cette zone figure dans les documents remis aux membres (DP-2)."
                    [options]="nationalityGroupOptions"
                    [control]="form.controls.nationalityGroup"
                    [serverError]="fieldErrors()['nationalityGroup']"
                  />
                  <cdlp-radios
                    fieldId="foreigner"
                    label="La personne est-elle de nationalité étrangère ?"
                    hint="Requis pour le dépôt. Ouvre le suivi de l'autorisation provisoire de séjour (APS-1)."
                    [options]="yesNoOptions"
                    [control]="form.controls.foreigner"
                    [serverError]="fieldErrors()['foreigner']"
                  />
                }
                @case (1) {
                  <cdlp-input
                    fieldId="phone"
                    label="Téléphone"
                    type="tel"
                    autocomplete="off"
                    [optional]="true"
                    [control]="form.controls.phone"
                    [serverError]="fieldErrors()['phone']"
                  />
                  <cdlp-input
                    fieldId="email"
                    label="Adresse électronique"
                    hint="Format attendu : nom@domaine.fr"
                    type="email"
                    autocomplete="off"
                    [optional]="true"
                    [control]="form.controls.email"
                    [serverError]="fieldErrors()['email']"
                  />
                  <cdlp-input
                    fieldId="postalAddress"
                    label="Adresse ou domiciliation"
                    [optional]="true"
                    [multiline]="true"
                    [rows]="3"
                    [control]="form.controls.postalAddress"
                    [serverError]="fieldErrors()['postalAddress']"
                  />
                }
                @case (2) {
                  <cdlp-input
                    fieldId="familySituation"
                    label="Situation familiale"
                    [optional]="true"
                    [multiline]="true"
                    [rows]="3"
                    [control]="form.controls.familySituation"
                  />
                  <cdlp-input
                    fieldId="childrenCount"
                    label="Nombre d'enfants à charge"
                    hint="Il détermine le montant de l'allocation (AFIS-1)."
                    inputmode="numeric"
                    [optional]="true"
                    [control]="form.controls.childrenCount"
                    [serverError]="fieldErrors()['childrenCount']"
                  />
                  <cdlp-select
                    fieldId="housing"
                    label="Situation de logement"
                    hint="Requis pour le dépôt"
                    [options]="housingOptions"
                    [control]="form.controls.housing"
                    [serverError]="fieldErrors()['housing']"
                  />
                  <cdlp-input
                    fieldId="resources"
                    label="Ressources"
                    [optional]="true"
                    [multiline]="true"
                    [rows]="3"
                    [control]="form.controls.resources"
                  />
                  <cdlp-select
                    fieldId="administrativeStatus"
                    label="Situation administrative"
                    hint="Requis pour le dépôt"
                    [options]="administrativeOptions"
                    [control]="form.controls.administrativeStatus"
                    [serverError]="fieldErrors()['administrativeStatus']"
                  />
                }
                @case (3) {
                  <p>
                    Le projet de parcours couvre les huit piliers de l'accompagnement. Décrivez, pour chaque
                    pilier concerné, les actions prévues et les engagements de la personne. Au moins une
                    action est requise pour le dépôt.
                  </p>
                  @if (fieldErrors()['supportPlan']; as message) {
                    <cdlp-alert kind="error">{{ message }}</cdlp-alert>
                  }
                  @for (pillar of pillars; track pillar.key) {
                    <fieldset class="fr-fieldset cdlp-pillar" [attr.aria-labelledby]="'pilier-' + pillar.key">
                      <legend class="fr-fieldset__legend" [id]="'pilier-' + pillar.key">
                        {{ pillar.label }}
                      </legend>
                      <div class="fr-fieldset__element">
                        <cdlp-input
                          [fieldId]="'plan-' + pillar.key + '-actions'"
                          [label]="'Actions prévues - ' + pillar.label"
                          [optional]="true"
                          [multiline]="true"
                          [rows]="2"
                          [control]="form.controls.plan.controls[pillar.key].controls.plannedActions"
                        />
                      </div>
                      <div class="fr-fieldset__element">
                        <cdlp-input
                          [fieldId]="'plan-' + pillar.key + '-engagements'"
                          [label]="'Engagements de la personne - ' + pillar.label"
                          [optional]="true"
                          [multiline]="true"
                          [rows]="2"
                          [control]="form.controls.plan.controls[pillar.key].controls.commitments"
                        />
                      </div>
                    </fieldset>
                  }
                }
                @case (4) {
                  <cdlp-input
                    fieldId="evaluation"
                    label="Évaluation de la situation et projet d'insertion"
                    hint="Requis pour le dépôt. Besoins sanitaires, sociaux et professionnels (PSP-1)."
                    [multiline]="true"
                    [rows]="6"
                    [control]="form.controls.evaluation"
                    [serverError]="fieldErrors()['evaluation']"
                  />
                  <cdlp-radios
                    fieldId="associationOpinion"
                    label="Avis de l'association"
                    hint="Requis pour le dépôt"
                    [options]="opinionOptions"
                    [control]="form.controls.associationOpinion"
                    [serverError]="fieldErrors()['associationOpinion']"
                  />
                  @if (kind() === 'RENEWAL') {
                    <cdlp-input
                      fieldId="progressReport"
                      label="Bilan de la période écoulée"
                      hint="Requis pour un renouvellement (PSP-7) : actions réalisées, engagements tenus."
                      [multiline]="true"
                      [rows]="6"
                      [control]="form.controls.progressReport"
                      [serverError]="fieldErrors()['progressReport']"
                    />
                  }
                  <cdlp-checkbox
                    fieldId="urgent"
                    label="Demande urgente"
                    hint="Une demande urgente est inscrite en tête de l'ordre du jour de la prochaine séance."
                    [control]="form.controls.urgent"
                  />

                  @if (missing().length > 0) {
                    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
                      <h3 class="fr-alert__title">Avant de déposer la demande</h3>
                      <ul>
                        @for (m of missing(); track m.field) {
                          <li>
                            {{ m.message }}
                            <button type="button" class="fr-link fr-link--sm" (click)="goTo(stepOf(m.field))">
                              Aller à l'étape « {{ steps[stepOf(m.field)].title }} »
                            </button>
                          </li>
                        }
                      </ul>
                    </div>
                  }
                }
              }

              @if (submitErrors().length > 0) {
                <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                  <h3 class="fr-alert__title">La demande n'a pas pu être déposée</h3>
                  <ul>
                    @for (e of submitErrors(); track $index) {
                      <li>{{ e.message }}</li>
                    }
                  </ul>
                </div>
              } @else if (submitError(); as message) {
                <cdlp-alert kind="error">{{ message }}</cdlp-alert>
              }

              <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                @if (step() > 0) {
                  <li>
                    <button type="button" class="fr-btn fr-btn--secondary" (click)="previous()">
                      Étape précédente
                    </button>
                  </li>
                }
                @if (step() < steps.length - 1) {
                  <li><button type="submit" class="fr-btn">Étape suivante</button></li>
                } @else {
                  <li>
                    <button type="button" class="fr-btn fr-btn--secondary" (click)="toDocuments()">
                      Enregistrer et joindre les pièces
                    </button>
                  </li>
                  @if (canSubmit()) {
                    <li>
                      <button
                        type="button"
                        class="fr-btn"
                        [disabled]="submitting()"
                        (click)="submitRequest()"
                      >
                        Déposer la demande
                      </button>
                    </li>
                  }
                }
              </ul>
            </form>
          }
        </div>
      </div>
    </div>
  `,
})
export class PspFormPage implements OnInit {
  private readonly api = inject(PspRequestsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameter :id, absent for a new request. */
  readonly id = input<string>();

  readonly steps = PSP_FORM_STEPS;
  readonly pillars = SUPPORT_PILLARS.map((key) => ({ key, label: SUPPORT_PILLAR_LABELS[key] }));
  readonly nationalityGroupOptions = options(NATIONALITY_GROUPS, NATIONALITY_GROUP_LABELS);
  readonly housingOptions = options(HOUSING_SITUATIONS, HOUSING_LABELS);
  readonly administrativeOptions = options(ADMINISTRATIVE_STATUSES, ADMINISTRATIVE_STATUS_LABELS);
  readonly opinionOptions = options(OPINIONS, OPINION_LABELS);
  readonly yesNoOptions: Option[] = [
    { value: 'true', label: 'Oui' },
    { value: 'false', label: 'Non' },
  ];

  readonly form = pspDossierForm();
  readonly step = signal(0);
  readonly requestId = signal<string | null>(null);
  readonly request = signal<PspRequestDto | null>(null);
  readonly kind = signal<PspRequestKind>('INITIAL');
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly locked = computed(() => {
    const r = this.request();
    return !!r && !isEditable(r.state);
  });
  readonly saveState = signal<SaveState>('idle');
  readonly savedAt = signal('');
  readonly saveError = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly submitting = signal(false);
  readonly submitError = signal<string | null>(null);
  readonly submitErrors = signal<{ field: string; message: string }[]>([]);
  readonly associationOptions = signal<Option[]>([]);
  /** The secretariat files on behalf of an association: it chooses it before the first save. */
  readonly chooseAssociation = computed(() => this.auth.role() !== 'ASSOCIATION' && !this.requestId());
  readonly canSubmit = computed(() => {
    const r = this.request();
    return !r || r.allowedActions.includes('SUBMIT');
  });
  readonly heading = computed(() =>
    this.kind() === 'RENEWAL'
      ? 'Demande de renouvellement'
      : this.id() || this.requestId()
        ? 'Modifier la demande'
        : 'Nouvelle demande de parcours de sortie',
  );
  readonly crumbs = computed(() => {
    const r = this.request();
    const items: { label: string; path?: string }[] = [{ label: this.listLabel(), path: '/demandes' }];
    if (r) items.push({ label: r.reference, path: `/demandes/${r.id}` });
    items.push({ label: this.heading() });
    return items;
  });
  /** What the API will ask for at submission, computed with the same shared rule. */
  readonly missing = signal<{ field: string; message: string }[]>([]);

  private dirty = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor() {
    const delay = inject(AUTOSAVE_DELAY_MS);
    if (this.auth.role() !== 'ASSOCIATION') {
      inject(AssociationsApi)
        .list({ status: 'active', page: 1, pageSize: 200 })
        .pipe(
          map((p) => p.items.map((a) => ({ value: a.id, label: a.name }))),
          catchError(() => of([])),
          takeUntilDestroyed(),
        )
        .subscribe((o) => this.associationOptions.set(o));
    }
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      this.dirty = true;
      this.refreshMissing();
    });
    this.form.valueChanges
      .pipe(debounceTime(delay), takeUntilDestroyed())
      .subscribe(() => void this.saveNow());
  }

  ngOnInit(): void {
    const id = this.id();
    if (!id) {
      this.loaded.set(true);
      this.refreshMissing();
      return;
    }
    this.requestId.set(id);
    this.api.get(id).subscribe({
      next: (r) => {
        this.request.set(r);
        this.kind.set(r.kind);
        fillDossierForm(this.form, r.dossier);
        this.refreshMissing();
        this.loaded.set(true);
      },
      error: (err: unknown) => this.loadError.set(toApiError(err).message),
    });
  }

  listLabel(): string {
    return this.auth.role() === 'ASSOCIATION' ? 'Mes demandes' : 'Demandes';
  }

  stepOf(field: string): number {
    return stepOfField(field);
  }

  next(): void {
    if (!this.validateStep()) return;
    this.goTo(this.step() + 1);
  }

  previous(): void {
    this.goTo(this.step() - 1);
  }

  goTo(index: number): void {
    this.step.set(Math.max(0, Math.min(this.steps.length - 1, index)));
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#etape-titre')?.focus(), {
      injector: this.injector,
    });
  }

  /** Saves what changed since the last save; saves run one after the other. */
  saveNow(): Promise<boolean> {
    const run = this.chain.then(() => this.save());
    this.chain = run.catch(() => undefined);
    return run;
  }

  async toDocuments(): Promise<void> {
    if (!(await this.saveNow())) return;
    const id = this.requestId();
    if (id) void this.router.navigate(['/demandes', id]);
    else this.saveState.set('needs-association');
  }

  async submitRequest(): Promise<void> {
    this.submitError.set(null);
    this.submitErrors.set([]);
    if (!(await this.saveNow())) return;
    const id = this.requestId();
    if (!id) {
      this.submitError.set(
        this.chooseAssociation()
          ? "Choisissez l'association pour laquelle la demande est déposée."
          : 'Remplissez le dossier avant de le déposer.',
      );
      return;
    }
    this.submitting.set(true);
    this.api.submit(id).subscribe({
      next: (r) => {
        this.submitting.set(false);
        this.flash.show(
          r.state === 'COMPLETE' ? 'success' : 'info',
          r.state === 'COMPLETE'
            ? `La demande ${r.reference} a été déposée : elle est complète.`
            : `La demande ${r.reference} a été déposée. Des pièces manquent encore : voir la liste ci-dessous.`,
        );
        void this.router.navigate(['/demandes', r.id]);
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        const list = fieldErrorList(err);
        this.submitError.set(toApiError(err).message);
        this.submitErrors.set(list);
        this.fieldErrors.set(this.byField(list));
      },
    });
  }

  private async save(): Promise<boolean> {
    if (!this.dirty && this.requestId()) return true;
    if (this.locked()) return true;
    const id = this.requestId();
    const associationId = this.form.controls.associationId.value;
    if (!id && this.auth.role() !== 'ASSOCIATION' && !associationId) {
      this.saveState.set('needs-association');
      return false;
    }
    const dossier = toDossier(this.form);
    this.dirty = false;
    this.saveState.set('saving');
    try {
      const saved = id
        ? await firstValueFrom(this.api.update(id, dossier))
        : await firstValueFrom(
            this.api.create({ dossier, ...(this.auth.role() !== 'ASSOCIATION' ? { associationId } : {}) }),
          );
      this.request.set(saved);
      this.kind.set(saved.kind);
      if (!id) {
        this.requestId.set(saved.id);
        // The draft exists: the address becomes its edit page, without leaving the form.
        this.location.replaceState(`/demandes/${saved.id}/modifier`);
      }
      this.saveError.set(null);
      this.fieldErrors.set({});
      this.savedAt.set(formatInstant(saved.updatedAt).slice(-5));
      this.saveState.set('saved');
      return true;
    } catch (err: unknown) {
      this.dirty = true;
      const apiError = toApiError(err);
      this.saveState.set('error');
      this.saveError.set(apiError.message);
      this.fieldErrors.set(this.byField(fieldErrorList(err)));
      return false;
    }
  }

  private byField(list: { field: string; message: string }[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of list) {
      const key = e.field.replace(/^dossier\./, '').split('.')[0];
      out[key] ??= e.message;
    }
    return out;
  }

  private refreshMissing(): void {
    this.missing.set(requiredDossierFields(this.kind(), toDossier(this.form)));
  }

  /** Client-side checks of the current step (formats and lengths); required fields wait for the submission. */
  private validateStep(): boolean {
    const names = this.steps[this.step()].fields;
    const controls = Object.entries(this.form.controls).filter(([name]) => names.includes(name));
    if (this.step() === 3) controls.push(['plan', this.form.controls.plan]);
    let valid = true;
    for (const [, control] of controls) {
      control.markAllAsTouched();
      if (control.invalid) valid = false;
    }
    if (!valid) focusFirstError(this.host.nativeElement, this.injector);
    return valid;
  }
}
