import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PSP_REQUEST_KINDS, type PspRequestKind } from '../contract/psp';
import type * as C from '../contract/psp-checklist';

/** PSP-3: a new piece of the checklist of a kind of request, from today or a later day. */
export class CreateChecklistItemDto implements C.CreateChecklistItemDto {
  @IsIn(PSP_REQUEST_KINDS, { message: 'Le type de demande doit être « INITIAL » ou « RENEWAL ».' })
  kind!: PspRequestKind;

  @IsString({ message: 'Le libellé est obligatoire.' })
  @Matches(/\S/, { message: 'Le libellé est obligatoire.' })
  @MaxLength(500, { message: 'Le libellé ne peut pas dépasser 500 caractères.' })
  label!: string;

  @IsBoolean({ message: 'Le caractère obligatoire doit être vrai ou faux.' })
  required!: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: "L'ancienneté maximale doit être un nombre entier de mois." })
  @Min(1, { message: "L'ancienneté maximale doit être d'au moins 1 mois." })
  @Max(60, { message: "L'ancienneté maximale ne peut pas dépasser 60 mois." })
  maxAgeMonths?: number | null;

  @IsISO8601({ strict: true }, { message: "La date d'effet doit être au format AAAA-MM-JJ." })
  validFrom!: string;
}
