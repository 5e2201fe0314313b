import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@cdlp/shared';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** TENANT-1: the département the account belongs to; NULL for national accounts. */
  @Column({ name: 'departement_code', type: 'varchar', length: 3, nullable: true })
  departementCode!: string | null;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ name: 'association_id', type: 'uuid', nullable: true })
  associationId!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'failed_login_count', type: 'integer' })
  failedLoginCount!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt!: Date;

  /** ProConnect: when an administrator invited the account (State agents only). */
  @Column({ name: 'proconnect_invited_at', type: 'timestamptz', nullable: true })
  proconnectInvitedAt!: Date | null;

  /** ProConnect: the identity (`sub`) linked at the first ProConnect login; unique. */
  @Column({ name: 'proconnect_sub', type: 'text', nullable: true })
  proconnectSub!: string | null;

  @Column({ name: 'proconnect_linked_at', type: 'timestamptz', nullable: true })
  proconnectLinkedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
