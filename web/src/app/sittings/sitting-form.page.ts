import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit } from '@angular/core';
import { FormControl, FormGroup, ValidatorFn, Validators } from '@angular/forms';
import { Router } from '@angular/router';
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
import { FlashService } from '../core/flash.service';
import { createFormState, FORM_FIELDS, formValue, Option } from '../ui/form-fields';
import { FormActionsComponent, FormPageComponent } from '../ui/form-page.component';
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
  imports: [FORM_FIELDS, FormPageComponent, FormActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <cdlp-form-page
      [crumbs]="[{ label: 'Séances', path: '/seances' }]"
      [heading]="heading()"
      [error]="state.error()"
      [loading]="!state.loaded()"
      loadingText="Chargement de la séance…"
    >
      <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="submit()" novalidate>
        <p class="fr-text--sm">
          Sauf mention contraire, tous les champs sont obligatoires. Les heures sont celles de Paris.
        </p>
        <cdlp-radios
          fieldId="kind"
          label="Type de séance"
          [inline]="false"
          [options]="kindOptions"
          [control]="form.controls.kind"
        />
        @if (kind() === 'EXAMINATION' && !isEdit()) {
          <p class="fr-text--sm">
            L'ordre du jour d'une séance d'examen reprend automatiquement les demandes complètes, les demandes
            urgentes en tête (PSP-4).
          </p>
        }
        <cdlp-radios
          fieldId="mode"
          label="Mode de réunion"
          [inline]="false"
          [options]="modeOptions"
          [control]="form.controls.mode"
        />
        @if (mode() === 'WRITTEN') {
          <cdlp-input
            fieldId="opensAtLocal"
            label="Ouverture de la délibération"
            hint="Date et heure d'ouverture annoncées aux membres (REM-3)."
            type="datetime-local"
            [control]="form.controls.opensAtLocal"
            [serverError]="state.fieldErrors()['opensAtLocal'] || state.fieldErrors()['startsAtLocal']"
          />
          <cdlp-input
            fieldId="earliestCloseAtLocal"
            label="Clôture au plus tôt"
            hint="La délibération ne peut pas être close avant cette date (REM-3)."
            type="datetime-local"
            [control]="form.controls.earliestCloseAtLocal"
          />
        } @else {
          <cdlp-input
            fieldId="startsAtLocal"
            label="Date et heure de la séance"
            hint="Heure de Paris. La convocation doit partir cinq jours avant, sauf urgence (CONV-2)."
            type="datetime-local"
            [control]="form.controls.startsAtLocal"
          />
        }
        @if (mode() !== 'WRITTEN' && mode() !== 'VIDEO') {
          <cdlp-input
            fieldId="place"
            label="Lieu"
            hint="Par exemple : préfecture, salle du conseil"
            [control]="form.controls.place"
          />
        }
        @if (mode() === 'VIDEO' || mode() === 'HYBRID') {
          <cdlp-input
            fieldId="videoLink"
            label="Lien de visioconférence"
            type="url"
            [control]="form.controls.videoLink"
          />
        }
        <cdlp-input
          fieldId="title"
          label="Intitulé"
          hint="Par exemple : stratégie départementale 2026-2028"
          [optional]="true"
          [control]="form.controls.title"
        />
        <cdlp-form-actions
          [submitLabel]="isEdit() ? 'Enregistrer les modifications' : 'Programmer la séance'"
          [pending]="state.pending()"
          [cancelLink]="isEdit() ? ['/seances', id()!] : ['/seances']"
        />
      </form>
    </cdlp-form-page>
  `,
})
export class SittingFormPage implements OnInit {
  private readonly api = inject(SittingsApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);

  readonly id = input<string>();
  readonly isEdit = computed(() => !!this.id());
  readonly heading = computed(() => (this.isEdit() ? 'Modifier la séance' : 'Programmer une séance'));
  readonly form = sittingFormGroup();
  readonly state = createFormState();
  readonly kindOptions: Option[] = SITTING_KINDS.map((k) => ({ value: k, label: SITTING_KIND_LABELS[k] }));
  readonly modeOptions: Option[] = SITTING_MODES.map((m) => ({ value: m, label: SITTING_MODE_LABELS[m] }));
  private readonly values = formValue(this.form);
  readonly kind = computed(() => this.values().kind);
  readonly mode = computed(() => this.values().mode);

  ngOnInit(): void {
    const id = this.id();
    this.state.load(id ? this.api.get(id) : null, (s) => {
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
    });
  }

  submit(): void {
    const written = this.mode() === 'WRITTEN';
    const requireIf = (control: FormControl<string>, needed: boolean, label: string) => {
      control.setErrors(
        needed && !control.value ? { message: `Le champ « ${label} » est obligatoire.` } : control.errors,
      );
    };
    requireIf(this.form.controls.startsAtLocal, !written, 'Date et heure de la séance');
    requireIf(this.form.controls.opensAtLocal, written, 'Ouverture de la délibération');
    requireIf(this.form.controls.earliestCloseAtLocal, written, 'Clôture au plus tôt');
    if (!this.state.begin(this.form)) return;
    const body = toSittingDto(this.form);
    const id = this.id();
    this.state.send(id ? this.api.update(id, body) : this.api.create(body), (s) => {
      const items = s.agenda.length;
      this.flash.show(
        'success',
        id
          ? 'Les modifications de la séance ont été enregistrées.'
          : `La séance n° ${s.number} est programmée${items > 0 ? ` avec ${items} point${items > 1 ? 's' : ''} à l'ordre du jour` : ''}.`,
      );
      void this.router.navigate(['/seances', s.id]);
    });
  }
}
