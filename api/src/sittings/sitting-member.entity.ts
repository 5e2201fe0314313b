import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttendanceAnswer } from '@cdlp/shared';

/** A member of the commission for one sitting: convocation, answer, mandate, presence. */
@Entity('sitting_member')
export class SittingMemberEntity {
  @PrimaryColumn({ name: 'sitting_id', type: 'uuid' })
  sittingId!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'boolean' })
  convened!: boolean;

  /** COMP-3: not convened to individual PSP items. */
  @Column({ name: 'excluded_from_psp', type: 'boolean' })
  excludedFromPsp!: boolean;

  @Column({ type: 'varchar', length: 12, nullable: true })
  answer!: AttendanceAnswer | null;

  @Column({ name: 'mandate_holder_id', type: 'uuid', nullable: true })
  mandateHolderId!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'confirmed_presence', type: 'varchar', length: 8, nullable: true })
  confirmedPresence!: 'PRESENT' | 'REMOTE' | 'ABSENT' | null;

  @Column({ name: 'substitute_id', type: 'uuid', nullable: true })
  substituteId!: string | null;

  @Column({ name: 'convocation_message_id', type: 'uuid', nullable: true })
  convocationMessageId!: string | null;

  @Column({ name: 'reminder_message_id', type: 'uuid', nullable: true })
  reminderMessageId!: string | null;

  /** REM-1: in a written deliberation, taking part is recorded from activity. */
  @Column({ name: 'last_activity_at', type: 'timestamptz', nullable: true })
  lastActivityAt!: Date | null;
}
