import { delegationInputs, type TaskCompleted, type TaskFailed } from '@agora/contracts';
import type {
  GoalRecord,
  GoalSnapshot,
  GoalState,
  TaskRecord,
  TaskState,
} from '@agora/planner/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { GoalEntity } from '../entities/goal.entity';
import { TaskEntity } from '../entities/task.entity';
import { claimHeldResults, holdResults, lockAttempts, type AttemptKey } from '@agora/database';
import { lockSnapshots, writeSnapshots } from './snapshot-sql';

/** Writes inside the transaction that locked the goals. */
export interface GoalTransaction {
  /** For writes that commit with the goals, such as the outbox. */
  readonly manager: EntityManager;
  /** Writes a goal and every one of its tasks. */
  save(snapshot: GoalSnapshot): Promise<void>;
  /** Writes only the given goals and tasks, each set in one statement. */
  saveChanges(goals: readonly GoalRecord[], tasks: readonly TaskRecord[]): Promise<void>;
  /** Keeps results until the award of their attempt is read; one per sender and type. */
  holdResults(results: readonly HeldResult[]): Promise<void>;
  /**
   * Takes held results out of the table to apply them, returning those this transaction took:
   * one found by two paths at once (the award's handler and the sweeper) is applied once.
   */
  claimHeld(results: readonly HeldResult[]): Promise<HeldResult[]>;
}

/** A result or failure read before the award of its attempt, kept until the award is read. */
export type HeldResult =
  { type: 'TaskCompleted'; event: TaskCompleted } | { type: 'TaskFailed'; event: TaskFailed };

/** What recording a batch of awards did. */
export interface AwardsRecorded {
  /** Tasks that moved to `awarded`. */
  moved: number;
  /** Results of these attempts that were waiting for their award, to apply now. */
  held: HeldResult[];
}

/** The award of an attempt, as the task list shows it. */
export interface AwardedTask {
  taskId: string;
  attempt: number;
  agentId: string;
  score: number;
  bidders: string[];
}

/** A live sub-goal whose parent goal has ended. */
export interface OrphanedSubGoal {
  goalId: string;
  parentGoalId: string;
  /** completed or failed. */
  parentState: string;
}

/** Why an attempt waits, as the task list shows it. */
export interface WaitingTask {
  taskId: string;
  attempt: number;
  reason: string;
}

/** An approval step waiting for a person, as GET /decisions lists it. */
export interface PendingDecision {
  goalId: string;
  goal: string;
  taskId: string;
  name: string;
  params: Record<string, unknown>;
  /** When the step decides by its onTimeout. */
  dueAt: Date;
  /** Since when it waits. */
  since: Date;
}

/** A page of goals, newest first. */
export interface GoalPage {
  items: GoalRecord[];
  total: number;
}

/**
 * Goals and tasks in PostgreSQL. Every change to a goal happens in a transaction that first
 * locks the goal row (SELECT … FOR UPDATE): events about one goal can reach two replicas at once
 * (task topics are keyed by task, not goal), and the lock makes them apply one after the other.
 */
@Injectable()
export class GoalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a goal unless one with its id exists; true when this call inserted it. */
  async insertIfAbsent(goal: GoalRecord): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(GoalEntity)
      .values(goal)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Inserts the goals not recorded yet, in one statement; returns the ids it inserted. */
  async insertGoals(goals: readonly GoalRecord[]): Promise<string[]> {
    if (goals.length === 0) return [];
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(GoalEntity)
      .values([...goals])
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  /**
   * Runs `work` with the goals locked (in id order, so two batches never deadlock) and their
   * tasks loaded, in one transaction: two statements to load any number of goals. Unknown goals
   * are absent from the map.
   */
  async withGoalsLocked<T>(
    goalIds: readonly string[],
    work: (snapshots: Map<string, GoalSnapshot>, tx: GoalTransaction) => Promise<T>,
    attempts: readonly AttemptKey[] = [],
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const ids = [...new Set(goalIds)].sort();
      const snapshots = await lockSnapshots(manager, { ids, attempts });
      return work(new Map(snapshots.map((sn) => [sn.goal.id, sn])), transactionOf(manager));
    });
  }

  /**
   * Records awards without locking goals: an award changes only its own task, and only while the
   * attempt is still the current one. The state moves to awarded only from `fromStates`. Under
   * the lock of each attempt (see {@link lockAttempts}), so a result about the attempt either
   * was held before this commits, and is returned here to be applied, or sees the award.
   */
  async markAwarded(
    awards: readonly AwardedTask[],
    fromStates: readonly TaskState[],
  ): Promise<AwardsRecorded> {
    if (awards.length === 0) return { moved: 0, held: [] };
    return this.dataSource.transaction(async (manager) => {
      await lockAttempts(manager, awards);
      const moved = await this.updateAwarded(manager, awards, fromStates);
      const held = await manager.query<HeldResult[]>(
        `select h.event_type as type, h.event
           from held_results h
           join unnest($1::text[], $2::int[]) as a(task_id, attempt)
             on h.task_id = a.task_id and h.attempt = a.attempt
          order by h.held_at`,
        [awards.map((a) => a.taskId), awards.map((a) => a.attempt)],
      );
      return { moved, held };
    });
  }

  /**
   * Held results that can no longer wait for an award to the agent that sent them: the attempt
   * is over or was awarded (to someone else), or its goal has finished. They go through the
   * ordinary path once more, to be refused, ignored or applied, and released.
   */
  async heldResultsToSettle(limit: number): Promise<HeldResult[]> {
    return this.dataSource.query<HeldResult[]>(
      `select h.event_type as type, h.event
         from held_results h
        where not exists (
                select 1 from tasks t join goals g on g.id = t.goal_id
                 where t.id = h.task_id and t.attempt = h.attempt and t.agent_id is null
                   and g.state in ('accepted', 'planned', 'running'))
        order by h.held_at
        limit $1`,
      [limit],
    );
  }

  private async updateAwarded(
    manager: EntityManager,
    awards: readonly AwardedTask[],
    fromStates: readonly TaskState[],
  ): Promise<number> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows] = await manager.query<[unknown[], number]>(
      `update tasks t
          set agent_id = coalesce(t.agent_id, a.agent_id), award_score = a.score, bidders = a.bidders,
              waiting_reason = null,
              state = case when t.state = any($6::text[]) then 'awarded' else t.state end,
              updated_at = now()
         from unnest($1::text[], $2::int[], $3::text[], $4::float8[], $5::jsonb[])
           as a(task_id, attempt, agent_id, score, bidders)
        where t.id = a.task_id and t.attempt = a.attempt
        returning t.id`,
      [
        awards.map((a) => a.taskId),
        awards.map((a) => a.attempt),
        awards.map((a) => a.agentId),
        awards.map((a) => a.score),
        awards.map((a) => JSON.stringify(a.bidders)),
        fromStates,
      ],
    );
    return rows.length;
  }

  /** Records why attempts wait, without locking goals; only attempts still in `fromStates`. */
  async markWaiting(waits: readonly WaitingTask[], fromStates: readonly TaskState[]) {
    if (waits.length === 0) return 0;
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `update tasks t set state = 'waiting', waiting_reason = w.reason, updated_at = now()
         from unnest($1::text[], $2::int[], $3::text[]) as w(task_id, attempt, reason)
        where t.id = w.task_id and t.attempt = w.attempt and t.state = any($4::text[])
        returning t.id`,
      [
        waits.map((w) => w.taskId),
        waits.map((w) => w.attempt),
        waits.map((w) => w.reason),
        fromStates,
      ],
    );
    return rows.length;
  }

  /** Marks attempts running on their first progress report, without locking goals. */
  async markRunning(
    attempts: readonly { taskId: string; attempt: number; agentId: string }[],
    fromStates: readonly TaskState[],
  ) {
    if (attempts.length === 0) return 0;
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `update tasks t set state = 'running', waiting_reason = null, updated_at = now()
         from unnest($1::text[], $2::int[], $3::text[]) as p(task_id, attempt, agent_id)
        where t.id = p.task_id and t.attempt = p.attempt and t.state = any($4::text[])
          and (t.agent_id is null or t.agent_id = p.agent_id)
        returning t.id`,
      [
        attempts.map((a) => a.taskId),
        attempts.map((a) => a.attempt),
        attempts.map((a) => a.agentId),
        fromStates,
      ],
    );
    return rows.length;
  }

  /** Those of the given goals still waiting for a plan. */
  findAccepted(goalIds: readonly string[]): Promise<GoalRecord[]> {
    if (goalIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(GoalEntity)
      .findBy({ id: In([...goalIds]), state: 'accepted' });
  }

  /** Goals not finished yet: the backlog admission control looks at. */
  async countLive(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: string }[]>(
      `select count(*) as n from goals where state in ('accepted', 'planned', 'running')`,
    );
    return Number(row?.n ?? 0);
  }

  /**
   * Inserts a new goal and runs `work` (staging its events) in the same transaction: the goal
   * and its announcement commit together or not at all.
   */
  async insertGoalWith(
    goal: GoalRecord,
    work: (tx: GoalTransaction) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.createQueryBuilder().insert().into(GoalEntity).values(goal).execute();
      await work(transactionOf(manager));
    });
  }

  /**
   * Runs `work` with the goal locked and its tasks loaded (null when the goal is unknown). What
   * `work` saves commits when it returns; if it throws, nothing is saved.
   */
  async withGoalLocked<T>(
    goalId: string,
    work: (snapshot: GoalSnapshot | null, tx: GoalTransaction) => Promise<T>,
  ): Promise<T> {
    return this.withGoalsLocked([goalId], (snapshots, tx) =>
      work(snapshots.get(goalId) ?? null, tx),
    );
  }

  /**
   * Locks up to `limit` live goals whose deadline has passed, skipping goals another replica has
   * locked (SKIP LOCKED), and runs `work` on each inside one transaction.
   */
  async withOverdueGoalsLocked(
    now: Date,
    limit: number,
    work: (snapshot: GoalSnapshot, tx: GoalTransaction) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const snapshots = await lockSnapshots(manager, { overdueAt: now, limit });
      for (const snapshot of snapshots) await work(snapshot, transactionOf(manager));
      return snapshots.length;
    });
  }

  /** Goals still waiting for a plan since before `before` (their planner may have died). */
  async unplannedGoalIds(before: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(GoalEntity)
      .createQueryBuilder('goal')
      .select('goal.id', 'id')
      .where('goal.state = :state', { state: 'accepted' })
      .andWhere('goal.updatedAt < :before', { before })
      .orderBy('goal.updatedAt', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * The TaskReady of each task still `ready` since before `before` (its call never reached an
   * auction that acted on it: lost after an outage outlasted the retries, or sent to a topic
   * nobody read), taken from the outbox, which keeps what it published for an hour. The tasks'
   * clocks are reset, so each is sent again at most once per interval.
   */
  async stalledTaskReady(before: Date, limit: number): Promise<unknown[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; payload: unknown }[] = await manager.query(
        `select t.id, o.payload
           from tasks t
           join outbox o
             on o.event_type = 'TaskReady' and o.event_key = t.id
            and (o.payload->>'attempt')::int = t.attempt
          where t.state = 'ready' and t.updated_at < $1
          order by t.updated_at
          limit $2
          for update of t skip locked`,
        [before, limit],
      );
      if (rows.length > 0) {
        await manager.query(`update tasks set updated_at = now() where id = any($1::text[])`, [
          rows.map((r) => r.id),
        ]);
      }
      return rows.map((r) => r.payload);
    });
  }

  /**
   * Live sub-goals (see delegationInputs) whose parent goal has ended, oldest first: nobody waits
   * for their answer any more. A parent the planner does not know is not a reason to cancel.
   */
  async orphanedSubGoals(limit: number): Promise<OrphanedSubGoal[]> {
    const rows = await this.dataSource.query<
      { id: string; parent_id: string; parent_state: string }[]
    >(
      `select c.id, p.id as parent_id, p.state as parent_state
         from goals c join goals p on p.id = c.inputs ->> '${delegationInputs.parentGoal}'
        where c.inputs ? '${delegationInputs.parentGoal}'
          and c.state in ('accepted', 'planned', 'running')
          and p.state in ('completed', 'failed')
        order by c.created_at
        limit $1`,
      [limit],
    );
    return rows.map((r) => ({
      goalId: r.id,
      parentGoalId: r.parent_id,
      parentState: r.parent_state,
    }));
  }

  /**
   * Live goals with an approval whose person did not decide by its deadline, oldest deadline
   * first. The sweeper applies each under the goal's lock, where the engine checks again.
   */
  async goalsWithDecisionsDue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ goal_id: string }[]>(
      `select t.goal_id from tasks t
        where t.state = 'waiting' and t.decision_due_at <= $1
        group by t.goal_id
        order by min(t.decision_due_at)
        limit $2`,
      [now, limit],
    );
    return rows.map((r) => r.goal_id);
  }

  /** Approval steps waiting for a person across live goals, the soonest due first. */
  async pendingDecisions(limit: number): Promise<PendingDecision[]> {
    const rows = await this.dataSource.query<
      {
        goal_id: string;
        goal: string;
        task_id: string;
        name: string;
        params: Record<string, unknown>;
        due_at: Date;
        since: Date;
      }[]
    >(
      `select t.goal_id, g.text as goal, t.id as task_id, t.name, t.params,
              t.decision_due_at as due_at, t.updated_at as since
         from tasks t join goals g on g.id = t.goal_id
        where t.state = 'waiting' and t.decision_due_at is not null
          and g.state in ('planned', 'running')
        order by t.decision_due_at, t.id
        limit $1`,
      [limit],
    );
    return rows.map((r) => ({
      goalId: r.goal_id,
      goal: r.goal,
      taskId: r.task_id,
      name: r.name,
      params: r.params,
      dueAt: new Date(r.due_at),
      since: new Date(r.since),
    }));
  }

  async find(goalId: string): Promise<GoalSnapshot | null> {
    const goal = await this.dataSource.getRepository(GoalEntity).findOneBy({ id: goalId });
    if (!goal) return null;
    return { goal, tasks: await this.tasksOf(this.dataSource.manager, goalId) };
  }

  async list(options: { limit: number; offset: number; state?: GoalState }): Promise<GoalPage> {
    const [items, total] = await this.dataSource.getRepository(GoalEntity).findAndCount({
      where: options.state ? { state: options.state } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: options.limit,
      skip: options.offset,
    });
    return { items, total };
  }

  private tasksOf(manager: EntityManager, goalId: string): Promise<TaskEntity[]> {
    return manager.getRepository(TaskEntity).find({ where: { goalId }, order: { seq: 'ASC' } });
  }
}

function transactionOf(manager: EntityManager): GoalTransaction {
  return {
    manager,
    saveChanges: (goals, tasks) => writeSnapshots(manager, goals, tasks),
    save: ({ goal, tasks }) => writeSnapshots(manager, [goal], tasks),
    holdResults: (results) =>
      holdResults(
        manager,
        results.flatMap(({ type, event }) =>
          event.agentId === null
            ? []
            : [
                {
                  taskId: event.taskId,
                  attempt: event.attempt,
                  agentId: event.agentId,
                  type,
                  event,
                },
              ],
        ),
      ),
    claimHeld: (results) =>
      claimHeldResults<HeldResult['event']>(
        manager,
        results.map(({ type, event }) => ({
          taskId: event.taskId,
          attempt: event.attempt,
          agentId: event.agentId ?? '',
          type,
        })),
      ) as Promise<HeldResult[]>,
  };
}
