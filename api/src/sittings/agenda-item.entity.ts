import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AgendaItemKind } from '@cdlp/shared';

@Entity('agenda_item')
export class AgendaItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sitting_id', type: 'uuid' })
  sittingId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: AgendaItemKind;

  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId!: string | null;

  /** For a PSP item, the pseudonymous reference (DP-2); for a policy item, its title. */
  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  presenter!: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'removed_reason', type: 'text', nullable: true })
  removedReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
