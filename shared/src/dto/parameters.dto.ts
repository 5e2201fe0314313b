import { IsISO8601, IsNumber, IsString } from 'class-validator';
import type * as C from '../contract/parameters';

/** A new dated value of a parameter: from today or a later day, never rewriting a value already in force. */
export class CreateParameterValueDto implements C.CreateParameterValueDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'La valeur doit être un nombre.' })
  value!: number;

  @IsString({ message: 'La date d’effet est obligatoire.' })
  @IsISO8601({ strict: true }, { message: 'La date d’effet doit être une date au format AAAA-MM-JJ.' })
  validFrom!: string;
}
