import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One verdict per task attempt. The TaskEvaluated envelope is kept so a redelivered
 * TaskCompleted republishes the very same event (same eventId) instead of judging again.
 */
@Entity({ name: 'evaluations' })
export class EvaluationEntity {
  @PrimaryColumn('text', { name: 'task_id' })
  taskId!: string;

  @PrimaryColumn('int')
  attempt!: number;

  @Column('text', { name: 'agent_id' })
  agentId!: string;

  @Column('text')
  capability!: string;

  @Column('text')
  verdict!: 'ACCEPTED' | 'REJECTED';

  @Column('double precision')
  score!: number;

  @Column('text')
  feedback!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('bigint', {
    name: 'occurred_at',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  occurredAt!: number;

  @Column('text', { name: 'goal_id', nullable: true })
  goalId!: string | null;

  @Column('uuid', { name: 'causation_id', nullable: true })
  causationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
