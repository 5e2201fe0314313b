import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BallotChoice } from '@cdlp/shared';

/** One ballot per seat and item (VOTE-1); the database refuses changes outside an open vote. */
@Entity('ballot')
export class BallotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  agendaItemId!: string;

  @Column({ name: 'sitting_id', type: 'uuid' })
  sittingId!: string;

  @Column({ name: 'voter_member_id', type: 'uuid' })
  voterMemberId!: string;

  @Column({ name: 'represented_member_id', type: 'uuid' })
  representedMemberId!: string;

  @Column({ type: 'varchar', length: 8 })
  capacity!: 'OWN' | 'PROXY';

  @Column({ type: 'varchar', length: 12 })
  choice!: BallotChoice;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** VOTE-1: the chair's own vote decides a tie. */
  @Column({ name: 'by_president', type: 'boolean' })
  byPresident!: boolean;

  @Column({ name: 'client_key', type: 'varchar', length: 64, nullable: true })
  clientKey!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'cast_at', type: 'timestamptz' })
  castAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('ballot_log')
export class BallotLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  agendaItemId!: string;

  @Column({ name: 'ballot_id', type: 'uuid', nullable: true })
  ballotId!: string | null;

  @Column({ type: 'varchar', length: 10 })
  event!: 'CAST' | 'CHANGE' | 'WITHDRAW';

  @Column({ name: 'voter_member_id', type: 'uuid' })
  voterMemberId!: string;

  @Column({ name: 'represented_member_id', type: 'uuid' })
  representedMemberId!: string;

  @Column({ type: 'varchar', length: 8 })
  capacity!: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  choice!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/** COI-1 / COMP-4. */
@Entity('interest_declaration')
export class InterestDeclarationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  agendaItemId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'boolean' })
  automatic!: boolean;

  @Column({ name: 'declared_by', type: 'uuid', nullable: true })
  declaredBy!: string | null;

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt!: Date;
}

@Entity('dissent')
export class DissentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  agendaItemId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

@Entity('deliberation_comment')
export class DeliberationCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sitting_id', type: 'uuid' })
  sittingId!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid', nullable: true })
  agendaItemId!: string | null;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @Column({ name: 'author_member_id', type: 'uuid', nullable: true })
  authorMemberId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('physical_sitting_request')
export class PhysicalSittingRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  agendaItemId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;
}
