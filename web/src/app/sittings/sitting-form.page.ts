import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  instantToParisLocal,
  SITTING_KIND_LABELS,
  SITTING_KINDS,
  SITTING_MODE_LABELS,
  SITTING_MODES,
  type CreateSittingDto,
  type SittingKind,
  type SittingMode,
} from '@cdlp/shared';
import { map, startWith } from 'rxjs';
import { toApiError } from '../core/api-error';
import { FlashService } from '../core/flash.service';
import { AlertComponent } from '../ui/alert.component';
import { BreadcrumbComponent } from '../ui/breadcrumb.component';
import {
  focusFirstError,
  InputFieldComponent,
  Option,
  RadiosFieldComponent,
  validateAndFocus,
} from '../ui/form-fields';
import { SittingsApi } from './sittings.api';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const localDateTime: ValidatorFn = (c) =>
  c.value && !LOCAL.test(String(c.value))
    ? { message: 'La date et l’heure doivent être au format AAAA-MM-JJTHH:MM.' }
    : null;

export function sittingFormGroup() {
  return new FormGroup({
    kind: new FormControl<SittingKind | ''>('', { nonNullable: true, validators: [Validators.required] }),
    mode: new FormControl<SittingMode | ''>('', { nonNullable: true, validators: [Validators.required] }),
    startsAtLocal: new FormControl('', { nonNullable: true, validators: [localDateTime] }),
    place: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] }),
    videoLink: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
    title: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
    opensAtLocal: new FormControl('', { nonNullable: true, validators: [localDateTime] }),
    earliestCloseAtLocal: new FormControl('', { nonNullable: true, validators: [localDateTime] }),
  });
}
export type SittingForm = ReturnType<typeof sittingFormGroup>;

/** Form -> API body. A written deliberation starts when it opens (REM-3). */
export function toSittingDto(form: SittingForm): CreateSittingDto {
  const v = form.getRawValue();
  const written = v.mode === 'WRITTEN';
  return {
    kind: v.kind as SittingKind,
    mode: v.mode as SittingMode,
    startsAtLocal: written ? v.opensAtLocal : v.startsAtLocal,
    place: v.place.trim() || null,
    videoLink: v.videoLink.trim() || null,
    title: v.title.trim() || null,
    opensAtLocal: written ? v.opensAtLocal : null,
    earliestCloseAtLocal: written ? v.earliestCloseAtLocal : null,
  };
}

@Component({
  selector: 'cdlp-sitting-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    BreadcrumbComponent,
    InputFieldComponent,
    RadiosFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <cdlp-breadcrumb [items]="[{ label: 'Séances', path: '/seances' }, { label: heading() }]" />
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-8">
          <h1>{{ heading() }}</h1>
          @if (error(); as message) {
            <cdlp-alert kind="error">{{ message }}</cdlp-alert>
          }
          @if (isEdit() && !loaded()) {
            <p role="status">Chargement de la séance…</p>
          } @else {
            <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
              <p class="fr-text--sm">
                Sauf mention contraire, tous les champs sont obligatoires. Les heures sont celles de Paris.
              </p>
              <cdlp-radios
                fieldId="kind"
                label="Type de séance"
                [inline]="false"
                [options]="kindOptions"
                [control]="form.controls.kind"
                [serverError]="fieldErrors()['kind']"
                [submitted]="submitted()"
              />
              @if (kind() === 'EXAMINATION' && !isEdit()) {
                <p class="fr-text--sm">
                  L'ordre du jour d'une séance d'examen reprend automatiquement les demandes complètes, les
                  demandes urgentes en tête (PSP-4).
                </p>
              }
              <cdlp-radios
                fieldId="mode"
                label="Mode de réunion"
                [inline]="false"
                [options]="modeOptions"
                [control]="form.controls.mode"
                [serverError]="fieldErrors()['mode']"
                [submitted]="submitted()"
              />
              @if (mode() === 'WRITTEN') {
                <cdlp-input
                  fieldId="opensAtLocal"
                  label="Ouverture de la délibération"
                  hint="Date et heure d'ouverture annoncées aux membres (REM-3)."
                  type="datetime-local"
                  [control]="form.controls.opensAtLocal"
                  [serverError]="fieldErrors()['opensAtLocal'] || fieldErrors()['startsAtLocal']"
                  [submitted]="submitted()"
                />
                <cdlp-input
                  fieldId="earliestCloseAtLocal"
                  label="Clôture au plus tôt"
                  hint="La délibération ne peut pas être close avant cette date (REM-3)."
                  type="datetime-local"
                  [control]="form.controls.earliestCloseAtLocal"
                  [serverError]="fieldErrors()['earliestCloseAtLocal']"
                  [submitted]="submitted()"
                />
              } @else {
                <cdlp-input
                  fieldId="startsAtLocal"
                  label="Date et heure de la séance"
                  hint="Heure de Paris. La convocation doit partir cinq jours avant, sauf urgence (CONV-2)."
                  type="datetime-local"
                  [control]="form.controls.startsAtLocal"
                  [serverError]="fieldErrors()['startsAtLocal']"
                  [submitted]="submitted()"
                />
              }
              @if (mode() !== 'WRITTEN' && mode() !== 'VIDEO') {
                <cdlp-input
                  fieldId="place"
                  label="Lieu"
                  hint="Par exemple : préfecture, salle du conseil"
                  [control]="form.controls.place"
                  [serverError]="fieldErrors()['place']"
                  [submitted]="submitted()"
                />
              }
              @if (mode() === 'VIDEO' || mode() === 'HYBRID') {
                <cdlp-input
                  fieldId="videoLink"
                  label="Lien de visioconférence"
                  type="url"
                  [control]="form.controls.videoLink"
                  [serverError]="fieldErrors()['videoLink']"
                  [submitted]="submitted()"
                />
              }
              <cdlp-input
                fieldId="title"
                label="Intitulé"
                hint="Par exemple : stratégie départementale 2026-2028"
                [optional]="true"
                [control]="form.controls.title"
                [serverError]="fieldErrors()['title']"
              />
              <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                <li>
                  <button type="submit" class="fr-btn" [disabled]="pending()">
                    {{ isEdit() ? 'Enregistrer les modifications' : 'Programmer la séance' }}
                  </button>
                </li>
                <li>
                  <a
                    class="fr-btn fr-btn--secondary"
                    [routerLink]="isEdit() ? ['/seances', id()] : ['/seances']"
                    >Annuler</a
                  >
                </li>
              </ul>
            </form>
          }
        </div>
      </div>
    </div>
  `,
})
export class SittingFormPage implements OnInit {
  private readonly api = inject(SittingsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly id = input<string>();
  readonly isEdit = computed(() => !!this.id());
  readonly heading = computed(() => (this.isEdit() ? 'Modifier la séance' : 'Programmer une séance'));
  readonly form = sittingFormGroup();
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly fieldErrors = signal<Record<string, string>>({});
  readonly kindOptions: Option[] = SITTING_KINDS.map((k) => ({ value: k, label: SITTING_KIND_LABELS[k] }));
  readonly modeOptions: Option[] = SITTING_MODES.map((m) => ({ value: m, label: SITTING_MODE_LABELS[m] }));
  private readonly values = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    { requireSync: true },
  );
  readonly kind = computed(() => this.values().kind);
  readonly mode = computed(() => this.values().mode);

  ngOnInit(): void {
    const id = this.id();
    if (!id) {
      this.loaded.set(true);
      return;
    }
    this.api.get(id).subscribe({
      next: (s) => {
        const local = (iso: string | null) => (iso ? instantToParisLocal(new Date(iso)) : '');
        this.form.setValue({
          kind: s.kind,
          mode: s.mode,
          startsAtLocal: local(s.startsAt),
          place: s.place ?? '',
          videoLink: s.videoLink ?? '',
          title: s.title ?? '',
          opensAtLocal: local(s.opensAt),
          earliestCloseAtLocal: local(s.earliestCloseAt),
        });
        // The type of a sitting never changes (the API refuses it).
        this.form.controls.kind.disable();
        this.loaded.set(true);
      },
      error: (err: unknown) => this.error.set(toApiError(err).message),
    });
  }

  submit(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    const written = this.mode() === 'WRITTEN';
    const requireIf = (control: FormControl<string>, needed: boolean, label: string) => {
      control.setErrors(
        needed && !control.value ? { message: `Le champ « ${label} » est obligatoire.` } : control.errors,
      );
    };
    requireIf(this.form.controls.startsAtLocal, !written, 'Date et heure de la séance');
    requireIf(this.form.controls.opensAtLocal, written, 'Ouverture de la délibération');
    requireIf(this.form.controls.earliestCloseAtLocal, written, 'Clôture au plus tôt');
    if (!validateAndFocus(this.form, this.host.nativeElement, this.injector)) return;
    const body = toSittingDto(this.form);
    const id = this.id();
    this.pending.set(true);
    (id ? this.api.update(id, body) : this.api.create(body)).subscribe({
      next: (s) => {
        this.pending.set(false);
        this.flash.show(
          'success',
          id
            ? 'Les modifications de la séance ont été enregistrées.'
            : `La séance n° ${s.number} est programmée${s.agenda.length > 0 ? ` avec ${s.agenda.length} point${s.agenda.length > 1 ? 's' : ''} à l'ordre du jour` : ''}.`,
        );
        void this.router.navigate(['/seances', s.id]);
      },
      error: (err: unknown) => {
        this.pending.set(false);
        const apiError = toApiError(err);
        this.error.set(apiError.message);
        this.fieldErrors.set(apiError.fieldErrors);
        focusFirstError(this.host.nativeElement, this.injector);
      },
    });
  }
}
