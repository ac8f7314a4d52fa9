import { DURATION_EWMA_ALPHA, type CapabilityStats } from '@agora/executor/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An outcome of one attempt of one of this process's agents. */
export interface TaskOutcome {
  taskId: string;
  attempt: number;
  /**
   * completed (with its duration), failed (at the agent's fault), accepted or rejected (the
   * evaluator's verdict).
   */
  kind: 'completed' | 'failed' | 'accepted' | 'rejected';
  agentId: string;
  capability: string;
  /** Set for completed outcomes: feeds the duration estimate. */
  durationMs?: number;
}

interface StatsRow {
  agent_id: string;
  capability: string;
  ewma_duration_ms: number | null;
  successes: number;
  failures: number;
}

/**
 * Agents' learnt figures in PostgreSQL, so estimates survive restarts. Each update is one
 * statement per table inside a transaction; the outcome row makes recording idempotent.
 */
@Injectable()
export class AgentStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Figures per agent, then per capability. */
  async load(agentIds: readonly string[]): Promise<Map<string, Map<string, CapabilityStats>>> {
    const rows = await this.dataSource.query<StatsRow[]>(
      `select agent_id, capability, ewma_duration_ms, successes, failures
         from agent_capability_stats where agent_id = any($1)`,
      [agentIds],
    );
    const result = new Map<string, Map<string, CapabilityStats>>();
    for (const row of rows) {
      const perAgent = result.get(row.agent_id) ?? new Map<string, CapabilityStats>();
      perAgent.set(row.capability, toStats(row));
      result.set(row.agent_id, perAgent);
    }
    return result;
  }

  /**
   * Counts an outcome once: returns the agent's new figures for the capability, or undefined when
   * this outcome had already been recorded.
   */
  async record(
    outcome: TaskOutcome,
    alpha: number = DURATION_EWMA_ALPHA,
  ): Promise<CapabilityStats | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `insert into task_outcome (task_id, attempt, kind, agent_id, capability)
           values ($1, $2, $3, $4, $5)
           on conflict do nothing returning 1`,
        [outcome.taskId, outcome.attempt, outcome.kind, outcome.agentId, outcome.capability],
      );
      if (inserted.length === 0) return undefined;
      const success = outcome.kind === 'accepted' ? 1 : 0;
      const failure = outcome.kind === 'failed' || outcome.kind === 'rejected' ? 1 : 0;
      const duration = outcome.kind === 'completed' ? (outcome.durationMs ?? null) : null;
      const rows = await manager.query<StatsRow[]>(
        `insert into agent_capability_stats as s
             (agent_id, capability, ewma_duration_ms, duration_samples, successes, failures)
           values ($1, $2, $3::double precision, case when $3 is null then 0 else 1 end, $4, $5)
         on conflict (agent_id, capability) do update set
           ewma_duration_ms = case
             when $3 is null then s.ewma_duration_ms
             when s.ewma_duration_ms is null then $3
             else $6 * $3 + (1 - $6) * s.ewma_duration_ms end,
           duration_samples = s.duration_samples + case when $3 is null then 0 else 1 end,
           successes = s.successes + $4,
           failures = s.failures + $5,
           updated_at = now()
         returning agent_id, capability, ewma_duration_ms, successes, failures`,
        [outcome.agentId, outcome.capability, duration, success, failure, alpha],
      );
      return rows[0] ? toStats(rows[0]) : undefined;
    });
  }

  /** Forgets deduplication rows older than the given age; events that old are not redelivered. */
  async pruneOutcomes(olderThanMs: number): Promise<number> {
    const rows = await this.dataSource.query<unknown[]>(
      `delete from task_outcome where recorded_at < now() - make_interval(secs => $1) returning 1`,
      [olderThanMs / 1000],
    );
    return rows.length;
  }
}

function toStats(row: StatsRow): CapabilityStats {
  return {
    ewmaDurationMs: row.ewma_duration_ms === null ? null : Number(row.ewma_duration_ms),
    successes: Number(row.successes),
    failures: Number(row.failures),
  };
}
