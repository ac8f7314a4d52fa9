import type { EntityManager, QueryRunner } from 'typeorm';

/*
 * Results read before the award of their attempt, held in the service's own schema until the
 * award is read (then applied or refused). The award and any result of the same attempt take the
 * attempt's lock first, so either the result sees the award or the award finds the held result.
 * The planner and the evaluator both fence results this way.
 */

/** One task attempt. */
export interface AttemptKey {
  taskId: string;
  attempt: number;
}

/** A held result: its attempt, sender, event type and the event itself. */
export interface HeldRow extends AttemptKey {
  agentId: string;
  type: string;
  event: unknown;
}

/** The table, one row per sender and event type, so another agent's result cannot take the place of the winner's. */
export async function createHeldResultsTable(q: QueryRunner): Promise<void> {
  await q.query(`
    create table if not exists held_results (
      task_id    text        not null,
      attempt    int         not null,
      agent_id   text        not null,
      event_type text        not null,
      event      jsonb       not null,
      held_at    timestamptz not null default now(),
      primary key (task_id, attempt, agent_id, event_type)
    )`);
}

/**
 * Takes a transaction-scoped advisory lock on each attempt, in the order of their keys so that
 * two transactions never wait for each other. The schema is part of the key, so services and
 * tests sharing a database do not contend.
 */
export async function lockAttempts(
  manager: EntityManager,
  attempts: readonly AttemptKey[],
): Promise<void> {
  if (attempts.length === 0) return;
  await manager.query(
    `select pg_advisory_xact_lock(hashtext(current_schema()), k)
       from (select distinct hashtext(a.task_id || '#' || a.attempt) as k
               from unnest($1::text[], $2::int[]) as a(task_id, attempt)
              order by k) as keys`,
    [attempts.map((a) => a.taskId), attempts.map((a) => a.attempt)],
  );
}

/** Holds results (one statement); a result held already stays as it was. */
export async function holdResults(manager: EntityManager, rows: readonly HeldRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `insert into held_results (task_id, attempt, agent_id, event_type, event)
     select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::jsonb[])
     on conflict do nothing`,
    [
      rows.map((r) => r.taskId),
      rows.map((r) => r.attempt),
      rows.map((r) => r.agentId),
      rows.map((r) => r.type),
      rows.map((r) => JSON.stringify(r.event)),
    ],
  );
}

/** Deletes the held results named (attempt, sender, type) and returns those that were held. */
export async function claimHeldResults<E = unknown>(
  manager: EntityManager,
  keys: readonly Omit<HeldRow, 'event'>[],
): Promise<{ type: string; event: E }[]> {
  if (keys.length === 0) return [];
  // A DELETE answers [rows, count] through TypeORM.
  const [claimed] = await manager.query<[{ type: string; event: E }[], number]>(
    `delete from held_results h
      using unnest($1::text[], $2::int[], $3::text[], $4::text[])
         as r(task_id, attempt, agent_id, event_type)
      where h.task_id = r.task_id and h.attempt = r.attempt
        and h.agent_id = r.agent_id and h.event_type = r.event_type
      returning h.event_type as type, h.event`,
    [
      keys.map((k) => k.taskId),
      keys.map((k) => k.attempt),
      keys.map((k) => k.agentId),
      keys.map((k) => k.type),
    ],
  );
  return claimed;
}
