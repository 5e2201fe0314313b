import { Column, Entity, PrimaryColumn } from 'typeorm';

/** COMP-2 / COMP-3: member categories as dated configuration. */
@Entity('member_category')
export class MemberCategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'excluded_from_psp_by_default', type: 'boolean' })
  excludedFromPspByDefault!: boolean;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'sort_order', type: 'integer' })
  sortOrder!: number;
}
