import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What one agent has learnt about itself for one capability; read when it bids. */
@Entity({ name: 'agent_capability_stats' })
export class AgentCapabilityStatsEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'text' })
  agentId!: string;

  @PrimaryColumn({ type: 'text' })
  capability!: string;

  /** Exponentially weighted mean of completed attempts' durations. */
  @Column({ name: 'ewma_duration_ms', type: 'double precision', nullable: true })
  ewmaDurationMs!: number | null;

  @Column({ name: 'duration_samples', type: 'integer', default: 0 })
  durationSamples!: number;

  @Column({ type: 'integer', default: 0 })
  successes!: number;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/**
 * Outcomes already counted, one row per (task, attempt, kind): recording the same outcome again
 * (a redelivered event) changes nothing.
 */
@Entity({ name: 'task_outcome' })
export class TaskOutcomeEntity {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId!: string;

  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  /** completed, failed, accepted or rejected. */
  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @Column({ name: 'agent_id', type: 'text' })
  agentId!: string;

  @Column({ type: 'text' })
  capability!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
