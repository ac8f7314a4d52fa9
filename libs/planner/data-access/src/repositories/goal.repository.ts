import type { GoalRecord, GoalSnapshot, GoalState } from '@agora/planner/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { GoalEntity } from '../entities/goal.entity';
import { TaskEntity } from '../entities/task.entity';

/** Saves a goal and its tasks inside the transaction that locked the goal. */
export interface GoalTransaction {
  save(snapshot: GoalSnapshot): Promise<void>;
}

/** A page of goals, newest first. */
export interface GoalPage {
  items: GoalRecord[];
  total: number;
}

const liveStates: GoalState[] = ['accepted', 'planned', 'running'];

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

  /** Removes a goal that was never announced (its GoalSubmitted could not be published). */
  async deleteAccepted(goalId: string): Promise<void> {
    await this.dataSource.getRepository(GoalEntity).delete({ id: goalId, state: 'accepted' });
  }

  /**
   * Runs `work` with the goal locked and its tasks loaded (null when the goal is unknown). What
   * `work` saves commits when it returns; if it throws, nothing is saved.
   */
  async withGoalLocked<T>(
    goalId: string,
    work: (snapshot: GoalSnapshot | null, tx: GoalTransaction) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const goal = await manager
        .getRepository(GoalEntity)
        .createQueryBuilder('goal')
        .setLock('pessimistic_write')
        .where('goal.id = :goalId', { goalId })
        .getOne();
      const snapshot = goal ? { goal, tasks: await this.tasksOf(manager, goalId) } : null;
      return work(snapshot, transactionOf(manager));
    });
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
      const goals = await manager
        .getRepository(GoalEntity)
        .createQueryBuilder('goal')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('goal.deadlineAt <= :now', { now })
        .andWhere('goal.state in (:...live)', { live: liveStates })
        .orderBy('goal.deadlineAt', 'ASC')
        .limit(limit)
        .getMany();
      for (const goal of goals) {
        await work({ goal, tasks: await this.tasksOf(manager, goal.id) }, transactionOf(manager));
      }
      return goals.length;
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
    async save({ goal, tasks }) {
      await manager.getRepository(GoalEntity).upsert(goal, ['id']);
      if (tasks.length > 0) {
        // TaskRecord and TaskEntity have the same fields; TypeORM's deep-partial type chokes on jsonb
        // fields typed Record<string, unknown>.
        await manager
          .getRepository(TaskEntity)
          .upsert(tasks as unknown as QueryDeepPartialEntity<TaskEntity>[], ['id']);
      }
    },
  };
}
