import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Opinion } from './psp';
import type { AbstentionRule, BallotChoice } from '../rules/opinion';

export const BALLOT_CHOICES = ['FAVOURABLE', 'UNFAVOURABLE', 'ABSTENTION'] as const;
export const BALLOT_CHOICE_LABELS: Record<BallotChoice, string> = {
  FAVOURABLE: 'Favorable',
  UNFAVOURABLE: 'Défavorable',
  ABSTENTION: 'Abstention',
};

export type VoteState = 'NOT_OPENED' | 'OPEN' | 'CLOSED';
export const VOTE_STATE_LABELS: Record<VoteState, string> = {
  NOT_OPENED: 'Vote non ouvert',
  OPEN: 'Vote ouvert',
  CLOSED: 'Vote clos',
};

/** Frozen when the vote closes; printed in the minutes. */
export interface ItemResult {
  opinion: Opinion | null;
  favourable: number;
  unfavourable: number;
  abstentions: number;
  total: number;
  rule: AbstentionRule;
  castingVote: boolean;
  text: string;
  /** REM-2: for a written deliberation, whether enough members took part. */
  participation: { took: number; base: number; required: number; sufficient: boolean } | null;
  recusedMemberIds: string[];
  /** Hash of the last entry of the item's ballot chain at closing. */
  ballotChainHead: string;
}

export class CastBallotDto {
  @IsIn(BALLOT_CHOICES, { message: 'Le choix doit être favorable, défavorable ou abstention.' })
  choice!: BallotChoice;

  /** OWN: my own vote (or the titulaire's, when I sit as suppléant); PROXY: the vote of the member who gave me a mandate. */
  @IsIn(['OWN', 'PROXY'], { message: 'Le vote doit être exprimé pour vous-même ou au titre du mandat détenu.' })
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

export class DeclareInterestDto {
  @IsString({ message: "Le motif du conflit d'intérêts est obligatoire." })
  @IsNotEmpty({ message: "Le motif du conflit d'intérêts est obligatoire." })
  @MaxLength(1000)
  reason!: string;

  @IsOptional()
  @IsUUID('4')
  memberId?: string;
}

export class DissentDto {
  @IsString({ message: 'Le texte de la position divergente est obligatoire.' })
  @IsNotEmpty({ message: 'Le texte de la position divergente est obligatoire.' })
  @MaxLength(2000)
  text!: string;
}

export class CommentDto {
  @IsOptional()
  @IsUUID('4', { message: 'Le point est invalide.' })
  itemId?: string;

  @IsString({ message: 'Le commentaire est vide.' })
  @IsNotEmpty({ message: 'Le commentaire est vide.' })
  @MaxLength(4000, { message: 'Le commentaire ne peut pas dépasser 4 000 caractères.' })
  body!: string;
}

export class PhysicalRequestDto {
  @IsString({ message: 'Le motif est obligatoire.' })
  @IsNotEmpty({ message: 'Le motif est obligatoire.' })
  @MaxLength(1000)
  reason!: string;
}

export class ItemNotesDto {
  @IsOptional() @IsString() @MaxLength(8000)
  summary?: string | null;

  @IsOptional() @IsString() @MaxLength(8000)
  discussionNotes?: string | null;
}

/** A seat the logged-in member may vote for on an item. */
export interface VotingSeatDto {
  capacity: 'OWN' | 'PROXY';
  representedMemberId: string;
  /** "pour vous" or "pour Mme X". */
  label: string;
  choice: BallotChoice | null;
  reason: string | null;
  /** Why this seat cannot vote, when it cannot (recusal, exclusion). */
  blockedReason: string | null;
}

export interface ItemVotingDto {
  itemId: string;
  voteState: VoteState;
  openedAt: string | null;
  closedAt: string | null;
  /** Who has voted (names), never what they voted, while the vote is open. Hidden from recused members. */
  voters: { memberId: string; name: string; capacity: 'OWN' | 'PROXY'; forName: string | null }[] | null;
  eligibleCount: number;
  votedCount: number;
  recusals: { memberId: string; name: string; reason: string; automatic: boolean }[];
  dissents: { memberId: string; name: string; text: string }[];
  result: ItemResult | null;
  mySeats: VotingSeatDto[];
  iAmRecused: boolean;
  /** Secretariat/president: the members who have not voted yet. */
  notVoted: { memberId: string; name: string }[] | null;
}

export interface CommentViewDto {
  id: string;
  itemId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface DeliberationDto {
  sittingId: string;
  chairName: string | null;
  chairDelegation: string | null;
  abstentionRule: AbstentionRule;
  items: ItemVotingDto[];
  comments: CommentViewDto[];
  physicalRequestsAllowed: boolean;
}
