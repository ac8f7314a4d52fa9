import { Column, Entity, PrimaryColumn } from 'typeorm';
import { millis } from './millis.transformer';

/** The latest heartbeat of each agent: the roster that decides when a round may close early. */
@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'text' }) agentId!: string;
  @Column({ type: 'text', array: true }) capabilities!: string[];
  @Column({ type: 'integer' }) capacity!: number;
  @Column({ name: 'active_tasks', type: 'integer' }) activeTasks!: number;
  @Column({ type: 'text' }) status!: 'ONLINE' | 'DRAINING' | 'OFFLINE';
  @Column({ name: 'interval_ms', type: 'integer' }) intervalMs!: number;
  /** When the latest heartbeat was produced (its envelope's occurredAt). */
  @Column({ name: 'last_seen', type: 'bigint', transformer: millis }) lastSeen!: number;
}
