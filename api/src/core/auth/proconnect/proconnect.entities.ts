import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A ProConnect login in progress. It lives in PostgreSQL rather than in memory so that the
 * callback can reach any instance behind the load balancer; it is single use (used_at) and
 * expires after a few minutes. The state and the browser-binding cookie are stored as hashes.
 */
@Entity('proconnect_login_attempt')
export class ProConnectLoginAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'state_hash', type: 'char', length: 64 })
  stateHash!: string;

  @Column({ name: 'browser_hash', type: 'char', length: 64 })
  browserHash!: string;

  @Column({ type: 'text' })
  nonce!: string;

  /** PKCE verifier; null when the provider does not advertise S256. */
  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier!: string | null;

  @Column({ name: 'return_path', type: 'text' })
  returnPath!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}

/** The ID token of a session opened with ProConnect, encrypted (DP-1), for the logout at ProConnect. */
@Entity('proconnect_session')
export class ProConnectSessionEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @Column({ name: 'id_token', type: 'bytea' })
  idToken!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
