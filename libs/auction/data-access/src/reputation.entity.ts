import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer';

/** An agent's reputation for one capability, from the latest AgentReputation. */
@Entity({ name: 'reputations' })
export class ReputationEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'text' }) agentId!: string;
  @PrimaryColumn({ type: 'text' }) capability!: string;
  @Column({ type: 'double precision' }) score!: number;
  @Column({ type: 'integer' }) samples!: number;
  @Column({ type: 'integer' }) failures!: number;
  @Column({ name: 'updated_at', type: 'bigint', transformer: millis }) updatedAt!: number;
}
