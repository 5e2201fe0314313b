export const STRATEGY_STATES = ['DRAFT', 'ON_AGENDA', 'ADOPTED', 'SIGNED'] as const;
export type StrategyState = (typeof STRATEGY_STATES)[number];
export const STRATEGY_STATE_LABELS: Record<StrategyState, string> = {
  DRAFT: 'En cours de rédaction',
  ON_AGENDA: "Inscrite à l'ordre du jour",
  ADOPTED: 'Adoptée par la commission',
  SIGNED: 'Signée par le préfet',
};

export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = { HIGH: 'Prioritaire', MEDIUM: 'Importante', LOW: 'À moyen terme' };

export const ACTION_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'DONE', 'DROPPED'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  NOT_STARTED: 'Non commencée',
  IN_PROGRESS: 'En cours',
  DONE: 'Réalisée',
  DROPPED: 'Abandonnée',
};

/** Indicators the portal computes from its own data, for any year. */
export const AUTO_INDICATORS = [
  'PSP_REQUESTS',
  'FAVOURABLE_SHARE',
  'MEDIAN_DAYS_TO_OPINION',
  'ACTIVE_PATHWAYS',
  'RENEWALS',
  'PATHWAY_ENDINGS',
] as const;
export type AutoIndicator = (typeof AUTO_INDICATORS)[number];
export const AUTO_INDICATOR_LABELS: Record<AutoIndicator, { name: string; unit: string }> = {
  PSP_REQUESTS: { name: 'Demandes de parcours de sortie déposées', unit: 'demandes' },
  FAVOURABLE_SHARE: { name: 'Part des avis favorables', unit: '%' },
  MEDIAN_DAYS_TO_OPINION: { name: 'Délai médian entre la complétude et l’avis (PSP-4)', unit: 'jours' },
  ACTIVE_PATHWAYS: { name: 'Parcours en cours dans l’année', unit: 'parcours' },
  RENEWALS: { name: 'Renouvellements autorisés', unit: 'renouvellements' },
  PATHWAY_ENDINGS: { name: 'Sorties de parcours', unit: 'sorties' },
};

export interface PartyDto {
  name: string;
  /** Chosen from the registry, or free text when both are absent. */
  memberId?: string | null;
  associationId?: string | null;
}

export interface StrategyActionDto {
  /** Stable key: the follow-up of an action survives new versions. */
  key: string;
  title: string;
  description?: string;
  lead?: PartyDto | null;
  partners?: PartyDto[];
  startDate?: string | null;
  deadline?: string | null;
  budget?: number | null;
  fundingSource?: string | null;
  status: ActionStatus;
}

export interface StrategyIndicatorDto {
  key: string;
  name: string;
  unit: string;
  automatic?: AutoIndicator | null;
  direction: 'UP' | 'DOWN';
  baselineValue?: number | null;
  baselineYear?: number | null;
  targetValue?: number | null;
  targetYear?: number | null;
}

export interface RecommendationPlanDto {
  recommendationNumber: number;
  findings?: string;
  priority?: Priority | null;
  actions: StrategyActionDto[];
  indicators: StrategyIndicatorDto[];
}

export interface DiagnosticFigureDto {
  key: string;
  label: string;
  value: number;
  unit?: string;
  source: string;
  year: number;
}

/** A version of the strategy: everything the secretariat writes. */
export interface StrategyContentDto {
  introduction?: string;
  diagnosticText?: string;
  figures: DiagnosticFigureDto[];
  recommendations: RecommendationPlanDto[];
  /** Local actions that belong to no recommendation. */
  localActions: StrategyActionDto[];
}

export interface CreateStrategyDto {
  title: string;
  periodStart: number;
  periodEnd: number;
}

export interface SaveStrategyVersionDto {
  content: StrategyContentDto;
  note?: string;
  /** Optimistic concurrency: the version the editor started from. */
  baseVersion: number;
}

export interface StrategyCommentDto {
  targetType: 'GENERAL' | 'RECOMMENDATION' | 'ACTION';
  targetKey?: string;
  body: string;
}

export interface IndicatorValueDto {
  indicatorKey: string;
  year: number;
  value?: number | null;
}

export interface ActionProgressDto {
  actionKey: string;
  year: number;
  status: ActionStatus;
  note?: string;
}

export interface PutOnAgendaDto {
  sittingId: string;
  version: number;
}

export interface RecommendationRefDto {
  number: number;
  title: string;
  levers: string[];
  axisNumber: number;
  nationalAxisNumber: number;
}

export interface AxisRefDto {
  number: number;
  title: string;
  recommendations: RecommendationRefDto[];
}

export interface NationalAxisDto {
  number: number;
  title: string;
}

export interface StrategyReferenceDto {
  id: string;
  code: string;
  version: number;
  title: string;
  source: string;
  axes: AxisRefDto[];
  nationalAxes: NationalAxisDto[];
}

export interface StrategyVersionSummaryDto {
  number: number;
  savedAt: string;
  savedBy: string;
  note: string | null;
  frozen: boolean;
}

export interface StrategyListItemDto {
  id: string;
  title: string;
  periodStart: number;
  periodEnd: number;
  state: StrategyState;
  currentVersion: number;
  adoptedVersion: number | null;
  signedDocumentId: string | null;
  updatedAt: string;
}

export interface StrategyDto extends StrategyListItemDto {
  reference: StrategyReferenceDto;
  content: StrategyContentDto;
  versions: StrategyVersionSummaryDto[];
  /** Action status as followed up (latest entry), by action key. */
  actionStatus: Record<string, ActionStatus>;
  /** Indicator values by key and year. */
  indicatorValues: Record<string, Record<string, number>>;
  agendaSittingId: string | null;
  editable: boolean;
}

export interface StrategyCommentViewDto {
  id: string;
  targetType: 'GENERAL' | 'RECOMMENDATION' | 'ACTION';
  targetKey: string | null;
  version: number;
  authorName: string;
  authorRole: string;
  body: string;
  createdAt: string;
}

export interface SectionDiffDto {
  section: string;
  label: string;
  changes: string[];
}

export interface AutoIndicatorValuesDto {
  fromYear: number;
  toYear: number;
  values: Record<AutoIndicator, number | null>;
  endingsByReason: Record<string, number>;
}

export interface RecommendationProgressDto {
  number: number;
  title: string;
  axisNumber: number;
  priority: Priority | null;
  actions: number;
  done: number;
  inProgress: number;
  notStarted: number;
  late: number;
  dropped: number;
}

export interface IndicatorFollowUpDto {
  key: string;
  recommendationNumber: number | null;
  name: string;
  unit: string;
  value: number | null;
  expected: number | null;
  target: number | null;
  targetYear: number | null;
  offTrack: boolean | null;
}

export interface FollowUpDto {
  strategyId: string;
  year: number;
  recommendations: RecommendationProgressDto[];
  indicators: IndicatorFollowUpDto[];
  lateActions: { key: string; title: string; deadline: string; lead: string | null; recommendationNumber: number | null }[];
  totals: { actions: number; done: number; inProgress: number; late: number };
}

/** STRAT-1: the status of each action as followed up at the end of a year (the yearly review). */
export interface YearActionStatusesDto {
  year: number;
  /** The status of each action that year: the latest entry up to that year, else the planned status. */
  statuses: Record<string, ActionStatus>;
  /** The actions whose status was entered for that very year (the others carry an earlier one). */
  entered: string[];
}
