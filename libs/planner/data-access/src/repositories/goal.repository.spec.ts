import { testDataSource } from '@agora/database/testing';
import { GoalEngine, WorkflowCatalog, type GoalRecord } from '@agora/planner/domain';
import { testGoalRecord } from '@agora/planner/domain/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerEntities, plannerMigrations } from '../planner-database';
import { GoalRepository } from './goal.repository';

let dataSource: DataSource;
let drop: () => Promise<void>;
let repo: GoalRepository;
const research = WorkflowCatalog.fromDirectory().get('research')!;

function goal(id: string, overrides: Partial<GoalRecord> = {}): GoalRecord {
  return testGoalRecord({
    id,
    text: `goal ${id}`,
    requestedWorkflow: 'research',
    inputs: { lang: 'en' },
    createdAt: new Date(),
    ...overrides,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  ({ dataSource, drop } = await testDataSource({
    entities: plannerEntities,
    migrations: plannerMigrations,
    label: 'planner-repo',
  }));
  repo = new GoalRepository(dataSource);
});
afterAll(async () => drop());

describe('GoalRepository on PostgreSQL', () => {
  it('inserts a goal once, and saves and reads back a plan with its tasks', async () => {
    expect(await repo.insertIfAbsent(goal('g-1'))).toBe(true);
    expect(await repo.insertIfAbsent(goal('g-1', { text: 'again' }))).toBe(false);
    await repo.withGoalLocked('g-1', async (snapshot, tx) => {
      const result = new GoalEngine(snapshot!).plan(research, 'workflow');
      snapshot!.goal.inputTokens = 2 ** 40;
      expect(result.changed).toBe(true);
      await tx.save(snapshot!);
    });
    const read = await repo.find('g-1');
    expect(read!.goal).toMatchObject({
      text: 'goal g-1',
      state: 'running',
      attempts: 1,
      inputTokens: 2 ** 40,
      inputs: { lang: 'en' },
    });
    expect(read!.tasks.map((t) => [t.name, t.state, t.attempt])).toEqual([
      ['gather', 'ready', 1],
      ['analyze', 'pending', 0],
      ['validate', 'pending', 0],
      ['report', 'pending', 0],
    ]);
    expect(read!.tasks[2]!.dependsOn).toEqual(['gather', 'analyze']);
    expect(await repo.find('nope')).toBeNull();
  });

  it('applies concurrent updates to one goal one after the other', async () => {
    await repo.insertIfAbsent(goal('g-lock'));
    const bump = () =>
      repo.withGoalLocked('g-lock', async (snapshot, tx) => {
        const attempts = snapshot!.goal.attempts;
        await sleep(150); // both would read 0 without the row lock
        snapshot!.goal.attempts = attempts + 1;
        await tx.save(snapshot!);
      });
    await Promise.all([bump(), bump()]);
    expect((await repo.find('g-lock'))!.goal.attempts).toBe(2);
  });

  it('claims overdue live goals, skipping those another transaction holds', async () => {
    const past = new Date(Date.now() - 60_000);
    await repo.insertIfAbsent(goal('g-late-held', { deadlineAt: past }));
    await repo.insertIfAbsent(goal('g-late-free', { deadlineAt: past }));
    await repo.insertIfAbsent(goal('g-late-done', { deadlineAt: past, state: 'failed' }));
    await repo.insertIfAbsent(goal('g-future', { deadlineAt: new Date(Date.now() + 60_000) }));
    let release!: () => void;
    const held = repo.withGoalLocked('g-late-held', () => new Promise<void>((r) => (release = r)));
    await sleep(100);
    const seen: string[] = [];
    const count = await repo.withOverdueGoalsLocked(new Date(), 10, (s) => {
      seen.push(s.goal.id);
      return Promise.resolve();
    });
    release();
    await held;
    expect(count).toBe(1);
    expect(seen).toEqual(['g-late-free']);
  });

  it('lists goals newest first, paged and filtered by state', async () => {
    const base = Date.now() + 3_600_000;
    for (let i = 0; i < 3; i++) {
      await repo.insertIfAbsent(
        goal(`g-list-${i}`, {
          createdAt: new Date(base + i * 1000),
          state: i === 1 ? 'completed' : 'accepted',
        }),
      );
    }
    const page = await repo.list({ limit: 2, offset: 0 });
    expect(page.items.map((g) => g.id)).toEqual(['g-list-2', 'g-list-1']);
    expect(page.total).toBeGreaterThanOrEqual(3);
    const completed = await repo.list({ limit: 10, offset: 0, state: 'completed' });
    expect(completed.items.map((g) => g.id)).toEqual(['g-list-1']);
  });

  it('writes back every field of the rows that changed, and only those rows', async () => {
    expect(await repo.insertIfAbsent(goal('g-changes'))).toBe(true);
    await repo.withGoalsLocked(['g-changes'], async (snapshots, tx) => {
      const snapshot = snapshots.get('g-changes')!;
      const result = new GoalEngine(snapshot).plan(research, 'workflow');
      await tx.saveChanges([snapshot.goal], result.changedTasks);
    });
    await repo.withGoalsLocked(['g-changes', 'unknown'], async (snapshots, tx) => {
      expect([...snapshots.keys()]).toEqual(['g-changes']);
      const [gather, analyze] = snapshots.get('g-changes')!.tasks;
      Object.assign(gather!, { state: 'waiting', waitingReason: 'all busy', releasedAttempts: 2 });
      // Changed in memory but not passed: must not be written.
      analyze!.name = 'renamed';
      await tx.saveChanges([], [gather!]);
    });
    const read = await repo.find('g-changes');
    expect(read!.tasks[0]).toMatchObject({
      name: 'gather',
      state: 'waiting',
      waitingReason: 'all busy',
      releasedAttempts: 2,
      params: { k: 8 },
    });
    expect(read!.tasks[1]!.name).toBe('analyze');
  });
});
