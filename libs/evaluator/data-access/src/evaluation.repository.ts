import { INITIAL_REPUTATION, type Reputation } from '@agora/evaluator/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { EvaluationEntity } from './evaluation.entity';
import { ReputationEntity } from './reputation.entity';

/** A verdict to store, with the envelope of the TaskEvaluated that announces it. */
export type EvaluationRecord = Omit<EvaluationEntity, 'createdAt'>;

/** One capability's figures for an agent. */
export interface CapabilityFigures extends Reputation {
  capability: string;
}

/** A failure at an agent's fault, counted once per (task, attempt). */
export interface FailureRecord {
  taskId: string;
  attempt: number;
  agentId: string;
  capability: string;
  code: string;
}

/** Writes that commit with a recording transaction, such as its events into the outbox. */
export interface EvaluationTransaction {
  readonly manager: EntityManager;
  /** Every capability of each agent, as this transaction sees them (moves included). */
  reputationsOfAgents(agentIds: readonly string[]): Promise<Map<string, CapabilityFigures[]>>;
}

/** Work done inside a recording transaction, with what it recorded for the first time. */
export type WithinRecording<R> = (tx: EvaluationTransaction, created: R[]) => Promise<void>;

const pairKey = (agentId: string, capability: string) => `${agentId}\u0000${capability}`;

/**
 * Verdicts, failures and reputations, a batch at a time. Recording verdicts (or failures) and
 * moving the reputations happen in one transaction, and only the first time for a (task,
 * attempt): a redelivered event changes nothing. The reputation rows a batch moves are locked
 * (in a fixed order) while they move, so replicas judging the same agent at once lose no update.
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

  /** The stored verdicts among these attempts (judged before: a redelivery). */
  async findEvaluations(
    keys: readonly { taskId: string; attempt: number }[],
  ): Promise<EvaluationRecord[]> {
    if (keys.length === 0) return [];
    return this.dataSource
      .getRepository(EvaluationEntity)
      .createQueryBuilder('e')
      .where(
        '(e.task_id, e.attempt) in (select * from unnest(cast(:tasks as text[]), cast(:attempts as int[])))',
        { tasks: keys.map((k) => k.taskId), attempts: keys.map((k) => k.attempt) },
      )
      .getMany();
  }

  /**
   * Stores the verdicts not stored yet and moves their agents' reputations, in order, then runs
   * `within` in the same transaction. Returns every verdict as stored (the earlier one for a
   * redelivered attempt) and the new ones.
   */
  async recordEvaluations(
    records: readonly EvaluationRecord[],
    update: (current: Reputation | undefined, record: EvaluationRecord) => Reputation,
    within?: WithinRecording<EvaluationRecord>,
  ): Promise<{ stored: EvaluationRecord[]; created: EvaluationRecord[] }> {
    if (records.length === 0) return { stored: [], created: [] };
    return this.dataSource.transaction(async (m) => {
      const col = <K extends keyof EvaluationRecord>(k: K) => records.map((r) => r[k]);
      const inserted: { task_id: string; attempt: number }[] = await m.query(
        `insert into evaluations (task_id, attempt, agent_id, capability, verdict, score, feedback,
                                  event_id, occurred_at, goal_id, causation_id)
         select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[],
                              $6::float8[], $7::text[], $8::uuid[], $9::bigint[], $10::text[],
                              $11::uuid[])
         on conflict (task_id, attempt) do nothing
         returning task_id, attempt`,
        [
          col('taskId'),
          col('attempt'),
          col('agentId'),
          col('capability'),
          col('verdict'),
          col('score'),
          col('feedback'),
          col('eventId'),
          col('occurredAt'),
          col('goalId'),
          col('causationId'),
        ],
      );
      const isNew = new Set(inserted.map((r) => `${r.task_id}#${r.attempt}`));
      const created = records.filter((r) => isNew.has(`${r.taskId}#${r.attempt}`));
      await this.moveReputations(m, created, update);
      const repeated = records.filter((r) => !isNew.has(`${r.taskId}#${r.attempt}`));
      const earlier =
        repeated.length === 0
          ? []
          : await m
              .getRepository(EvaluationEntity)
              .createQueryBuilder('e')
              .where(
                '(e.task_id, e.attempt) in (select * from unnest(cast(:tasks as text[]), cast(:attempts as int[])))',
                { tasks: repeated.map((r) => r.taskId), attempts: repeated.map((r) => r.attempt) },
              )
              .getMany();
      await within?.(this.transaction(m), created);
      return { stored: [...created, ...earlier], created };
    });
  }

  /**
   * Counts each failure once per (task, attempt), then runs `within` in the same transaction;
   * returns the ones that were new.
   */
  async recordFailures(
    failures: readonly FailureRecord[],
    update: (current: Reputation | undefined) => Reputation,
    within?: WithinRecording<FailureRecord>,
  ): Promise<FailureRecord[]> {
    if (failures.length === 0) return [];
    return this.dataSource.transaction(async (m) => {
      const rows: { task_id: string; attempt: number }[] = await m.query(
        `insert into agent_failures (task_id, attempt, agent_id, capability, code)
         select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
         on conflict do nothing returning task_id, attempt`,
        [
          failures.map((f) => f.taskId),
          failures.map((f) => f.attempt),
          failures.map((f) => f.agentId),
          failures.map((f) => f.capability),
          failures.map((f) => f.code),
        ],
      );
      const isNew = new Set(rows.map((r) => `${r.task_id}#${r.attempt}`));
      const created = failures.filter((f) => isNew.has(`${f.taskId}#${f.attempt}`));
      await this.moveReputations(m, created, (current) => update(current));
      await within?.(this.transaction(m), created);
      return created;
    });
  }

  /** Every capability of each agent, by name. */
  async reputationsOfAgents(
    agentIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, CapabilityFigures[]>> {
    const out = new Map<string, CapabilityFigures[]>(agentIds.map((id) => [id, []]));
    if (agentIds.length === 0) return out;
    const rows = await manager.getRepository(ReputationEntity).find({
      where: { agentId: In([...agentIds]) },
      order: { agentId: 'ASC', capability: 'ASC' },
    });
    for (const r of rows) {
      out.get(r.agentId)?.push({
        capability: r.capability,
        score: r.score,
        samples: r.samples,
        failures: r.failures,
      });
    }
    return out;
  }

  private transaction(manager: EntityManager): EvaluationTransaction {
    return { manager, reputationsOfAgents: (ids) => this.reputationsOfAgents(ids, manager) };
  }

  /** Every capability of an agent, by name. */
  async reputationsOf(agentId: string): Promise<CapabilityFigures[]> {
    return (await this.reputationsOfAgents([agentId])).get(agentId) ?? [];
  }

  /**
   * Applies the updates in order to the reputations they concern: the rows are created first (so
   * the lock always has a row to hold), locked in a fixed order, moved in memory, written back.
   */
  private async moveReputations<R extends { agentId: string; capability: string }>(
    m: EntityManager,
    items: readonly R[],
    update: (current: Reputation | undefined, item: R) => Reputation,
  ): Promise<void> {
    if (items.length === 0) return;
    const pairs = [...new Map(items.map((i) => [pairKey(i.agentId, i.capability), i])).values()];
    const agents = pairs.map((p) => p.agentId);
    const capabilities = pairs.map((p) => p.capability);
    await m.query(
      `insert into reputations (agent_id, capability, score, samples, failures)
       select a, c, $3, 0, 0 from unnest($1::text[], $2::text[]) as p(a, c)
       on conflict do nothing`,
      [agents, capabilities, INITIAL_REPUTATION.score],
    );
    const rows: {
      agent_id: string;
      capability: string;
      score: number;
      samples: number;
      failures: number;
    }[] = await m.query(
      `select r.agent_id, r.capability, r.score, r.samples, r.failures from reputations r
           join unnest($1::text[], $2::text[]) as p(a, c) on r.agent_id = p.a and r.capability = p.c
          order by r.agent_id, r.capability
          for update of r`,
      [agents, capabilities],
    );
    const current = new Map(
      rows.map((r) => [
        pairKey(r.agent_id, r.capability),
        { score: Number(r.score), samples: r.samples, failures: r.failures },
      ]),
    );
    for (const item of items) {
      const key = pairKey(item.agentId, item.capability);
      current.set(key, update(current.get(key), item));
    }
    const moved = pairs.map((p) => ({ ...p, ...current.get(pairKey(p.agentId, p.capability))! }));
    await m.query(
      `update reputations r set score = u.score, samples = u.samples, failures = u.failures,
              updated_at = now()
         from unnest($1::text[], $2::text[], $3::float8[], $4::int[], $5::int[])
           as u(agent_id, capability, score, samples, failures)
        where r.agent_id = u.agent_id and r.capability = u.capability`,
      [
        moved.map((m) => m.agentId),
        moved.map((m) => m.capability),
        moved.map((m) => m.score),
        moved.map((m) => m.samples),
        moved.map((m) => m.failures),
      ],
    );
  }
}
