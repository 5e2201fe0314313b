import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * SIG-1: the signing certificate of a département (each préfet signs with their own). The
 * PKCS#12 file and its password are ciphertexts of the CryptoService (DP-1), bound to the
 * département; a demo certificate (demo mode) is marked `demo`.
 */
@Entity('departement_signing_certificate')
export class DepartementCertificateEntity {
  @PrimaryColumn({ name: 'departement_code', type: 'varchar', length: 3 })
  departementCode!: string;

  @Column({ name: 'p12_enc', type: 'bytea', select: false })
  p12Enc!: Buffer;

  @Column({ name: 'password_enc', type: 'bytea', select: false })
  passwordEnc!: Buffer;

  @Column({ name: 'key_id', type: 'varchar', length: 40 })
  keyId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'valid_from', type: 'timestamptz', nullable: true })
  validFrom!: Date | null;

  @Column({ name: 'valid_to', type: 'timestamptz', nullable: true })
  validTo!: Date | null;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ type: 'boolean' })
  demo!: boolean;
}
