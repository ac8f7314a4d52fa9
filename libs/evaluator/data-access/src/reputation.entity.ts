import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An agent's reputation for one capability. */
@Entity({ name: 'reputations' })
export class ReputationEntity {
  @PrimaryColumn('text', { name: 'agent_id' })
  agentId!: string;

  @PrimaryColumn('text')
  capability!: string;

  @Column('double precision')
  score!: number;

  @Column('int')
  samples!: number;

  @Column('int')
  failures!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
