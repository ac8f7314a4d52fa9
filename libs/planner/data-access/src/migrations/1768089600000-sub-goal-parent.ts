import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sub-goals (goals an agent asked for) name their parent goal in their inputs. The sweeper looks
 * for live sub-goals whose parent has ended, so they are indexed by parent; the index holds only
 * sub-goals, a small share of all goals.
 */
export class SubGoalParent1768089600000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create index if not exists goals_parent_goal_idx on goals ((inputs ->> 'parentGoalId'))
        where inputs ? 'parentGoalId'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists goals_parent_goal_idx`);
  }
}
