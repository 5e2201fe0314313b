/* Validation of the documents request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/documents.ts). */
import { IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type * as contract from '../contract/documents';
import type { Decision } from '../contract/psp';

export class UpdateMinutesDto implements contract.UpdateMinutesDto {
  @IsOptional()
  @IsString()
  @MaxLength(8000, { message: "L'introduction ne peut pas dépasser 8 000 caractères." })
  introduction?: string | null;

  /** Justifications of failed validity checks, by rule id. */
  @IsOptional()
  @IsObject({ message: 'Les justifications sont invalides.' })
  justifications?: Record<string, string>;
}

export class PrepareDecisionDto implements contract.PrepareDecisionDto {
  @IsIn(['AUTHORISED', 'REFUSED'], { message: 'La décision doit être une autorisation ou un refus.' })
  kind!: Decision;

  @IsString({ message: 'Les motifs de la décision sont obligatoires.' })
  @IsNotEmpty({ message: 'Les motifs de la décision sont obligatoires.' })
  @MaxLength(8000)
  reasons!: string;

  /** Required for the authorisation of an initial request; a renewal's period follows the current one. */
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: "La date d'entrée dans le parcours doit être au format AAAA-MM-JJ." },
  )
  pathwayStartDate?: string;
}
