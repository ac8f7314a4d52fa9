import { randomUUID } from 'node:crypto';
import { testDataSource } from '@agora/database/testing';
import { afterEvaluation, afterFailure, type Reputation } from '@agora/evaluator/domain';
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

const byScore = (r: Reputation | undefined, e: EvaluationRecord) =>
  afterEvaluation(r, e.score, 0.3);

describe('EvaluationRepository on PostgreSQL', () => {
  it('runs `within` in the recording transaction: when it fails, nothing is recorded', async () => {
    const doomed = record('rollback-1', 'agent-r', 1);
    let seen: string[] = [];
    await expect(
      repo.recordEvaluations([doomed], byScore, async (tx, created) => {
        seen = created.map((c) => c.taskId);
        // The transaction sees its own move.
        const figures = await tx.reputationsOfAgents(['agent-r']);
        expect(figures.get('agent-r')?.[0]?.samples).toBe(1);
        throw new Error('forced rollback');
      }),
    ).rejects.toThrow('forced rollback');
    expect(seen).toEqual(['rollback-1']);
    expect(await repo.findEvaluation('rollback-1', 1)).toBeUndefined();
    expect(await repo.reputationsOf('agent-r')).toEqual([]);
  });

  it('stores one verdict per attempt and moves the reputation once', async () => {
    const first = record('t1', 'agent-a', 1);
    const a = await repo.recordEvaluations([first], byScore);
    const again = await repo.recordEvaluations(
      [{ ...record('t1', 'agent-a', 0), eventId: randomUUID() }],
      byScore,
    );
    expect(a.created).toHaveLength(1);
    expect(again.created).toEqual([]);
    expect(again.stored[0]).toMatchObject({
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

  it('applies a batch of verdicts for one agent in order, and returns the earlier verdict of a redelivered one', async () => {
    const earlier = record('b0', 'agent-e', 1);
    await repo.recordEvaluations([earlier], byScore);
    const batch = [
      record('b1', 'agent-e', 0),
      { ...earlier, eventId: randomUUID() },
      record('b2', 'agent-e', 1),
    ];
    const { stored, created } = await repo.recordEvaluations(batch, byScore);
    expect(created.map((r) => r.taskId)).toEqual(['b1', 'b2']);
    expect(stored.find((r) => r.taskId === 'b0')?.eventId).toBe(earlier.eventId);
    const [rep] = await repo.reputationsOf('agent-e');
    // 0.5 → 0.65 (b0) → 0.455 (b1, score 0) → 0.6185 (b2, score 1)
    expect(rep).toMatchObject({ samples: 3 });
    expect(rep!.score).toBeCloseTo(0.6185, 10);
  });

  it('counts a failure once per attempt, as a score of 0', async () => {
    const failure = {
      taskId: 't2',
      attempt: 1,
      agentId: 'agent-b',
      capability: 'gather',
      code: 'timeout',
    };
    expect(await repo.recordFailures([failure], (r) => afterFailure(r, 0.5))).toHaveLength(1);
    expect(await repo.recordFailures([failure], (r) => afterFailure(r, 0.5))).toEqual([]);
    expect(await repo.reputationsOf('agent-b')).toEqual([
      { capability: 'gather', score: 0.25, samples: 0, failures: 1 },
    ]);
  });

  it('loses no update when many verdicts for one agent land at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo.recordEvaluations([record(`c${i}`, 'agent-c', 1)], byScore),
      ),
    );
    expect(results.every((r) => r.created.length === 1)).toBe(true);
    const [rep] = await repo.reputationsOf('agent-c');
    expect(rep!.samples).toBe(8);
    expect(rep!.score).toBeCloseTo(1 - 0.5 * 0.7 ** 8, 10);
  });

  it('lists every capability of an agent', async () => {
    await repo.recordEvaluations(
      [{ ...record('t3', 'agent-d', 0.9), capability: 'analyze' }],
      byScore,
    );
    await repo.recordEvaluations(
      [{ ...record('t4', 'agent-d', 0.2), capability: 'gather' }],
      byScore,
    );
    expect((await repo.reputationsOf('agent-d')).map((r) => r.capability)).toEqual([
      'analyze',
      'gather',
    ]);
  });
});
