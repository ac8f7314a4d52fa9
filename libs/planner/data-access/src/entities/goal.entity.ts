import type { GoalRecord, GoalState, PlanSource } from '@agora/planner/domain';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

@Entity({ name: 'goals' })
@Index('goals_created_at_idx', ['createdAt'])
export class GoalEntity implements GoalRecord {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text', nullable: true }) workflow!: string | null;
  @Column({ name: 'requested_workflow', type: 'text', nullable: true })
  requestedWorkflow!: string | null;
  @Column({ name: 'requested_plan', type: 'text', nullable: true })
  requestedPlan!: string | null;
  @Column({ name: 'plan_source', type: 'text', nullable: true }) planSource!: PlanSource | null;
  @Column({ type: 'jsonb' }) inputs!: Record<string, string>;
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true }) deadlineAt!: Date | null;
  @Column({ name: 'max_tasks', type: 'int', nullable: true }) maxTasks!: number | null;
  @Column({ name: 'max_cost_usd', type: 'double precision', nullable: true })
  maxCostUsd!: number | null;
  @Column({ name: 'max_wait_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  maxWaitMs!: number | null;
  @Column({ type: 'int' }) priority!: number;
  @Column({ name: 'submitted_by', type: 'text', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'trace_id', type: 'text', nullable: true }) traceId!: string | null;
  @Column({ type: 'text' }) state!: GoalState;
  @Column({ type: 'text', nullable: true }) output!: string | null;
  @Column({ name: 'failure_code', type: 'text', nullable: true }) failureCode!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'failed_task_id', type: 'text', nullable: true }) failedTaskId!: string | null;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ name: 'input_tokens', type: 'bigint', transformer: bigintAsNumber })
  inputTokens!: number;
  @Column({ name: 'output_tokens', type: 'bigint', transformer: bigintAsNumber })
  outputTokens!: number;
  @Column({ name: 'cost_usd', type: 'double precision' }) costUsd!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}
