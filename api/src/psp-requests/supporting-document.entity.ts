import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('supporting_document')
export class SupportingDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'item_code', type: 'varchar', length: 40 })
  itemCode!: string;

  @Column({ name: 'doc_type', type: 'varchar', length: 40, nullable: true })
  docType!: string | null;

  @Column({ name: 'issue_date', type: 'date', nullable: true })
  issueDate!: string | null;

  @Column({ name: 'expiry_date', type: 'date', nullable: true })
  expiryDate!: string | null;

  /** A file name may hold the person's name: encrypted too. */
  @Column({ name: 'filename_enc', type: 'bytea' })
  filenameEnc!: Buffer;

  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Null once purged (DP-3). Not loaded by default: documents can weigh 10 MB. */
  @Column({ name: 'content_enc', type: 'bytea', nullable: true, select: false })
  contentEnc!: Buffer | null;

  @Column({ name: 'key_id', type: 'varchar', length: 40 })
  keyId!: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
