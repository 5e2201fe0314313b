/* Validation of the strategy request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/strategy.ts). */
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
import type * as contract from '../contract/strategy';
import {
  ACTION_STATUSES,
  AUTO_INDICATORS,
  PRIORITIES,
  type ActionStatus,
  type AutoIndicator,
  type Priority,
} from '../contract/strategy';

const YEAR_MSG = 'doit être une année entre 2000 et 2100';

export class PartyDto implements contract.PartyDto {
  @IsString({ message: "Le nom de l'organisme est obligatoire." })
  @IsNotEmpty({ message: "Le nom de l'organisme est obligatoire." })
  @MaxLength(200)
  name!: string;

  /** Chosen from the registry, or free text when both are absent. */
  @IsOptional() @IsUUID('4') memberId?: string | null;
  @IsOptional() @IsUUID('4') associationId?: string | null;
}

export class StrategyActionDto implements contract.StrategyActionDto {
  /** Stable key: the follow-up of an action survives new versions. */
  @IsUUID('4', { message: "La clé de l'action est invalide." })
  key!: string;

  @IsString({ message: "Le titre de l'action est obligatoire." })
  @IsNotEmpty({ message: "Le titre de l'action est obligatoire." })
  @MaxLength(300)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PartyDto)
  lead?: PartyDto | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  partners?: PartyDto[];

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'La date de début doit être au format AAAA-MM-JJ.' })
  startDate?: string | null;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: "L'échéance doit être au format AAAA-MM-JJ." })
  deadline?: string | null;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'Le budget doit être un nombre.' })
  @Min(0, { message: 'Le budget ne peut pas être négatif.' })
  budget?: number | null;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  fundingSource?: string | null;

  @IsIn(ACTION_STATUSES, { message: "Le statut de l'action est invalide." })
  status!: ActionStatus;
}

export class StrategyIndicatorDto implements contract.StrategyIndicatorDto {
  @IsUUID('4', { message: "La clé de l'indicateur est invalide." })
  key!: string;

  @IsString({ message: "Le nom de l'indicateur est obligatoire." })
  @IsNotEmpty({ message: "Le nom de l'indicateur est obligatoire." })
  @MaxLength(300)
  name!: string;

  @IsString()
  @MaxLength(50)
  unit!: string;

  @IsOptional()
  @IsIn(AUTO_INDICATORS, { message: "L'indicateur automatique est inconnu." })
  automatic?: AutoIndicator | null;

  @IsIn(['UP', 'DOWN'], { message: 'Le sens de la cible doit valoir UP ou DOWN.' })
  direction!: 'UP' | 'DOWN';

  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'La valeur de référence doit être un nombre.' })
  baselineValue?: number | null;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `L'année de référence ${YEAR_MSG}.` })
  @Min(2000)
  @Max(2100)
  baselineYear?: number | null;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'La cible doit être un nombre.' })
  targetValue?: number | null;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `L'année de la cible ${YEAR_MSG}.` })
  @Min(2000)
  @Max(2100)
  targetYear?: number | null;
}

export class RecommendationPlanDto implements contract.RecommendationPlanDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(99)
  recommendationNumber!: number;

  @IsOptional()
  @IsString()
  @MaxLength(8000)
  findings?: string;

  @IsOptional()
  @IsIn(PRIORITIES, { message: 'La priorité est invalide.' })
  priority?: Priority | null;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StrategyActionDto)
  actions!: StrategyActionDto[];

  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => StrategyIndicatorDto)
  indicators!: StrategyIndicatorDto[];
}

export class DiagnosticFigureDto implements contract.DiagnosticFigureDto {
  @IsUUID('4') key!: string;
  @IsString()
  @IsNotEmpty({ message: 'Le libellé du chiffre clé est obligatoire.' })
  @MaxLength(300)
  label!: string;
  @Type(() => Number) @IsNumber({}, { message: 'Le chiffre clé doit être un nombre.' }) value!: number;
  @IsOptional() @IsString() @MaxLength(50) unit?: string;
  @IsString()
  @IsNotEmpty({ message: 'La source du chiffre clé est obligatoire.' })
  @MaxLength(300)
  source!: string;
  @Type(() => Number)
  @IsInt({ message: `L'année du chiffre clé ${YEAR_MSG}.` })
  @Min(2000)
  @Max(2100)
  year!: number;
}

/** A version of the strategy: everything the secretariat writes. */
export class StrategyContentDto implements contract.StrategyContentDto {
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  introduction?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  diagnosticText?: string;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DiagnosticFigureDto)
  figures!: DiagnosticFigureDto[];

  @IsArray()
  @ArrayMaxSize(99)
  @ValidateNested({ each: true })
  @Type(() => RecommendationPlanDto)
  recommendations!: RecommendationPlanDto[];

  /** Local actions that belong to no recommendation. */
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => StrategyActionDto)
  localActions!: StrategyActionDto[];
}

export class CreateStrategyDto implements contract.CreateStrategyDto {
  @IsString()
  @IsNotEmpty({ message: 'Le titre est obligatoire.' })
  @MaxLength(200)
  title!: string;

  @Type(() => Number)
  @IsInt({ message: `La première année ${YEAR_MSG}.` })
  @Min(2000)
  @Max(2100)
  periodStart!: number;

  @Type(() => Number)
  @IsInt({ message: `La dernière année ${YEAR_MSG}.` })
  @Min(2000)
  @Max(2100)
  periodEnd!: number;
}

export class SaveStrategyVersionDto implements contract.SaveStrategyVersionDto {
  @ValidateNested()
  @Type(() => StrategyContentDto)
  content!: StrategyContentDto;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  /** Optimistic concurrency: the version the editor started from. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  baseVersion!: number;
}

export class StrategyCommentDto implements contract.StrategyCommentDto {
  @IsIn(['GENERAL', 'RECOMMENDATION', 'ACTION'], { message: 'La cible du commentaire est invalide.' })
  targetType!: 'GENERAL' | 'RECOMMENDATION' | 'ACTION';

  @IsOptional()
  @IsString()
  @MaxLength(60)
  targetKey?: string;

  @IsString()
  @IsNotEmpty({ message: 'Le commentaire est vide.' })
  @MaxLength(4000)
  body!: string;
}

export class IndicatorValueDto implements contract.IndicatorValueDto {
  @IsUUID('4') indicatorKey!: string;
  @Type(() => Number) @IsInt({ message: `L'année ${YEAR_MSG}.` }) @Min(2000) @Max(2100) year!: number;
  @IsOptional() @Type(() => Number) @IsNumber({}, { message: 'La valeur doit être un nombre.' }) value?:
    | number
    | null;
}

export class ActionProgressDto implements contract.ActionProgressDto {
  @IsUUID('4') actionKey!: string;
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsIn(ACTION_STATUSES, { message: "Le statut de l'action est invalide." }) status!: ActionStatus;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class PutOnAgendaDto implements contract.PutOnAgendaDto {
  @IsUUID('4', { message: 'La séance est invalide.' }) sittingId!: string;
  @Type(() => Number) @IsInt() @Min(1) version!: number;
}
