/** How a dated parameter's value is read: an amount in euros, a whole number, or a yes/no setting (1 or 0). */
export type ParameterKind = 'AMOUNT' | 'INTEGER' | 'BOOLEAN';

export interface ParameterSpec {
  key: string;
  label: string;
  /** The rule it carries (RULES.md), shown beside it. */
  rule: string;
  kind: ParameterKind;
  /** Shown after the value ("mois", "jours", "€"…); empty for a yes/no setting. */
  unit: string;
  min: number;
  max: number;
}

/**
 * Every dated parameter the portal reads (AFIS-1, PSP-2, PSP-6, DP-3, CONV-2, PSP-4, QUOR-3, REM-3,
 * VOTE-1), with the type and range a new value must respect. A key absent from this list cannot be
 * written through the API.
 */
export const PARAMETER_SPECS: readonly ParameterSpec[] = [
  {
    key: 'afis.monthly_base',
    label: 'AFIS : montant mensuel pour une personne seule',
    rule: 'AFIS-1',
    kind: 'AMOUNT',
    unit: '€',
    min: 0,
    max: 10000,
  },
  {
    key: 'afis.per_child',
    label: 'AFIS : majoration mensuelle par enfant à charge',
    rule: 'AFIS-1',
    kind: 'AMOUNT',
    unit: '€',
    min: 0,
    max: 10000,
  },
  {
    key: 'pathway.period_months',
    label: 'Durée d’une période de parcours',
    rule: 'PSP-6',
    kind: 'INTEGER',
    unit: 'mois',
    min: 1,
    max: 24,
  },
  {
    key: 'pathway.max_total_months',
    label: 'Durée maximale d’un parcours',
    rule: 'PSP-6',
    kind: 'INTEGER',
    unit: 'mois',
    min: 1,
    max: 120,
  },
  {
    key: 'pathway.expiry_alert_days',
    label: 'Alerte avant la fin d’une période',
    rule: 'PSP-6',
    kind: 'INTEGER',
    unit: 'jours',
    min: 1,
    max: 180,
  },
  {
    key: 'approval.years',
    label: 'Durée de l’agrément d’une association',
    rule: 'PSP-2',
    kind: 'INTEGER',
    unit: 'ans',
    min: 1,
    max: 10,
  },
  {
    key: 'retention.withdrawn_request_months',
    label: 'Conservation d’une demande retirée',
    rule: 'DP-3',
    kind: 'INTEGER',
    unit: 'mois',
    min: 1,
    max: 240,
  },
  {
    key: 'retention.decided_request_months',
    label: 'Conservation d’une demande refusée',
    rule: 'DP-3',
    kind: 'INTEGER',
    unit: 'mois',
    min: 1,
    max: 240,
  },
  {
    key: 'retention.ended_pathway_months',
    label: 'Conservation d’un parcours terminé',
    rule: 'DP-3',
    kind: 'INTEGER',
    unit: 'mois',
    min: 1,
    max: 240,
  },
  {
    key: 'convocation.min_days',
    label: 'Délai minimal entre la convocation et la séance',
    rule: 'CONV-2',
    kind: 'INTEGER',
    unit: 'jours',
    min: 1,
    max: 60,
  },
  {
    key: 'convocation.reminder_days',
    label: 'Relance des membres sans réponse, avant la séance',
    rule: 'CONV-1',
    kind: 'INTEGER',
    unit: 'jours',
    min: 0,
    max: 60,
  },
  {
    key: 'agenda.reactivity_days',
    label: 'Délai au-delà duquel une délibération écrite est proposée',
    rule: 'PSP-4',
    kind: 'INTEGER',
    unit: 'jours',
    min: 1,
    max: 120,
  },
  {
    key: 'quorum.exclude_excluded_from_base',
    label: 'Retirer de la base du quorum les membres exclus',
    rule: 'QUOR-3',
    kind: 'BOOLEAN',
    unit: '',
    min: 0,
    max: 1,
  },
  {
    key: 'written.default_duration_days',
    label: 'Durée proposée d’une délibération écrite',
    rule: 'REM-3',
    kind: 'INTEGER',
    unit: 'jours',
    min: 1,
    max: 60,
  },
  {
    key: 'written.min_duration_hours',
    label: 'Durée minimale d’une délibération écrite',
    rule: 'REM-3',
    kind: 'INTEGER',
    unit: 'heures',
    min: 1,
    max: 720,
  },
  {
    key: 'vote.abstentions_counted',
    label: 'Compter les abstentions dans la majorité',
    rule: 'VOTE-1',
    kind: 'BOOLEAN',
    unit: '',
    min: 0,
    max: 1,
  },
  {
    key: 'written.allow_physical_request',
    label: 'Permettre de demander l’examen d’un point en séance physique',
    rule: 'REM-3',
    kind: 'BOOLEAN',
    unit: '',
    min: 0,
    max: 1,
  },
];

export function parameterSpec(key: string): ParameterSpec | undefined {
  return PARAMETER_SPECS.find((s) => s.key === key);
}

/**
 * The French message refusing a value for a parameter, or null when it fits the parameter's type
 * and range (amounts: two decimals at most; whole numbers; yes/no: 1 or 0).
 */
export function parameterValueError(spec: ParameterSpec, value: number): string | null {
  if (!Number.isFinite(value)) return 'La valeur doit être un nombre.';
  if (spec.kind === 'BOOLEAN')
    return value === 0 || value === 1 ? null : 'La valeur doit être 1 (oui) ou 0 (non).';
  if (spec.kind === 'INTEGER' && !Number.isInteger(value)) return 'La valeur doit être un nombre entier.';
  if (spec.kind === 'AMOUNT' && Math.round(value * 100) !== value * 100) {
    return 'Le montant a au plus deux décimales.';
  }
  if (value < spec.min || value > spec.max) {
    return `La valeur doit être comprise entre ${spec.min} et ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}.`;
  }
  return null;
}

export interface ParameterValueDto {
  validFrom: string;
  value: number;
  /** In force today (the latest value whose date has come); later ones are scheduled. */
  current: boolean;
}

export interface ParameterDto extends ParameterSpec {
  description: string;
  /** The value in force today. */
  currentValue: number;
  /** Every dated value, latest first. */
  history: ParameterValueDto[];
}

/** A new dated value of a parameter: from today or a later day, never rewriting a value already in force. */
export interface CreateParameterValueDto {
  value: number;
  validFrom: string;
}
