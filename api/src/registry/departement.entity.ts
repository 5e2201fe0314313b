import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** TENANT-1: a département served by the national instance (a national table, without RLS). */
@Entity('departement')
export class DepartementEntity {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  prefecture!: string;

  /** The sender name of the département's e-mails ("CDLP de la Vienne"). */
  @Column({ name: 'mail_sender_name', type: 'text', nullable: true })
  mailSenderName!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
