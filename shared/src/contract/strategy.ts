import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

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

const YEAR_MSG = 'doit être une année entre 2000 et 2100';

export class PartyDto {
  @IsString({ message: "Le nom de l'organisme est obligatoire." })
  @IsNotEmpty({ message: "Le nom de l'organisme est obligatoire." })
  @MaxLength(200)
  name!: string;

  /** Chosen from the registry, or free text when both are absent. */
  @IsOptional() @IsUUID('4') memberId?: string | null;
  @IsOptional() @IsUUID('4') associationId?: string | null;
}

export class StrategyActionDto {
  /** Stable key: the follow-up of an action survives new versions. */
  @IsUUID('4', { message: "La clé de l'action est invalide." })
  key!: string;

  @IsString({ message: "Le titre de l'action est obligatoire." })
  @IsNotEmpty({ message: "Le titre de l'action est obligatoire." })
  @MaxLength(300)
  title!: string;

  @IsOptional() @IsString() @MaxLength(4000)
  description?: string;

  @IsOptional() @ValidateNested() @Type(() => PartyDto)
  lead?: PartyDto | null;

  @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => PartyDto)
  partners?: PartyDto[];

  @IsOptional() @IsISO8601({ strict: true }, { message: 'La date de début doit être au format AAAA-MM-JJ.' })
  startDate?: string | null;

  @IsOptional() @IsISO8601({ strict: true }, { message: "L'échéance doit être au format AAAA-MM-JJ." })
  deadline?: string | null;

  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'Le budget doit être un nombre.' }) @Min(0, { message: 'Le budget ne peut pas être négatif.' })
  budget?: number | null;

  @IsOptional() @IsString() @MaxLength(300)
  fundingSource?: string | null;

  @IsIn(ACTION_STATUSES, { message: "Le statut de l'action est invalide." })
  status!: ActionStatus;
}

export class StrategyIndicatorDto {
  @IsUUID('4', { message: "La clé de l'indicateur est invalide." })
  key!: string;

  @IsString({ message: "Le nom de l'indicateur est obligatoire." })
  @IsNotEmpty({ message: "Le nom de l'indicateur est obligatoire." })
  @MaxLength(300)
  name!: string;

  @IsString() @MaxLength(50)
  unit!: string;

  @IsOptional() @IsIn(AUTO_INDICATORS, { message: "L'indicateur automatique est inconnu." })
  automatic?: AutoIndicator | null;

  @IsIn(['UP', 'DOWN'], { message: 'Le sens de la cible doit valoir UP ou DOWN.' })
  direction!: 'UP' | 'DOWN';

  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'La valeur de référence doit être un nombre.' })
  baselineValue?: number | null;

  @IsOptional() @Type(() => Number) @IsInt({ message: `L'année de référence ${YEAR_MSG}.` }) @Min(2000) @Max(2100)
  baselineYear?: number | null;

  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'La cible doit être un nombre.' })
  targetValue?: number | null;

  @IsOptional() @Type(() => Number) @IsInt({ message: `L'année de la cible ${YEAR_MSG}.` }) @Min(2000) @Max(2100)
  targetYear?: number | null;
}

export class RecommendationPlanDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(99)
  recommendationNumber!: number;

  @IsOptional() @IsString() @MaxLength(8000)
  findings?: string;

  @IsOptional() @IsIn(PRIORITIES, { message: 'La priorité est invalide.' })
  priority?: Priority | null;

  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => StrategyActionDto)
  actions!: StrategyActionDto[];

  @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => StrategyIndicatorDto)
  indicators!: StrategyIndicatorDto[];
}

export class DiagnosticFigureDto {
  @IsUUID('4') key!: string;
  @IsString() @IsNotEmpty({ message: 'Le libellé du chiffre clé est obligatoire.' }) @MaxLength(300) label!: string;
  @Type(() => Number) @IsNumber({}, { message: 'Le chiffre clé doit être un nombre.' }) value!: number;
  @IsOptional() @IsString() @MaxLength(50) unit?: string;
  @IsString() @IsNotEmpty({ message: 'La source du chiffre clé est obligatoire.' }) @MaxLength(300) source!: string;
  @Type(() => Number) @IsInt({ message: `L'année du chiffre clé ${YEAR_MSG}.` }) @Min(2000) @Max(2100) year!: number;
}

/** A version of the strategy: everything the secretariat writes. */
export class StrategyContentDto {
  @IsOptional() @IsString() @MaxLength(20000)
  introduction?: string;

  @IsOptional() @IsString() @MaxLength(20000)
  diagnosticText?: string;

  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DiagnosticFigureDto)
  figures!: DiagnosticFigureDto[];

  @IsArray() @ArrayMaxSize(99) @ValidateNested({ each: true }) @Type(() => RecommendationPlanDto)
  recommendations!: RecommendationPlanDto[];

  /** Local actions that belong to no recommendation. */
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => StrategyActionDto)
  localActions!: StrategyActionDto[];
}

export class CreateStrategyDto {
  @IsString() @IsNotEmpty({ message: 'Le titre est obligatoire.' }) @MaxLength(200)
  title!: string;

  @Type(() => Number) @IsInt({ message: `La première année ${YEAR_MSG}.` }) @Min(2000) @Max(2100)
  periodStart!: number;

  @Type(() => Number) @IsInt({ message: `La dernière année ${YEAR_MSG}.` }) @Min(2000) @Max(2100)
  periodEnd!: number;
}

export class SaveStrategyVersionDto {
  @ValidateNested() @Type(() => StrategyContentDto)
  content!: StrategyContentDto;

  @IsOptional() @IsString() @MaxLength(500)
  note?: string;

  /** Optimistic concurrency: the version the editor started from. */
  @Type(() => Number) @IsInt() @Min(0)
  baseVersion!: number;
}

export class StrategyCommentDto {
  @IsIn(['GENERAL', 'RECOMMENDATION', 'ACTION'], { message: 'La cible du commentaire est invalide.' })
  targetType!: 'GENERAL' | 'RECOMMENDATION' | 'ACTION';

  @IsOptional() @IsString() @MaxLength(60)
  targetKey?: string;

  @IsString() @IsNotEmpty({ message: 'Le commentaire est vide.' }) @MaxLength(4000)
  body!: string;
}

export class IndicatorValueDto {
  @IsUUID('4') indicatorKey!: string;
  @Type(() => Number) @IsInt({ message: `L'année ${YEAR_MSG}.` }) @Min(2000) @Max(2100) year!: number;
  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'La valeur doit être un nombre.' }) value?: number | null;
}

export class ActionProgressDto {
  @IsUUID('4') actionKey!: string;
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsIn(ACTION_STATUSES, { message: "Le statut de l'action est invalide." }) status!: ActionStatus;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class PutOnAgendaDto {
  @IsUUID('4', { message: 'La séance est invalide.' }) sittingId!: string;
  @Type(() => Number) @IsInt() @Min(1) version!: number;
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
