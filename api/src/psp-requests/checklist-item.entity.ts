import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PspRequestKind } from '@cdlp/shared';

/** PSP-3: the checklist is dated configuration, editable by ADMIN. */
@Entity('psp_checklist_item')
export class ChecklistItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: PspRequestKind;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'boolean' })
  required!: boolean;

  @Column({ name: 'one_of', type: 'text', array: true })
  oneOf!: string[];

  @Column({ name: 'max_age_months', type: 'integer', nullable: true })
  maxAgeMonths!: number | null;

  @Column({ name: 'expired_needs_second', type: 'boolean' })
  expiredNeedsSecond!: boolean;

  @Column({ name: 'never_required_reason', type: 'text', nullable: true })
  neverRequiredReason!: string | null;

  @Column({ type: 'text', nullable: true })
  alternative!: string | null;

  @Column({ name: 'sort_order', type: 'integer' })
  sortOrder!: number;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;
}
