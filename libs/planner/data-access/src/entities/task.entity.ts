import type { DoneBy } from '@agora/contracts';
import type { StepCondition, TaskRecord, TaskState } from '@agora/planner/domain';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

@Entity({ name: 'tasks' })
@Index('tasks_goal_id_seq_idx', ['goalId', 'seq'])
export class TaskEntity implements TaskRecord {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'goal_id', type: 'text' }) goalId!: string;
  @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) capability!: string;
  @Column({ name: 'depends_on', type: 'jsonb' }) dependsOn!: string[];
  @Column({ type: 'jsonb' }) params!: Record<string, unknown>;
  @Column({ name: 'output_kind', type: 'text', nullable: true }) outputKind!: string | null;
  @Column({ type: 'jsonb', nullable: true }) condition!: StepCondition | null;
  @Column({ name: 'max_attempts', type: 'int' }) maxAttempts!: number;
  @Column({ type: 'text' }) state!: TaskState;
  @Column({ type: 'int' }) attempt!: number;
  @Column({ name: 'released_attempts', type: 'int' }) releasedAttempts!: number;
  @Column({ name: 'waiting_reason', type: 'text', nullable: true }) waitingReason!: string | null;
  @Column({ name: 'decision_due_at', type: 'timestamptz', nullable: true })
  decisionDueAt!: Date | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'excluded_agents', type: 'jsonb' }) excludedAgents!: string[];
  @Column({ name: 'last_feedback', type: 'text', nullable: true }) lastFeedback!: string | null;
  @Column({ name: 'agent_id', type: 'text', nullable: true }) agentId!: string | null;
  @Column({ name: 'award_score', type: 'double precision', nullable: true })
  awardScore!: number | null;
  @Column({ type: 'jsonb' }) bidders!: string[];
  @Column({ type: 'text', nullable: true }) output!: string | null;
  @Column({ name: 'done_by', type: 'jsonb', nullable: true }) doneBy!: DoneBy | null;
  @Column({ name: 'eval_attempt', type: 'int', nullable: true }) evalAttempt!: number | null;
  @Column({ type: 'text', nullable: true }) verdict!: 'ACCEPTED' | 'REJECTED' | null;
  @Column({ name: 'eval_score', type: 'double precision', nullable: true })
  evalScore!: number | null;
  @Column({ name: 'eval_feedback', type: 'text', nullable: true }) evalFeedback!: string | null;
  @Column({ name: 'duration_ms', type: 'bigint', transformer: bigintAsNumber })
  durationMs!: number;
  @Column({ name: 'input_tokens', type: 'bigint', transformer: bigintAsNumber })
  inputTokens!: number;
  @Column({ name: 'output_tokens', type: 'bigint', transformer: bigintAsNumber })
  outputTokens!: number;
  @Column({ name: 'cost_usd', type: 'double precision' }) costUsd!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}
