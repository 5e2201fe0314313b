import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Decision, NationalityGroup, Opinion, PspRequestKind, PspRequestState } from '@cdlp/shared';

@Entity('psp_request')
export class PspRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** DP-2: the pseudonymous reference, e.g. PSP-86-2026-0007. */
  @Column({ type: 'varchar', length: 20 })
  reference!: string;

  @Column({ name: 'departement_code', type: 'varchar', length: 3 })
  departementCode!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: PspRequestKind;

  @Column({ type: 'varchar', length: 20 })
  state!: PspRequestState;

  @Column({ name: 'association_id', type: 'uuid' })
  associationId!: string;

  @Column({ name: 'pathway_id', type: 'uuid', nullable: true })
  pathwayId!: string | null;

  /** DP-1: the whole dossier, AES-256-GCM. */
  @Column({ name: 'dossier_enc', type: 'bytea', nullable: true })
  dossierEnc!: Buffer | null;

  @Column({ name: 'key_id', type: 'varchar', length: 40, nullable: true })
  keyId!: string | null;

  @Column({ type: 'boolean' })
  urgent!: boolean;

  @Column({ name: 'age_band', type: 'text', nullable: true })
  ageBand!: string | null;

  @Column({ name: 'nationality_group', type: 'varchar', length: 20, nullable: true })
  nationalityGroup!: NationalityGroup | null;

  @Column({ type: 'boolean', nullable: true })
  foreigner!: boolean | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** PSP-4: the start of the key service measure (completion to opinion). */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'varchar', length: 15, nullable: true })
  opinion!: Opinion | null;

  @Column({ name: 'opinion_at', type: 'timestamptz', nullable: true })
  opinionAt!: Date | null;

  @Column({ type: 'varchar', length: 15, nullable: true })
  decision!: Decision | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawn_reason_enc', type: 'bytea', nullable: true })
  withdrawnReasonEnc!: Buffer | null;

  @Column({ name: 'nationality_waiver_accepted', type: 'boolean', nullable: true })
  nationalityWaiverAccepted!: boolean | null;

  @Column({ name: 'nationality_waiver_at', type: 'timestamptz', nullable: true })
  nationalityWaiverAt!: Date | null;

  @Column({ name: 'nationality_waiver_reason_enc', type: 'bytea', nullable: true })
  nationalityWaiverReasonEnc!: Buffer | null;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
