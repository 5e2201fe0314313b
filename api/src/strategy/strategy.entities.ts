import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ActionStatus, StrategyState } from '@cdlp/shared';
import type { StrategyContentDto } from '@cdlp/shared/dto';

/** STRAT-1: a departmental strategy for a period, written against a reference set of recommendations. */
@Entity('strategy')
export class StrategyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'departement_code', type: 'varchar', length: 3 })
  departementCode!: string;

  @Column({ name: 'reference_id', type: 'uuid' })
  referenceId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'period_start', type: 'integer' })
  periodStart!: number;

  @Column({ name: 'period_end', type: 'integer' })
  periodEnd!: number;

  @Column({ type: 'varchar', length: 10 })
  state!: StrategyState;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion!: number;

  @Column({ name: 'adopted_version', type: 'integer', nullable: true })
  adoptedVersion!: number | null;

  @Column({ name: 'agenda_item_id', type: 'uuid', nullable: true })
  agendaItemId!: string | null;

  @Column({ name: 'signed_document_id', type: 'uuid', nullable: true })
  signedDocumentId!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every saved version is kept and never changes (trigger); adoption freezes one. */
@Entity('strategy_version')
export class StrategyVersionEntity {
  @PrimaryColumn({ name: 'strategy_id', type: 'uuid' })
  strategyId!: string;

  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ type: 'jsonb' })
  content!: StrategyContentDto;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'saved_by', type: 'uuid' })
  savedBy!: string;

  @Column({ name: 'saved_at', type: 'timestamptz' })
  savedAt!: Date;

  @Column({ type: 'boolean' })
  frozen!: boolean;
}

@Entity('strategy_comment')
export class StrategyCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'strategy_id', type: 'uuid' })
  strategyId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'target_type', type: 'varchar', length: 16 })
  targetType!: 'GENERAL' | 'RECOMMENDATION' | 'ACTION';

  @Column({ name: 'target_key', type: 'varchar', length: 60, nullable: true })
  targetKey!: string | null;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('strategy_indicator_value')
export class IndicatorValueEntity {
  @PrimaryColumn({ name: 'strategy_id', type: 'uuid' })
  strategyId!: string;

  @PrimaryColumn({ name: 'indicator_key', type: 'uuid' })
  indicatorKey!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'numeric', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  value!: number;

  @Column({ name: 'entered_by', type: 'uuid' })
  enteredBy!: string;

  @Column({ name: 'entered_at', type: 'timestamptz' })
  enteredAt!: Date;
}

@Entity('strategy_action_progress')
export class ActionProgressEntity {
  @PrimaryColumn({ name: 'strategy_id', type: 'uuid' })
  strategyId!: string;

  @PrimaryColumn({ name: 'action_key', type: 'uuid' })
  actionKey!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: ActionStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'entered_by', type: 'uuid' })
  enteredBy!: string;

  @Column({ name: 'entered_at', type: 'timestamptz' })
  enteredAt!: Date;
}
