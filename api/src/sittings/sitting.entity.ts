import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SittingKind, SittingMode, SittingState } from '@cdlp/shared';

@Entity('sitting')
export class SittingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'departement_code', type: 'varchar', length: 3 })
  departementCode!: string;

  /** e.g. 2026-04: the fourth sitting of 2026. */
  @Column({ type: 'varchar', length: 12 })
  number!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: SittingKind;

  @Column({ type: 'varchar', length: 10 })
  mode!: SittingMode;

  @Column({ type: 'varchar', length: 16 })
  state!: SittingState;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'text', nullable: true })
  place!: string | null;

  @Column({ name: 'video_link', type: 'text', nullable: true })
  videoLink!: string | null;

  /** REM-3: announced opening of a written deliberation. */
  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt!: Date | null;

  /** REM-3: it cannot close before this. */
  @Column({ name: 'earliest_close_at', type: 'timestamptz', nullable: true })
  earliestCloseAt!: Date | null;

  @Column({ name: 'convoked_at', type: 'timestamptz', nullable: true })
  convokedAt!: Date | null;

  /** CONV-2: the 5-day delay was waived; the reason goes in the minutes. */
  @Column({ type: 'boolean' })
  urgent!: boolean;

  @Column({ name: 'urgency_reason', type: 'text', nullable: true })
  urgencyReason!: string | null;

  @Column({ name: 'agenda_locked', type: 'boolean' })
  agendaLocked!: boolean;

  @Column({ name: 'agenda_changed_since_convocation', type: 'boolean' })
  agendaChangedSinceConvocation!: boolean;

  /** QUOR-2: this sitting is the second convocation of another. */
  @Column({ name: 'second_convocation_of', type: 'uuid', nullable: true })
  secondConvocationOf!: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** COMP-1: the chair of the sitting and the délégation it acts under. */
  @Column({ name: 'chair_member_id', type: 'uuid', nullable: true })
  chairMemberId!: string | null;

  @Column({ name: 'chair_delegation', type: 'text', nullable: true })
  chairDelegation!: string | null;

  @Column({ name: 'reminder_sent_at', type: 'timestamptz', nullable: true })
  reminderSentAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
