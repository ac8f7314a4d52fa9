import type { TaskOutput } from '@agora/contracts';
import { fail, judge, pass, type Check } from '@agora/evaluator/domain';
import { openAiModel } from '@agora/llm';
import {
  chatAnswer,
  fakeOpenAiServer,
  serverError,
  type FakeOpenAi,
  type FakeReply,
} from '@agora/llm/testing';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelJudge, judgeWithModel, ModelJudge } from './model-judge';

const servers: FakeOpenAi[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A local OpenAI-compatible endpoint answering every call with `reply`, closed after each test. */
async function fakeOpenAi(reply: FakeReply): Promise<FakeOpenAi> {
  const api = await fakeOpenAiServer(reply);
  servers.push(api);
  return api;
}

const answer = (content: string) => chatAnswer(content, { model: 'judge-1' });

/** A logger whose warnings the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

const output = {
  kind: 'text',
  text: 'Kafka partitions give ordering per key and parallelism across keys.',
} as unknown as TaskOutput;
const checks: Check[] = [
  pass('structure', 3, true),
  fail('length', 1, false, ['the text is shorter than expected'], 0.8),
];
const ids = { goalId: 'g-1', taskId: 't-1', attempt: 1, agentId: 'writer-1' };
const threshold = 0.8;
const deterministic = judge(checks, threshold);

async function judgeAgainst(reply: FakeReply) {
  const api = await fakeOpenAi(reply);
  const model = openAiModel({
    model: 'judge-1',
    baseUrl: api.baseUrl,
    maxAttempts: 2,
    initialDelayMs: 10,
    maxDelayMs: 20,
  });
  const { logger, lines } = capturingLogger();
  const judgement = await judgeWithModel(
    checks,
    { capability: 'write', output, goal: 'Explain Kafka partitions' },
    { judge: new ModelJudge(model, { timeoutMs: 5_000 }), weight: 0.3, threshold, logger, ids },
  );
  return { judgement, lines, requests: api.requests };
}

describe('ModelJudge against an OpenAI-compatible server', () => {
  it('mixes a low score into the final score and passes its feedback on', async () => {
    expect(deterministic).toMatchObject({ verdict: 'ACCEPTED', score: 0.95 });
    const { judgement, lines, requests } = await judgeAgainst(
      answer('```json\n{"score": 0.2, "feedback": "It never explains consumer groups."}\n```'),
    );
    expect(judgement.score).toBeCloseTo(0.7 * 0.95 + 0.3 * 0.2, 3);
    expect(judgement.score).toBeLessThan(deterministic.score);
    expect(judgement.verdict).toBe('REJECTED');
    expect(judgement.feedback).toContain('judge: It never explains consumer groups.');
    expect(lines).toEqual([]);

    // The prompt carries the capability, the goal and the output, and asks for strict JSON.
    expect(requests).toHaveLength(1);
    const messages = requests[0]!['messages'] as { role: string; content: string }[];
    const sent = messages.map((m) => m.content).join('\n');
    expect(sent).toContain('Capability: write');
    expect(sent).toContain('Goal: Explain Kafka partitions');
    expect(sent).toContain('ordering per key');
    expect(sent).toContain('"score"');
    expect(requests[0]!['temperature']).toBe(0);
  });

  it('ignores a malformed answer: the deterministic result stands and the reason is logged', async () => {
    const { judgement, lines } = await judgeAgainst(answer('I would give it 2 out of 10.'));
    expect(judgement).toEqual(deterministic);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ taskId: 't-1', agentId: 'writer-1', capability: 'write' });
    expect(JSON.stringify(lines[0])).toContain('answer is not JSON');
  });

  it('ignores a failing server: the deterministic result stands and the reason is logged', async () => {
    const { judgement, lines, requests } = await judgeAgainst(serverError);
    expect(judgement).toEqual(deterministic);
    expect(requests).toHaveLength(2);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toMatch(/500|overloaded/);
  });

  it('gives up within its timeout when the server never answers', async () => {
    const api = await fakeOpenAi(() => undefined);
    const model = openAiModel({ model: 'judge-1', baseUrl: api.baseUrl, timeoutMs: 60_000 });
    const { logger, lines } = capturingLogger();
    const started = Date.now();
    const judgement = await judgeWithModel(
      checks,
      { capability: 'write', output },
      { judge: new ModelJudge(model, { timeoutMs: 300 }), weight: 0.3, threshold, logger, ids },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(judgement).toEqual(deterministic);
    expect(lines).toHaveLength(1);
  });

  it('is not asked when a hard check already failed', async () => {
    const api = await fakeOpenAi(answer('{"score": 1, "feedback": "great"}'));
    const model = openAiModel({ model: 'judge-1', baseUrl: api.baseUrl });
    const broken = [fail('citations', 2, true, ['fabricated quote']), pass('length', 1, false)];
    const judgement = await judgeWithModel(
      broken,
      { capability: 'write', output },
      {
        judge: new ModelJudge(model, { timeoutMs: 5_000 }),
        weight: 0.3,
        threshold,
        logger: capturingLogger().logger,
        ids,
      },
    );
    expect(judgement).toEqual(judge(broken, threshold));
    expect(api.requests).toHaveLength(0);
  });
});

describe('createModelJudge', () => {
  const llm = {
    LLM_TIMEOUT_MS: 1_000,
    LLM_PRICE_INPUT_PER_1K: 0,
    LLM_PRICE_OUTPUT_PER_1K: 0,
  };

  it('makes no judge when the provider is none', () => {
    expect(createModelJudge({ ...llm, LLM_PROVIDER: 'none' })).toBeUndefined();
  });

  it('makes one for a configured provider', () => {
    expect(
      createModelJudge({ ...llm, LLM_PROVIDER: 'openai', LLM_MODEL: 'judge-1' }),
    ).toBeInstanceOf(ModelJudge);
  });
});
