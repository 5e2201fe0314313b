import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { hasEmailAddress, type AppointmentKind, type Civility, type Seat } from '@cdlp/shared';

@Entity('member')
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'departement_code', type: 'varchar', length: 3 })
  departementCode!: string;

  @Column({ type: 'varchar', length: 3 })
  civility!: Civility;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ name: 'category_code', type: 'varchar', length: 40 })
  categoryCode!: string;

  @Column({ type: 'text' })
  organisation!: string;

  @Column({ type: 'text' })
  function!: string;

  /** NULL when the member has no e-mail address: convocations are then printed as a letter. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'postal_address', type: 'text', nullable: true })
  postalAddress!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'appointing_order_ref', type: 'text' })
  appointingOrderRef!: string;

  @Column({ name: 'term_start', type: 'date' })
  termStart!: string;

  @Column({ name: 'term_end', type: 'date', nullable: true })
  termEnd!: string | null;

  @Column({ name: 'voting_right', type: 'boolean' })
  votingRight!: boolean;

  @Column({ type: 'varchar', length: 10 })
  seat!: Seat;

  @Column({ name: 'appointment_kind', type: 'varchar', length: 20 })
  appointmentKind!: AppointmentKind;

  @Column({ name: 'titulaire_id', type: 'uuid', nullable: true })
  titulaireId!: string | null;

  /** COMP-3: does not sit on individual PSP examinations. */
  @Column({ name: 'excluded_from_psp', type: 'boolean' })
  excludedFromPsp!: boolean;

  /** COMP-4: the approved association this member represents (recused from its dossiers). */
  @Column({ name: 'association_id', type: 'uuid', nullable: true })
  associationId!: string | null;

  @Column({ name: 'ended_at', type: 'date', nullable: true })
  endedAt!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A member who can be written to by e-mail (the others are convened by letter, CONV-1). */
export type MemberWithEmail = MemberEntity & { email: string };

export function withEmail(member: MemberEntity): member is MemberWithEmail {
  return hasEmailAddress(member.email);
}
