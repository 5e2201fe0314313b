import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AgendaItemKind, ItemResult, Opinion } from '@cdlp/shared';

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

  @Column({ name: 'vote_state', type: 'varchar', length: 12 })
  voteState!: 'NOT_OPENED' | 'OPEN' | 'CLOSED';

  @Column({ name: 'vote_opened_at', type: 'timestamptz', nullable: true })
  voteOpenedAt!: Date | null;

  @Column({ name: 'vote_closed_at', type: 'timestamptz', nullable: true })
  voteClosedAt!: Date | null;

  @Column({ type: 'varchar', length: 15, nullable: true })
  opinion!: Opinion | null;

  /** VOTE-1: counts, rule applied and the result in words, frozen at closing. */
  @Column({ type: 'jsonb', nullable: true })
  result!: ItemResult | null;

  /** PV-1: the secretariat's summary of a policy item. */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'discussion_notes', type: 'text', nullable: true })
  discussionNotes!: string | null;

  /** STRAT-1: a policy item that puts a strategy version to the vote. */
  @Column({ name: 'strategy_id', type: 'uuid', nullable: true })
  strategyId!: string | null;

  @Column({ name: 'strategy_version', type: 'integer', nullable: true })
  strategyVersion!: number | null;
}
