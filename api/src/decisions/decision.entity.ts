import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Decision } from '@cdlp/shared';

/** PSP-5: the préfet's decision, a separate act from the commission's opinion. */
@Entity('decision')
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: Decision;

  /** The reasons may describe the person's situation: encrypted (DP-1). */
  @Column({ name: 'reasons_enc', type: 'bytea' })
  reasonsEnc!: Buffer;

  @Column({ name: 'pathway_start_date', type: 'date', nullable: true })
  pathwayStartDate!: string | null;

  @Column({ type: 'varchar', length: 8 })
  state!: 'DRAFT' | 'SIGNED';

  @Column({ name: 'signed_document_id', type: 'uuid', nullable: true })
  signedDocumentId!: string | null;

  @Column({ name: 'prepared_by', type: 'uuid' })
  preparedBy!: string;

  @Column({ name: 'prepared_at', type: 'timestamptz' })
  preparedAt!: Date;

  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true })
  signedAt!: Date | null;
}
