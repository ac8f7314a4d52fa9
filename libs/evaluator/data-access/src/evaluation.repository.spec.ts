import { randomUUID } from 'node:crypto';
import { testDataSource } from '@agora/database/testing';
import { afterEvaluation, afterFailure } from '@agora/evaluator/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationRepository, type EvaluationRecord } from './evaluation.repository';
import { evaluatorEntities, evaluatorMigrations } from './evaluator-schema';

let db: Awaited<ReturnType<typeof testDataSource>>;
let repo: EvaluationRepository;

beforeAll(async () => {
  db = await testDataSource({
    entities: evaluatorEntities,
    migrations: evaluatorMigrations,
    label: 'evaluator-repo',
  });
  repo = new EvaluationRepository(db.dataSource);
});
afterAll(() => db?.drop());

function record(taskId: string, agentId: string, score: number, attempt = 1): EvaluationRecord {
  return {
    taskId,
    attempt,
    agentId,
    capability: 'report',
    verdict: score >= 0.7 ? 'ACCEPTED' : 'REJECTED',
    score,
    feedback: 'ok',
    eventId: randomUUID(),
    occurredAt: Date.now(),
    goalId: 'g',
    causationId: null,
  };
}

describe('EvaluationRepository on PostgreSQL', () => {
  it('stores one verdict per attempt and moves the reputation once', async () => {
    const first = record('t1', 'agent-a', 1);
    const a = await repo.recordEvaluation(first, (r) => afterEvaluation(r, 1, 0.3));
    const again = await repo.recordEvaluation(
      { ...record('t1', 'agent-a', 0), eventId: randomUUID() },
      (r) => afterEvaluation(r, 0, 0.3),
    );
    expect(a.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.evaluation).toMatchObject({
      eventId: first.eventId,
      score: 1,
      verdict: 'ACCEPTED',
      occurredAt: first.occurredAt,
    });
    const [rep] = await repo.reputationsOf('agent-a');
    expect(rep).toMatchObject({ capability: 'report', samples: 1, failures: 0 });
    expect(rep!.score).toBeCloseTo(0.65, 10);
    expect(await repo.findEvaluation('t1', 1)).toMatchObject({ eventId: first.eventId });
    expect(await repo.findEvaluation('t1', 2)).toBeUndefined();
  });

  it('counts a failure once per attempt, as a score of 0', async () => {
    const failure = {
      taskId: 't2',
      attempt: 1,
      agentId: 'agent-b',
      capability: 'gather',
      code: 'timeout',
    };
    expect(await repo.recordFailure(failure, (r) => afterFailure(r, 0.5))).toBe(true);
    expect(await repo.recordFailure(failure, (r) => afterFailure(r, 0.5))).toBe(false);
    expect(await repo.reputationsOf('agent-b')).toEqual([
      { capability: 'gather', score: 0.25, samples: 0, failures: 1 },
    ]);
  });

  it('loses no update when many verdicts for one agent land at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo.recordEvaluation(record(`c${i}`, 'agent-c', 1), (r) => afterEvaluation(r, 1, 0.3)),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const [rep] = await repo.reputationsOf('agent-c');
    expect(rep!.samples).toBe(8);
    expect(rep!.score).toBeCloseTo(1 - 0.5 * 0.7 ** 8, 10);
  });

  it('lists every capability of an agent', async () => {
    await repo.recordEvaluation({ ...record('t3', 'agent-d', 0.9), capability: 'analyze' }, (r) =>
      afterEvaluation(r, 0.9, 0.3),
    );
    await repo.recordEvaluation({ ...record('t4', 'agent-d', 0.2), capability: 'gather' }, (r) =>
      afterEvaluation(r, 0.2, 0.3),
    );
    expect((await repo.reputationsOf('agent-d')).map((r) => r.capability)).toEqual([
      'analyze',
      'gather',
    ]);
  });
});
