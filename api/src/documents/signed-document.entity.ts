import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SignedDocumentKind } from '@cdlp/shared';

/** SIG-1: immutable once written (trigger in the migration). */
@Entity('signed_document')
export class SignedDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: SignedDocumentKind;

  /** The sitting (minutes), the request (decision) or the strategy version. */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  title!: string;

  /** SHA-256 of the signed PDF, the key of the verification. */
  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ name: 'content_enc', type: 'bytea', select: false })
  contentEnc!: Buffer;

  @Column({ name: 'key_id', type: 'varchar', length: 40 })
  keyId!: string;

  @Column({ name: 'signer_user_id', type: 'uuid' })
  signerUserId!: string;

  @Column({ name: 'signer_name', type: 'text' })
  signerName!: string;

  @Column({ name: 'signer_quality', type: 'text' })
  signerQuality!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId!: string | null;
}
