import { IsOptional, IsUUID } from 'class-validator';
import type * as C from '../contract/convocation-letters';

/** Produces the printed convocations: one member's letter, or all letters in one PDF when memberId is absent. */
export class ProduceConvocationLettersDto implements C.ProduceConvocationLettersDto {
  @IsOptional()
  @IsUUID('4', { message: 'Le membre est invalide.' })
  memberId?: string;
}
