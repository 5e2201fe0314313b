import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('departement')
export class DepartementEntity {
  @PrimaryColumn({ type: 'varchar', length: 3 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  prefecture!: string;
}
