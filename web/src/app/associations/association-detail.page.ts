import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { parisDate, Permission, type AssociationDto } from '@cdlp/shared';
import { catchError, of, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import { DayPipe } from '../ui/dates';
import { focusFirstError, InputFieldComponent, validateAndFocus } from '../ui/form-fields';
import { approvalBadge } from './approval-badge';
import { AssociationsApi } from './associations.api';

@Component({
  selector: 'cdlp-association-detail-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    DayPipe,
    InputFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: 'Associations', path: '/associations' }, { label: title() }]" />
      <h1>{{ title() }}</h1>
      @if (success(); as message) {
        <cdlp-alert kind="success">{{ message }}</cdlp-alert>
      }
      @if (loadError(); as message) {
        <cdlp-alert kind="error">{{ message }}</cdlp-alert>
        <p><a class="fr-link" routerLink="/associations">Retour à la liste des associations</a></p>
      }
      @if (association(); as a) {
        <p>
          <span [class]="badge().cssClass">{{ badge().label }}</span>
        </p>

        @if (canWrite() && a.active) {
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <a
                class="fr-btn fr-btn--secondary fr-icon-edit-line"
                [routerLink]="['/associations', a.id, 'modifier']"
                >Modifier</a
              >
            </li>
            <li>
              <button
                type="button"
                class="fr-btn fr-btn--tertiary fr-icon-close-circle-line"
                [attr.aria-expanded]="endFormOpen()"
                aria-controls="fin-agrement"
                (click)="toggleEndForm()"
              >
                Mettre fin à l'agrément
              </button>
            </li>
          </ul>
        }

        @if (endFormOpen()) {
          <section id="fin-agrement" class="cdlp-panel" aria-labelledby="fin-agrement-titre">
            <h2 id="fin-agrement-titre" class="fr-h4">Mettre fin à l'agrément</h2>
            <p>À compter de cette date, l'association ne pourra plus présenter de demande (PSP-2).</p>
            @if (endError(); as message) {
              <cdlp-alert kind="error">{{ message }}</cdlp-alert>
            }
            <form [formGroup]="endForm" (ngSubmit)="end()" novalidate>
              <cdlp-input
                fieldId="endDate"
                label="Date de fin de l'agrément"
                type="date"
                [control]="endForm.controls.endDate"
                [serverError]="endFieldErrors()['endDate']"
                [submitted]="endSubmitted()"
              />
              <cdlp-input
                fieldId="reason"
                label="Motif"
                hint="Par exemple : retrait de l'agrément, dissolution, renonciation."
                [multiline]="true"
                [control]="endForm.controls.reason"
                [serverError]="endFieldErrors()['reason']"
                [submitted]="endSubmitted()"
              />
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button type="submit" class="fr-btn" [disabled]="endPending()">
                    Confirmer la fin de l'agrément
                  </button>
                </li>
                <li>
                  <button type="button" class="fr-btn fr-btn--secondary" (click)="toggleEndForm()">
                    Annuler
                  </button>
                </li>
              </ul>
            </form>
          </section>
        }

        <h2 class="fr-h4">Coordonnées</h2>
        <dl class="cdlp-details">
          <dt>Adresse électronique</dt>
          <dd>
            <a class="fr-link" [href]="'mailto:' + a.email">{{ a.email }}</a>
          </dd>
          <dt>Téléphone</dt>
          <dd>{{ a.phone || 'Non renseigné' }}</dd>
          <dt>Adresse postale</dt>
          <dd>{{ a.address || 'Non renseignée' }}</dd>
        </dl>
        <h2 class="fr-h4">Agrément (PSP-2)</h2>
        <dl class="cdlp-details">
          <dt>Arrêté d'agrément</dt>
          <dd>{{ a.approvalOrderRef }}</dd>
          <dt>Début de l'agrément</dt>
          <dd>{{ a.approvalStart | day }}</dd>
          <dt>Fin de l'agrément</dt>
          <dd>{{ a.approvalEnd | day }} (3 ans)</dd>
          <dt>Départements couverts</dt>
          <dd>{{ a.departementCodes.join(', ') }}</dd>
          @if (a.endedAt) {
            <dt>Fin anticipée</dt>
            <dd>{{ a.endedAt | day }}</dd>
            <dt>Motif</dt>
            <dd>{{ a.endReason }}</dd>
          }
        </dl>
      } @else if (!loadError()) {
        <p role="status">Chargement de la fiche…</p>
      }
    </div>
  `,
})
export class AssociationDetailPage {
  private readonly api = inject(AssociationsApi);
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly id = input.required<string>();
  readonly association = signal<AssociationDto | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly success = signal<string | null>(null);
  readonly canWrite = computed(() => this.auth.can(Permission.ASSOCIATIONS_WRITE));
  readonly title = computed(() => this.association()?.name ?? "Fiche de l'association");
  readonly badge = computed(() => {
    const a = this.association();
    return a ? approvalBadge(a, parisDate(new Date())) : { label: '', cssClass: '' };
  });

  readonly endFormOpen = signal(false);
  readonly endSubmitted = signal(false);
  readonly endPending = signal(false);
  readonly endError = signal<string | null>(null);
  readonly endFieldErrors = signal<Record<string, string>>({});
  readonly endForm = new FormGroup({
    endDate: new FormControl(parisDate(new Date()), { nonNullable: true, validators: [Validators.required] }),
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(500)],
    }),
  });

  constructor() {
    toObservable(this.id)
      .pipe(
        tap(() => {
          this.association.set(null);
          this.loadError.set(null);
        }),
        switchMap((id) =>
          this.api.get(id).pipe(
            catchError((err: unknown) => {
              this.loadError.set(toApiError(err).message);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((a) => this.association.set(a));
  }

  toggleEndForm(): void {
    this.endFormOpen.update((open) => !open);
    this.endError.set(null);
    this.endSubmitted.set(false);
  }

  end(): void {
    const a = this.association();
    if (!a) return;
    this.endSubmitted.set(true);
    this.endError.set(null);
    this.endFieldErrors.set({});
    if (!validateAndFocus(this.endForm, this.host.nativeElement, this.injector)) return;
    const { endDate, reason } = this.endForm.getRawValue();
    this.endPending.set(true);
    this.api.end(a.id, { endDate, reason: reason.trim() }).subscribe({
      next: (updated) => {
        this.endPending.set(false);
        this.endFormOpen.set(false);
        this.association.set(updated);
        this.success.set(`L'agrément de ${updated.name} a pris fin.`);
      },
      error: (err: unknown) => {
        this.endPending.set(false);
        const apiError = toApiError(err);
        this.endError.set(apiError.message);
        this.endFieldErrors.set(apiError.fieldErrors);
        focusFirstError(this.host.nativeElement, this.injector);
      },
    });
  }
}
