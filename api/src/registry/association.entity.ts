import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('association')
export class AssociationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'approval_order_ref', type: 'text' })
  approvalOrderRef!: string;

  @Column({ name: 'approval_start', type: 'date' })
  approvalStart!: string;

  /** PSP-2: approval_start + 3 years - 1 day, computed by the service. */
  @Column({ name: 'approval_end', type: 'date' })
  approvalEnd!: string;

  @Column({ name: 'departement_codes', type: 'text', array: true })
  departementCodes!: string[];

  @Column({ name: 'ended_at', type: 'date', nullable: true })
  endedAt!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
