import { INITIAL_REPUTATION, type Reputation } from '@agora/evaluator/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { EvaluationEntity } from './evaluation.entity';
import { ReputationEntity } from './reputation.entity';

/** A verdict to store, with the envelope of the TaskEvaluated that announces it. */
export type EvaluationRecord = Omit<EvaluationEntity, 'createdAt'>;

/** One capability's figures for an agent. */
export interface CapabilityFigures extends Reputation {
  capability: string;
}

/** How a reputation moves, computed from the current figures (undefined when there are none yet). */
export type ReputationUpdate = (current: Reputation | undefined) => Reputation;

/**
 * Verdicts, failures and reputations. Recording a verdict or a failure and moving the
 * reputation happen in one transaction, and only the first time for a (task, attempt): a
 * redelivered event changes nothing. The reputation row is locked while it moves, so replicas
 * judging the same agent at once do not lose an update.
 */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findEvaluation(taskId: string, attempt: number): Promise<EvaluationRecord | undefined> {
    const row = await this.dataSource
      .getRepository(EvaluationEntity)
      .findOneBy({ taskId, attempt });
    return row ?? undefined;
  }

  /** Stores the verdict unless one exists; returns the stored one and whether it was new. */
  async recordEvaluation(
    record: EvaluationRecord,
    update: ReputationUpdate,
  ): Promise<{ evaluation: EvaluationRecord; created: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(EvaluationEntity)
        .values(record)
        .orIgnore()
        .returning(['taskId'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) {
        const existing = await m
          .getRepository(EvaluationEntity)
          .findOneByOrFail({ taskId: record.taskId, attempt: record.attempt });
        return { evaluation: existing, created: false };
      }
      await this.moveReputation(m, record.agentId, record.capability, update);
      return { evaluation: record, created: true };
    });
  }

  /** Counts a failure against the agent once per (task, attempt); returns whether it was new. */
  async recordFailure(
    failure: { taskId: string; attempt: number; agentId: string; capability: string; code: string },
    update: ReputationUpdate,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `insert into agent_failures (task_id, attempt, agent_id, capability, code)
         values ($1, $2, $3, $4, $5) on conflict do nothing returning task_id`,
        [failure.taskId, failure.attempt, failure.agentId, failure.capability, failure.code],
      );
      if (rows.length === 0) return false;
      await this.moveReputation(m, failure.agentId, failure.capability, update);
      return true;
    });
  }

  /** Every capability of an agent, by name. */
  async reputationsOf(agentId: string): Promise<CapabilityFigures[]> {
    const rows = await this.dataSource
      .getRepository(ReputationEntity)
      .find({ where: { agentId }, order: { capability: 'ASC' } });
    return rows.map((r) => ({
      capability: r.capability,
      score: r.score,
      samples: r.samples,
      failures: r.failures,
    }));
  }

  private async moveReputation(
    m: EntityManager,
    agentId: string,
    capability: string,
    update: ReputationUpdate,
  ) {
    // Create the row first, so the lock below always has a row to hold: without it, two
    // first-ever updates of one agent and capability would both start from nothing.
    await m.query(
      `insert into reputations (agent_id, capability, score, samples, failures)
       values ($1, $2, $3, 0, 0) on conflict do nothing`,
      [agentId, capability, INITIAL_REPUTATION.score],
    );
    const rows: { score: number; samples: number; failures: number }[] = await m.query(
      `select score, samples, failures from reputations where agent_id = $1 and capability = $2 for update`,
      [agentId, capability],
    );
    const current = rows[0];
    const next = update(
      current
        ? { score: Number(current.score), samples: current.samples, failures: current.failures }
        : undefined,
    );
    await m.query(
      `update reputations set score = $3, samples = $4, failures = $5, updated_at = now()
       where agent_id = $1 and capability = $2`,
      [agentId, capability, next.score, next.samples, next.failures],
    );
  }
}
