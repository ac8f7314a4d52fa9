import { testDataSource } from '@agora/database/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStatsRepository } from './agent-stats.repository';
import { executorEntities, executorMigrations } from './index';

describe('AgentStatsRepository on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof testDataSource>>;
  let repo: AgentStatsRepository;
  beforeAll(async () => {
    db = await testDataSource({
      entities: executorEntities,
      migrations: executorMigrations,
      label: 'executor-stats',
    });
    repo = new AgentStatsRepository(db.dataSource);
  });
  afterAll(() => db?.drop());

  const base = { agentId: 'a-1', capability: 'write' } as const;

  it('keeps an exponentially weighted duration and counts outcomes, once each', async () => {
    expect(
      await repo.record({ ...base, taskId: 't1', attempt: 1, kind: 'completed', durationMs: 1000 }),
    ).toEqual({
      ewmaDurationMs: 1000,
      successes: 0,
      failures: 0,
    });
    const second = await repo.record({
      ...base,
      taskId: 't2',
      attempt: 1,
      kind: 'completed',
      durationMs: 2000,
    });
    expect(second?.ewmaDurationMs).toBeCloseTo(1300);
    // The same outcome again (a redelivered event) changes nothing.
    expect(
      await repo.record({ ...base, taskId: 't2', attempt: 1, kind: 'completed', durationMs: 9000 }),
    ).toBeUndefined();
    await repo.record({ ...base, taskId: 't1', attempt: 1, kind: 'accepted' });
    await repo.record({ ...base, taskId: 't2', attempt: 1, kind: 'rejected' });
    await repo.record({ ...base, taskId: 't3', attempt: 2, kind: 'failed' });

    const loaded = await repo.load(['a-1', 'other']);
    expect(loaded.get('a-1')?.get('write')?.ewmaDurationMs).toBeCloseTo(1300);
    expect(loaded.get('a-1')?.get('write')).toMatchObject({ successes: 1, failures: 2 });
    expect(loaded.has('other')).toBe(false);
  });

  it('records concurrent outcomes without losing any', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo.record({
          agentId: 'a-2',
          capability: 'edit',
          taskId: `c${i}`,
          attempt: 1,
          kind: 'accepted',
        }),
      ),
    );
    expect((await repo.load(['a-2'])).get('a-2')?.get('edit')?.successes).toBe(8);
  });

  it('folds a batch of outcomes in order, as if recorded one by one', async () => {
    const one = { agentId: 'a-2', capability: 'plan' } as const;
    const twin = { agentId: 'a-3', capability: 'plan' } as const;
    const outcomes = [
      { taskId: 'p1', attempt: 1, kind: 'completed' as const, durationMs: 1000 },
      { taskId: 'p2', attempt: 1, kind: 'completed' as const, durationMs: 3000 },
      { taskId: 'p1', attempt: 1, kind: 'accepted' as const },
      { taskId: 'p3', attempt: 1, kind: 'completed' as const, durationMs: 500 },
    ];
    // The same outcomes for another agent (other task ids: an attempt belongs to one agent).
    for (const o of outcomes) await repo.record({ ...twin, ...o, taskId: `x-${o.taskId}` });
    const batch = await repo.recordAll(outcomes.map((o) => ({ ...one, ...o })));
    const alone = (await repo.load(['a-3'])).get('a-3')?.get('plan');
    expect(batch).toHaveLength(1);
    expect(batch[0]!.stats.ewmaDurationMs).toBeCloseTo(alone!.ewmaDurationMs!, 6);
    expect(batch[0]!.stats).toMatchObject({ successes: 1, failures: 0 });
    // A second batch on top of an existing mean.
    const more = [
      { taskId: 'p4', attempt: 1, kind: 'completed' as const, durationMs: 2000 },
      { taskId: 'p5', attempt: 1, kind: 'completed' as const, durationMs: 100 },
    ];
    for (const o of more) await repo.record({ ...twin, ...o, taskId: `x-${o.taskId}` });
    const [after] = await repo.recordAll(more.map((o) => ({ ...one, ...o })));
    const aloneAfter = (await repo.load(['a-3'])).get('a-3')?.get('plan');
    expect(after!.stats.ewmaDurationMs).toBeCloseTo(aloneAfter!.ewmaDurationMs!, 6);
  });
});
