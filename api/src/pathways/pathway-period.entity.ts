import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('pathway_period')
export class PathwayPeriodEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ type: 'integer' })
  idx!: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;
}
