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

export interface CastBallotDto {
  choice: BallotChoice;
  /** OWN: my own vote (or the titulaire's, when I sit as suppléant); PROXY: the vote of the member who gave me a mandate. */
  capacity: 'OWN' | 'PROXY';
  reason?: string;
  /** Idempotency: the same key never records a vote twice (reconnection, double click). */
  clientKey: string;
  /** Secretariat only: the member on whose behalf the vote is recorded (paper ballot in the room). */
  memberId?: string;
}

export interface DeclareInterestDto {
  reason: string;
  memberId?: string;
}

export interface DissentDto {
  text: string;
}

export interface CommentDto {
  itemId?: string;
  body: string;
}

export interface PhysicalRequestDto {
  reason: string;
}

export interface ItemNotesDto {
  summary?: string | null;
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
