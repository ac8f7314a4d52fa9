import { newEnvelope, type TaskCompleted } from '@agora/contracts';
import { sampleEvent } from '@agora/contracts/testing';
import { testDataSource } from '@agora/database/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwardRepository, type ScreenedResult } from './award.repository';
import { evaluatorEntities, evaluatorMigrations } from './evaluator-schema';

let db: Awaited<ReturnType<typeof testDataSource>>;
let repo: AwardRepository;

beforeAll(async () => {
  db = await testDataSource({
    entities: evaluatorEntities,
    migrations: evaluatorMigrations,
    label: 'evaluator-awards',
  });
  repo = new AwardRepository(db.dataSource);
});
afterAll(() => db?.drop());

const result = (taskId: string, agentId: string, attempt = 1): ScreenedResult => ({
  type: 'TaskCompleted',
  event: {
    ...sampleEvent('TaskCompleted'),
    envelope: newEnvelope({ producer: { service: 'test', version: '0' }, goalId: 'g' }),
    taskId,
    attempt,
    agentId,
  } satisfies TaskCompleted,
});
/** An award whose input declared nothing. */
const award = (taskId: string, agentId: string) => ({
  taskId,
  attempt: 1,
  agentId,
  outputKind: null,
  goal: null,
  minRelevance: null,
  quote: null,
  mayFindNothing: false,
  undocumented: false,
});
const heldRows = async () =>
  (
    await db.dataSource.query<{ task_id: string; agent_id: string }[]>(
      `select task_id, agent_id from held_results order by task_id, agent_id`,
    )
  ).map((r) => `${r.task_id}:${r.agent_id}`);

describe('AwardRepository on PostgreSQL', () => {
  it('holds results until the award of their attempt, then hands them back with it', async () => {
    const early = await repo.screen([result('t1', 'a1'), result('t1', 'intruder')]);
    expect(early.held.map((r) => r.event.agentId)).toEqual(['a1', 'intruder']);
    expect(early.judge).toEqual([]);
    expect(await heldRows()).toEqual(['t1:a1', 't1:intruder']);

    const { held } = await repo.recordAwards([award('t1', 'a1')], 60_000);
    expect(held.map((r) => r.event.agentId).sort()).toEqual(['a1', 'intruder']);
    const again = await repo.screen(held);
    expect(again.judge.map((r) => r.event.agentId)).toEqual(['a1']);
    expect(again.refused).toMatchObject([
      { awardedTo: 'a1', result: { event: { agentId: 'intruder' } } },
    ]);
    // The refused one is forgotten at once, the judged one once it is handled.
    expect(await heldRows()).toEqual(['t1:a1']);
    await repo.release(undefined, again.judge);
    expect(await heldRows()).toEqual([]);
  });

  it('keeps the first award of an attempt, and judges by attempt', async () => {
    await repo.recordAwards([award('t2', 'a1')], 60_000);
    await repo.recordAwards([award('t2', 'a2')], 60_000);
    const screened = await repo.screen([
      result('t2', 'a1'),
      result('t2', 'a2'),
      result('t2', 'a2', 2),
    ]);
    expect(screened.judge.map((r) => r.event.agentId)).toEqual(['a1']);
    expect(screened.refused.map((r) => r.result.event.agentId)).toEqual(['a2']);
    expect(screened.held.map((r) => r.event.attempt)).toEqual([2]);
  });

  it('hands judged results the terms their award asked for', async () => {
    await repo.recordAwards(
      [
        {
          ...award('t4', 'a1'),
          outputKind: 'translation',
          goal: 'Say hello in Portuguese',
          minRelevance: 0,
        },
        {
          ...award('t5', 'a1'),
          quote: 'public' as const,
          mayFindNothing: true,
          undocumented: true,
        },
      ],
      60_000,
    );
    const screened = await repo.screen([result('t4', 'a1'), result('t5', 'a1')]);
    expect(screened.judge).toMatchObject([
      {
        terms: {
          outputKind: 'translation',
          goal: 'Say hello in Portuguese',
          minRelevance: 0,
          quote: null,
          mayFindNothing: false,
          undocumented: false,
        },
      },
      { terms: { quote: 'public', mayFindNothing: true, undocumented: true } },
    ]);
  });

  it('drops held results whose award did not come in time', async () => {
    await repo.screen([result('t3', 'ghost')]);
    const { expired } = await repo.recordAwards([award('tx', 'a')], 0);
    expect(expired.map((r) => `${r.event.taskId}:${r.event.agentId}`)).toContain('t3:ghost');
    expect(await heldRows()).not.toContain('t3:ghost');
  });
});
