import type { TaskStepJournaled, Usage } from '@agora/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** One journaled step of a model-driven attempt, as GET /goals/:id/steps lists it. */
export interface TaskStepRecord {
  taskId: string;
  /** The step's name in the goal's plan, when the planner knows the task. */
  taskName: string | null;
  attempt: number;
  seq: number;
  agentId: string;
  kind: string;
  name: string | null;
  callId: string | null;
  /** JSON text, as journaled. */
  arguments: string | null;
  result: string | null;
  usage: Usage | null;
  replayedFrom: number | null;
  recordedAt: Date;
}

interface StepRow {
  task_id: string;
  task_name: string | null;
  attempt: number;
  seq: number;
  agent_id: string;
  kind: string;
  name: string | null;
  call_id: string | null;
  arguments: string | null;
  result: string | null;
  usage: Usage | null;
  replayed_from: number | null;
  recorded_at: Date;
}

/** The journal of goals' model-driven attempts, as read from agora.tasks.journal. */
@Injectable()
export class TaskStepRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores steps in one statement; a step stored already (redelivered) is left as it is. */
  async record(events: readonly TaskStepJournaled[]): Promise<void> {
    const steps = events.filter((e) => e.envelope.goalId !== null);
    if (steps.length === 0) return;
    const columns = (pick: (e: TaskStepJournaled) => unknown) => steps.map(pick);
    await this.dataSource.query(
      `insert into task_steps (task_id, attempt, seq, goal_id, agent_id, kind, name, call_id,
                               arguments, result, request_hash, usage, replayed_from, recorded_at)
       select * from unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                            $12::jsonb[], $13::int[], $14::timestamptz[])
       on conflict (task_id, attempt, seq) do nothing`,
      [
        columns((e) => e.taskId),
        columns((e) => e.attempt),
        columns((e) => e.seq),
        columns((e) => e.envelope.goalId),
        columns((e) => e.agentId),
        columns((e) => e.kind),
        columns((e) => e.name),
        columns((e) => e.callId),
        columns((e) => e.arguments),
        columns((e) => e.result),
        columns((e) => e.requestHash),
        columns((e) => (e.usage ? JSON.stringify(e.usage) : null)),
        columns((e) => e.replayedFrom),
        columns((e) => new Date(e.envelope.occurredAt)),
      ],
    );
  }

  /**
   * Every step of a goal's attempts: tasks in the plan's order, then attempts, then steps; empty
   * for a goal without model-driven attempts, undefined for a goal the planner does not know.
   */
  async forGoal(goalId: string): Promise<TaskStepRecord[] | undefined> {
    const known = await this.dataSource.query<unknown[]>(`select 1 from goals where id = $1`, [
      goalId,
    ]);
    if (known.length === 0) return undefined;
    const rows = await this.dataSource.query<StepRow[]>(
      `select s.task_id, t.name as task_name, s.attempt, s.seq, s.agent_id, s.kind, s.name,
              s.call_id, s.arguments, s.result, s.usage, s.replayed_from, s.recorded_at
         from task_steps s left join tasks t on t.id = s.task_id
        where s.goal_id = $1
        order by t.seq nulls last, s.task_id, s.attempt, s.seq`,
      [goalId],
    );
    return rows.map((r) => ({
      taskId: r.task_id,
      taskName: r.task_name,
      attempt: r.attempt,
      seq: r.seq,
      agentId: r.agent_id,
      kind: r.kind,
      name: r.name,
      callId: r.call_id,
      arguments: r.arguments,
      result: r.result,
      usage: r.usage,
      replayedFrom: r.replayed_from,
      recordedAt: r.recorded_at,
    }));
  }
}
