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
import { isEditable, requiredDossierFields } from '@cdlp/shared';
import { debounceTime, map, of } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { fieldErrorList, toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { fieldContext, focusFirstError, Option } from '../ui/form-fields';
import { optionalList } from '../ui/list-state';
import { PspDossierFieldsComponent } from './psp-dossier-fields.component';
import { fillDossierForm, PSP_FORM_STEPS, pspDossierForm, toDossier } from './psp-dossier-form';
import { errorsByField, PspDraft } from './psp-draft';
import { PspRequestsApi } from './psp.api';

/** Delay between the last keystroke and the automatic save. */
export const AUTOSAVE_DELAY_MS = new InjectionToken<number>('AUTOSAVE_DELAY_MS', {
  providedIn: 'root',
  factory: () => 1000,
});

/**
 * PSP-3: the request form, in five steps. The draft is created on the first change and every
 * change is saved automatically (debounced PUT); "Déposer la demande" submits it.
 */
@Component({
  selector: 'cdlp-psp-form-page',
  imports: [ReactiveFormsModule, RouterLink, AlertComponent, BreadcrumbComponent, PspDossierFieldsComponent],
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
            <p><a class="fr-link" [routerLink]="['/demandes', draft.requestId()]">Voir le dossier</a></p>
          } @else {
            <p class="fr-text--sm">
              Les informations sont enregistrées automatiquement au fil de la saisie. Les champs marqués «
              requis pour le dépôt » doivent être remplis avant de déposer la demande.
            </p>
            <div class="cdlp-save-status fr-mb-2w" role="status" aria-live="polite">
              @switch (draft.saveState()) {
                @case ('saving') {
                  <p class="fr-text--sm fr-mb-0">Enregistrement en cours…</p>
                }
                @case ('saved') {
                  <p class="fr-text--sm fr-mb-0 cdlp-saved">Brouillon enregistré à {{ draft.savedAt() }}.</p>
                }
                @case ('needs-association') {
                  <p class="fr-text--sm fr-mb-0">
                    Choisissez l'association pour que le brouillon soit enregistré.
                  </p>
                }
              }
            </div>
            @if (draft.saveError(); as message) {
              <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                <p>Les dernières modifications n'ont pas été enregistrées : {{ message }}</p>
                <button
                  type="button"
                  class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w"
                  (click)="draft.saveNow()"
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
              <cdlp-psp-dossier-fields
                [form]="form"
                [step]="step()"
                [kind]="draft.kind()"
                [context]="context"
                [chooseAssociation]="chooseAssociation()"
                [associationOptions]="associationOptions()"
                [missing]="missing()"
                (goTo)="goTo($event)"
              />

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
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameter :id, absent for a new request. */
  readonly id = input<string>();

  readonly steps = PSP_FORM_STEPS;
  readonly form = pspDossierForm();
  readonly draft: PspDraft = new PspDraft(this.form, () => this.locked());
  /** Only the API's errors show: required fields are checked when the request is filed (PSP-3). */
  readonly context = fieldContext(this.draft.fieldErrors, signal(false));
  readonly step = signal(0);
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly locked = computed<boolean>(() => {
    const r = this.draft.request();
    return !!r && !isEditable(r.state);
  });
  readonly submitting = signal(false);
  readonly submitError = signal<string | null>(null);
  readonly submitErrors = signal<{ field: string; message: string }[]>([]);
  readonly associationOptions = optionalList(
    this.auth.role() !== 'ASSOCIATION'
      ? inject(AssociationsApi)
          .list({ status: 'active', page: 1, pageSize: 200 })
          .pipe(map((p): Option[] => p.items.map((a) => ({ value: a.id, label: a.name }))))
      : of([]),
  );
  /** The secretariat files on behalf of an association: it chooses it before the first save. */
  readonly chooseAssociation = computed(() => this.auth.role() !== 'ASSOCIATION' && !this.draft.requestId());
  readonly canSubmit = computed(() => {
    const r = this.draft.request();
    return !r || r.allowedActions.includes('SUBMIT');
  });
  readonly heading = computed(() =>
    this.draft.kind() === 'RENEWAL'
      ? 'Demande de renouvellement'
      : this.id() || this.draft.requestId()
        ? 'Modifier la demande'
        : 'Nouvelle demande de parcours de sortie',
  );
  readonly crumbs = computed(() => {
    const r = this.draft.request();
    const items: { label: string; path?: string }[] = [{ label: this.listLabel(), path: '/demandes' }];
    if (r) items.push({ label: r.reference, path: `/demandes/${r.id}` });
    items.push({ label: this.heading() });
    return items;
  });
  /** What the API will ask for at submission, computed with the same shared rule. */
  readonly missing = signal<{ field: string; message: string }[]>([]);

  constructor() {
    const delay = inject(AUTOSAVE_DELAY_MS);
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      this.draft.changed();
      this.refreshMissing();
    });
    this.form.valueChanges
      .pipe(debounceTime(delay), takeUntilDestroyed())
      .subscribe(() => void this.draft.saveNow());
  }

  ngOnInit(): void {
    const id = this.id();
    if (!id) {
      this.loaded.set(true);
      this.refreshMissing();
      return;
    }
    this.draft.requestId.set(id);
    this.api.get(id).subscribe({
      next: (r) => {
        this.draft.show(r);
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

  async toDocuments(): Promise<void> {
    if (!(await this.draft.saveNow())) return;
    const id = this.draft.requestId();
    if (id) void this.router.navigate(['/demandes', id]);
    else this.draft.saveState.set('needs-association');
  }

  async submitRequest(): Promise<void> {
    this.submitError.set(null);
    this.submitErrors.set([]);
    if (!(await this.draft.saveNow())) return;
    const id = this.draft.requestId();
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
        this.draft.fieldErrors.set(errorsByField(list));
      },
    });
  }

  private refreshMissing(): void {
    this.missing.set(requiredDossierFields(this.draft.kind(), toDossier(this.form)));
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
