import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PathwayEndReason, ResidencePermitStatus } from '@cdlp/shared';

@Entity('pathway')
export class PathwayEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  reference!: string;

  @Column({ name: 'departement_code', type: 'varchar', length: 3 })
  departementCode!: string;

  @Column({ name: 'association_id', type: 'uuid' })
  associationId!: string;

  @Column({ name: 'initial_request_id', type: 'uuid' })
  initialRequestId!: string;

  @Column({ type: 'varchar', length: 10 })
  state!: 'ACTIVE' | 'ENDED';

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ type: 'boolean' })
  foreigner!: boolean;

  @Column({ name: 'children_count', type: 'integer' })
  childrenCount!: number;

  /** APS-1: for a foreign victim, the provisional residence permit. */
  @Column({ name: 'residence_permit_status', type: 'varchar', length: 20 })
  residencePermitStatus!: ResidencePermitStatus;

  @Column({ name: 'residence_permit_valid_until', type: 'date', nullable: true })
  residencePermitValidUntil!: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 25, nullable: true })
  endReason!: PathwayEndReason | null;

  @Column({ name: 'end_effective_date', type: 'date', nullable: true })
  endEffectiveDate!: string | null;

  @Column({ name: 'end_comment', type: 'text', nullable: true })
  endComment!: string | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** Index of the last period whose expiry alert was sent (PSP-6). */
  @Column({ name: 'last_alert_period', type: 'integer' })
  lastAlertPeriod!: number;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
