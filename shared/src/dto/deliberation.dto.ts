/* Validation of the deliberation request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/deliberation.ts). */
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type * as contract from '../contract/deliberation';
import { BALLOT_CHOICES } from '../contract/deliberation';
import type { BallotChoice } from '../rules/opinion';

export class CastBallotDto implements contract.CastBallotDto {
  @IsIn(BALLOT_CHOICES, { message: 'Le choix doit être favorable, défavorable ou abstention.' })
  choice!: BallotChoice;

  /** OWN: my own vote (or the titulaire's, when I sit as suppléant); PROXY: the vote of the member who gave me a mandate. */
  @IsIn(['OWN', 'PROXY'], {
    message: 'Le vote doit être exprimé pour vous-même ou au titre du mandat détenu.',
  })
  capacity!: 'OWN' | 'PROXY';

  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'Le motif ne peut pas dépasser 2 000 caractères.' })
  reason?: string;

  /** Idempotency: the same key never records a vote twice (reconnection, double click). */
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'La clé du vote est invalide.' })
  clientKey!: string;

  /** Secretariat only: the member on whose behalf the vote is recorded (paper ballot in the room). */
  @IsOptional()
  @IsUUID('4')
  memberId?: string;
}

export class DeclareInterestDto implements contract.DeclareInterestDto {
  @IsString({ message: "Le motif du conflit d'intérêts est obligatoire." })
  @IsNotEmpty({ message: "Le motif du conflit d'intérêts est obligatoire." })
  @MaxLength(1000)
  reason!: string;

  @IsOptional()
  @IsUUID('4')
  memberId?: string;
}

export class DissentDto implements contract.DissentDto {
  @IsString({ message: 'Le texte de la position divergente est obligatoire.' })
  @IsNotEmpty({ message: 'Le texte de la position divergente est obligatoire.' })
  @MaxLength(2000)
  text!: string;
}

export class CommentDto implements contract.CommentDto {
  @IsOptional()
  @IsUUID('4', { message: 'Le point est invalide.' })
  itemId?: string;

  @IsString({ message: 'Le commentaire est vide.' })
  @IsNotEmpty({ message: 'Le commentaire est vide.' })
  @MaxLength(4000, { message: 'Le commentaire ne peut pas dépasser 4 000 caractères.' })
  body!: string;
}

export class PhysicalRequestDto implements contract.PhysicalRequestDto {
  @IsString({ message: 'Le motif est obligatoire.' })
  @IsNotEmpty({ message: 'Le motif est obligatoire.' })
  @MaxLength(1000)
  reason!: string;
}

export class ItemNotesDto implements contract.ItemNotesDto {
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  summary?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(8000)
  discussionNotes?: string | null;
}
