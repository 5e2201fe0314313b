import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** PV-1: the minutes of a sitting. Computed parts come from the records; only free text is stored. */
@Entity('minutes')
export class MinutesEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'sitting_id', type: 'uuid' })
  sittingId!: string;

  @Column({ type: 'varchar', length: 8 })
  state!: 'DRAFT' | 'SIGNED';

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  introduction!: string | null;

  /** Justifications of failed validity checks, by rule id. */
  @Column({ type: 'jsonb' })
  justifications!: Record<string, string>;

  @Column({ name: 'signed_document_id', type: 'uuid', nullable: true })
  signedDocumentId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
