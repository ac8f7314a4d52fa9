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
    return (await this.recordAll([outcome], alpha))[0]?.stats;
  }

  /**
   * Counts many outcomes at once, each once: two statements for the whole batch (new outcomes,
   * then the figures they move, applied in order per agent and capability). Returns the new
   * figures of every agent and capability that moved.
   */
  async recordAll(
    outcomes: readonly TaskOutcome[],
    alpha: number = DURATION_EWMA_ALPHA,
  ): Promise<{ agentId: string; capability: string; stats: CapabilityStats }[]> {
    if (outcomes.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ task_id: string; attempt: number; kind: string }[]>(
        `insert into task_outcome (task_id, attempt, kind, agent_id, capability)
         select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
         on conflict do nothing returning task_id, attempt, kind`,
        [
          outcomes.map((o) => o.taskId),
          outcomes.map((o) => o.attempt),
          outcomes.map((o) => o.kind),
          outcomes.map((o) => o.agentId),
          outcomes.map((o) => o.capability),
        ],
      );
      const isNew = new Set(inserted.map((r) => `${r.task_id}#${r.attempt}#${r.kind}`));
      const fresh = outcomes.filter((o) => isNew.has(`${o.taskId}#${o.attempt}#${o.kind}`));
      if (fresh.length === 0) return [];
      // Fold each (agent, capability)'s outcomes into one change, in the order they happened.
      const changes = new Map<
        string,
        {
          agentId: string;
          capability: string;
          durations: number[];
          successes: number;
          failures: number;
        }
      >();
      for (const o of fresh) {
        const key = `${o.agentId}\u0000${o.capability}`;
        const c = changes.get(key) ?? {
          agentId: o.agentId,
          capability: o.capability,
          durations: [],
          successes: 0,
          failures: 0,
        };
        if (o.kind === 'completed' && o.durationMs !== undefined) c.durations.push(o.durationMs);
        if (o.kind === 'accepted') c.successes += 1;
        if (o.kind === 'failed' || o.kind === 'rejected') c.failures += 1;
        changes.set(key, c);
      }
      const list = [...changes.values()];
      // The running mean of n new durations d1..dn over a previous mean m is
      // (1-a)^n·m + Σ a(1-a)^(n-i)·di: the first term in SQL, the sum computed here.
      const folded = list.map((c) => {
        let sum = 0;
        for (const d of c.durations) sum = alpha * d + (1 - alpha) * sum;
        const first = c.durations[0];
        // Without a previous mean the first duration is the mean, as in `record`.
        let fresh = first ?? null;
        for (const d of c.durations.slice(1)) fresh = alpha * d + (1 - alpha) * (fresh ?? d);
        return { sum, decay: (1 - alpha) ** c.durations.length, fresh };
      });
      const rows = await manager.query<StatsRow[]>(
        `insert into agent_capability_stats as s
             (agent_id, capability, ewma_duration_ms, duration_samples, successes, failures)
         select * from unnest($1::text[], $2::text[], $3::float8[], $4::int[], $5::int[], $6::int[])
         on conflict (agent_id, capability) do update set
           ewma_duration_ms = case
             when excluded.duration_samples = 0 then s.ewma_duration_ms
             when s.ewma_duration_ms is null then excluded.ewma_duration_ms
             else (select d.decay * s.ewma_duration_ms + d.sum
                     from unnest($1::text[], $2::text[], $7::float8[], $8::float8[])
                       as d(agent_id, capability, decay, sum)
                    where d.agent_id = s.agent_id and d.capability = s.capability) end,
           duration_samples = s.duration_samples + excluded.duration_samples,
           successes = s.successes + excluded.successes,
           failures = s.failures + excluded.failures,
           updated_at = now()
         returning agent_id, capability, ewma_duration_ms, successes, failures`,
        [
          list.map((c) => c.agentId),
          list.map((c) => c.capability),
          folded.map((f) => f.fresh),
          list.map((c) => c.durations.length),
          list.map((c) => c.successes),
          list.map((c) => c.failures),
          folded.map((f) => f.decay),
          folded.map((f) => f.sum),
        ],
      );
      return rows.map((r) => ({
        agentId: r.agent_id,
        capability: r.capability,
        stats: toStats(r),
      }));
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
