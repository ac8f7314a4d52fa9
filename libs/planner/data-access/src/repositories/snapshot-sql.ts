import type { GoalRecord, GoalSnapshot, TaskRecord } from '@agora/planner/domain';
import type { EntityManager } from 'typeorm';
import { lockAttempts, type AttemptKey } from '@agora/database';

/*
 * The planner's hot path in plain SQL: goals and their tasks travel as JSON rows (to_jsonb on the
 * way out, jsonb_populate_recordset on the way in), so loading any number of goals is one
 * statement and writing back what changed is one more, with no per-row work in the ORM.
 */

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Columns holding times: JSON has them as ISO strings. */
const TIME_FIELDS = new Set([
  'createdAt',
  'updatedAt',
  'finishedAt',
  'deadlineAt',
  'decisionDueAt',
]);

function fromJsonRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const name = camel(key);
    out[name] = TIME_FIELDS.has(name) && typeof value === 'string' ? new Date(value) : value;
  }
  return out as T;
}

function toJsonRow(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [snake(key), value]));
}

/** One attempt of one task. */
/**
 * Locks the goals (in id order), then the given attempts, and then loads each goal with its
 * tasks. Separate statements: a statement that waits for a lock reads every other table as it
 * was when the statement began, so tasks read in the locking statement could miss what the lock
 * holder just committed.
 */
export async function lockSnapshots(
  manager: EntityManager,
  where:
    | { ids: readonly string[]; attempts?: readonly AttemptKey[] }
    | { overdueAt: Date; limit: number },
): Promise<GoalSnapshot[]> {
  const lock =
    'ids' in where
      ? { sql: 'id = any($1::text[]) order by id for update', params: [[...where.ids]] }
      : {
          sql: `deadline_at <= $1 and state in ('accepted', 'planned', 'running')
                order by deadline_at limit $2 for update skip locked`,
          params: [where.overdueAt, where.limit],
        };
  const locked = await manager.query<{ id: string }[]>(
    `select id from goals where ${lock.sql}`,
    lock.params,
  );
  if (locked.length === 0) return [];
  if ('attempts' in where && where.attempts) await lockAttempts(manager, where.attempts);
  const rows = await manager.query<
    { goal: Record<string, unknown>; tasks: Record<string, unknown>[] }[]
  >(
    `select to_jsonb(g) as goal,
            coalesce((select jsonb_agg(to_jsonb(t) order by t.seq) from tasks t
                       where t.goal_id = g.id), '[]'::jsonb) as tasks
       from goals g where g.id = any($1::text[])`,
    [locked.map((r) => r.id)],
  );
  const byId = new Map(rows.map((r) => [r.goal['id'] as string, r]));
  return locked.flatMap(({ id }) => {
    const r = byId.get(id);
    return r
      ? [
          {
            goal: fromJsonRow<GoalRecord>(r.goal),
            tasks: r.tasks.map((t) => fromJsonRow<TaskRecord>(t)),
          },
        ]
      : [];
  });
}

/** `col = excluded.col` for every column of the rows but the key (the records are complete rows). */
function assignments(rows: readonly Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'id');
  // With no rows to write, any column keeps the statement valid; it updates nothing.
  return (columns.length > 0 ? columns : ['id']).map((c) => `${c} = excluded.${c}`).join(', ');
}

/** Inserts or replaces the given goals and tasks, in one statement. */
export async function writeSnapshots(
  manager: EntityManager,
  goals: readonly GoalRecord[],
  tasks: readonly TaskRecord[],
): Promise<void> {
  if (goals.length + tasks.length === 0) return;
  const goalRows = goals.map(toJsonRow);
  const taskRows = tasks.map(toJsonRow);
  await manager.query(
    `with written_goals as (
       insert into goals select * from jsonb_populate_recordset(null::goals, $1::jsonb)
       on conflict (id) do update set ${assignments(goalRows)}
       returning id)
     insert into tasks select * from jsonb_populate_recordset(null::tasks, $2::jsonb)
     on conflict (id) do update set ${assignments(taskRows)}`,
    [JSON.stringify(goalRows), JSON.stringify(taskRows)],
  );
}
