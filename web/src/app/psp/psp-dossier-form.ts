import { FormControl, FormGroup, ValidatorFn, Validators } from '@angular/forms';
import {
  SUPPORT_PILLARS,
  type AdministrativeStatus,
  type HousingSituation,
  type NationalityGroup,
  type Opinion,
  type PspDossierDto,
  type SupportPillar,
} from '@cdlp/shared';

const text = (max: number) =>
  new FormControl('', { nonNullable: true, validators: [Validators.maxLength(max)] });

const integer =
  (min: number, max: number, message: string): ValidatorFn =>
  (c) => {
    const v = String(c.value ?? '').trim();
    if (v === '') return null;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) return { message };
    return null;
  };

const email: ValidatorFn = (c) => {
  const v = String(c.value ?? '').trim();
  return v && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)
    ? { message: "L'adresse électronique n'est pas valide (format attendu : nom@domaine.fr)." }
    : null;
};

function pillarGroup() {
  return new FormGroup({ plannedActions: text(4000), commitments: text(4000) });
}
export type PillarGroup = ReturnType<typeof pillarGroup>;

function planGroup() {
  const controls = {} as Record<SupportPillar, PillarGroup>;
  for (const p of SUPPORT_PILLARS) controls[p] = pillarGroup();
  return new FormGroup(controls);
}

/** The dossier form of a PSP request, one control per PspDossierDto field (PSP-3). */
export function pspDossierForm() {
  return new FormGroup({
    associationId: new FormControl('', { nonNullable: true }),
    lastName: text(100),
    firstName: text(100),
    usedName: text(100),
    birthDate: new FormControl('', { nonNullable: true }),
    nationality: text(100),
    nationalityGroup: new FormControl<NationalityGroup | ''>('', { nonNullable: true }),
    foreigner: new FormControl<'' | 'true' | 'false'>('', { nonNullable: true }),
    phone: text(30),
    email: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200), email] }),
    postalAddress: text(300),
    familySituation: text(2000),
    childrenCount: new FormControl('', {
      nonNullable: true,
      validators: [integer(0, 20, "Le nombre d'enfants doit être un nombre entier entre 0 et 20.")],
    }),
    housing: new FormControl<HousingSituation | ''>('', { nonNullable: true }),
    resources: text(2000),
    administrativeStatus: new FormControl<AdministrativeStatus | ''>('', { nonNullable: true }),
    plan: planGroup(),
    evaluation: text(8000),
    associationOpinion: new FormControl<Opinion | ''>('', { nonNullable: true }),
    progressReport: text(8000),
    urgent: new FormControl(false, { nonNullable: true }),
  });
}
export type PspDossierForm = ReturnType<typeof pspDossierForm>;

/** Form -> dossier: empty fields are left out, so that "missing" means missing. */
export function toDossier(form: PspDossierForm): PspDossierDto {
  const v = form.getRawValue();
  const out: PspDossierDto = {};
  const str = (key: keyof PspDossierDto, value: string) => {
    if (value.trim() !== '') (out as Record<string, unknown>)[key] = value.trim();
  };
  str('lastName', v.lastName);
  str('firstName', v.firstName);
  str('usedName', v.usedName);
  str('birthDate', v.birthDate);
  str('nationality', v.nationality);
  if (v.nationalityGroup) out.nationalityGroup = v.nationalityGroup;
  if (v.foreigner) out.foreigner = v.foreigner === 'true';
  str('phone', v.phone);
  str('email', v.email);
  str('postalAddress', v.postalAddress);
  str('familySituation', v.familySituation);
  if (/^\d+$/.test(v.childrenCount.trim())) out.childrenCount = Number(v.childrenCount.trim());
  if (v.housing) out.housing = v.housing;
  str('resources', v.resources);
  if (v.administrativeStatus) out.administrativeStatus = v.administrativeStatus;
  const plan = SUPPORT_PILLARS.map((pillar) => ({
    pillar,
    plannedActions: v.plan[pillar].plannedActions.trim(),
    commitments: v.plan[pillar].commitments.trim(),
  })).filter((p) => p.plannedActions !== '' || p.commitments !== '');
  if (plan.length > 0) out.supportPlan = plan;
  str('evaluation', v.evaluation);
  if (v.associationOpinion) out.associationOpinion = v.associationOpinion;
  str('progressReport', v.progressReport);
  out.urgent = v.urgent;
  return out;
}

/** Dossier -> form values (without emitting: loading is not an edit). */
export function fillDossierForm(form: PspDossierForm, d: PspDossierDto): void {
  const plan = {} as Record<SupportPillar, { plannedActions: string; commitments: string }>;
  for (const p of SUPPORT_PILLARS) {
    const found = d.supportPlan?.find((x) => x.pillar === p);
    plan[p] = { plannedActions: found?.plannedActions ?? '', commitments: found?.commitments ?? '' };
  }
  form.patchValue(
    {
      lastName: d.lastName ?? '',
      firstName: d.firstName ?? '',
      usedName: d.usedName ?? '',
      birthDate: d.birthDate ?? '',
      nationality: d.nationality ?? '',
      nationalityGroup: d.nationalityGroup ?? '',
      foreigner: d.foreigner === undefined || d.foreigner === null ? '' : d.foreigner ? 'true' : 'false',
      phone: d.phone ?? '',
      email: d.email ?? '',
      postalAddress: d.postalAddress ?? '',
      familySituation: d.familySituation ?? '',
      childrenCount: d.childrenCount === undefined || d.childrenCount === null ? '' : String(d.childrenCount),
      housing: d.housing ?? '',
      resources: d.resources ?? '',
      administrativeStatus: d.administrativeStatus ?? '',
      plan,
      evaluation: d.evaluation ?? '',
      associationOpinion: d.associationOpinion ?? '',
      progressReport: d.progressReport ?? '',
      urgent: d.urgent ?? false,
    },
    { emitEvent: false },
  );
}

export interface FormStep {
  key: string;
  title: string;
  /** Dossier fields filled at this step (for the server's errors "dossier.<field>"). */
  fields: readonly string[];
}

export const PSP_FORM_STEPS: readonly FormStep[] = [
  {
    key: 'identite',
    title: 'Identité de la personne',
    fields: [
      'associationId',
      'lastName',
      'firstName',
      'usedName',
      'birthDate',
      'nationality',
      'nationalityGroup',
      'foreigner',
    ],
  },
  { key: 'contact', title: 'Coordonnées', fields: ['phone', 'email', 'postalAddress'] },
  {
    key: 'situation',
    title: 'Situation',
    fields: ['familySituation', 'childrenCount', 'housing', 'resources', 'administrativeStatus'],
  },
  { key: 'projet', title: 'Projet de parcours', fields: ['supportPlan', 'plan'] },
  {
    key: 'evaluation',
    title: "Évaluation et avis de l'association",
    fields: ['evaluation', 'associationOpinion', 'progressReport', 'urgent'],
  },
];

/** The step holding a field: "dossier.lastName" -> 0. */
export function stepOfField(field: string): number {
  const name = field.replace(/^dossier\./, '').split('.')[0];
  const index = PSP_FORM_STEPS.findIndex((s) => s.fields.includes(name));
  return index < 0 ? 0 : index;
}
