import {
  newEnvelope,
  type Envelope,
  type TaskCompleted,
  type TaskEvaluated,
  type TaskFailed,
} from '@agora/contracts';
import { EvaluationRepository, type EvaluationRecord } from '@agora/evaluator/data-access';
import {
  afterEvaluation,
  afterFailure,
  AGENT_FAULT_CODES,
  checkCitations,
  inspectOutput,
  type Check,
  type Judge,
  type Judgement,
} from '@agora/evaluator/domain';
import { MemorySearchClient } from '@agora/memory-client';
import { MessagingClient, RetriableError } from '@agora/messaging';
import { counter, gauge, histogram, type Logger } from '@agora/observability';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { JUDGE, type EvaluatorConfig } from './evaluator-config';
import { judgeWithModel } from './model-judge';

const verdicts = counter(
  'agora_evaluator_verdicts_total',
  'Verdicts given, by verdict and capability.',
  ['verdict', 'capability'],
);
const scores = histogram(
  'agora_evaluator_score',
  'Scores given to task outputs.',
  ['capability'],
  [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
);
const reputationGauge = gauge(
  'agora_agent_reputation',
  'Current reputation of an agent for a capability.',
  ['agent', 'capability'],
);
const tracer = trace.getTracer('@agora/evaluator');

/** Name the evaluator asks memory under. */
const REQUESTER = 'evaluator';

/**
 * Judges completed attempts and keeps reputations. Judging is idempotent per (task, attempt):
 * the first verdict is stored with its TaskEvaluated envelope, and a redelivery republishes that
 * same event (consumers deduplicate on its eventId) without judging or moving the reputation again.
 */
@Injectable()
export class EvaluationService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: EvaluationRepository,
    private readonly memory: MemorySearchClient,
    private readonly messaging: MessagingClient,
    @Inject(SERVICE_CONFIG) private readonly config: EvaluatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(JUDGE) private readonly modelJudge?: Judge,
  ) {}

  /** Joins the memory reply group now rather than on the first citation check. */
  async onApplicationBootstrap(): Promise<void> {
    await this.memory.start();
  }

  async evaluate(event: TaskCompleted): Promise<void> {
    const ids = {
      goalId: event.envelope.goalId,
      taskId: event.taskId,
      attempt: event.attempt,
      agentId: event.agentId,
    };
    let stored = await this.repository.findEvaluation(event.taskId, event.attempt);
    if (!stored) {
      const judgement = await tracer.startActiveSpan('evaluator.judge', async (span) => {
        span.setAttributes({ 'agora.task_id': event.taskId, 'agora.capability': event.capability });
        try {
          return await this.judge(event);
        } finally {
          span.end();
        }
      });
      const envelope = newEnvelope({ producer: this.messaging.options.producer, causation: event });
      const record: EvaluationRecord = {
        taskId: event.taskId,
        attempt: event.attempt,
        agentId: event.agentId,
        capability: event.capability,
        verdict: judgement.verdict,
        score: judgement.score,
        feedback: judgement.feedback,
        eventId: envelope.eventId,
        occurredAt: envelope.occurredAt,
        goalId: envelope.goalId,
        causationId: envelope.causationId,
      };
      const result = await this.repository.recordEvaluation(record, (r) =>
        afterEvaluation(r, judgement.score, this.config.EVAL_REPUTATION_ALPHA),
      );
      stored = result.evaluation;
      if (result.created) {
        verdicts.inc({ verdict: stored.verdict, capability: stored.capability });
        scores.observe({ capability: stored.capability }, stored.score);
        this.logger.info(
          { ...ids, verdict: stored.verdict, score: stored.score },
          'task evaluated',
        );
      }
    }
    await this.messaging.publisher.publish('TaskEvaluated', this.toEvent(stored));
    await this.publishReputation(stored.agentId, stored);
  }

  /** Counts a failure at the agent's fault against its reputation; other failures are not its doing. */
  async recordFailure(event: TaskFailed): Promise<void> {
    if (event.agentId === null || !AGENT_FAULT_CODES.has(event.code)) return;
    const created = await this.repository.recordFailure(
      {
        taskId: event.taskId,
        attempt: event.attempt,
        agentId: event.agentId,
        capability: event.capability,
        code: event.code,
      },
      (r) => afterFailure(r, this.config.EVAL_REPUTATION_ALPHA),
    );
    if (created) {
      this.logger.info(
        {
          goalId: event.envelope.goalId,
          taskId: event.taskId,
          attempt: event.attempt,
          agentId: event.agentId,
          code: event.code,
        },
        'failure counted against the agent',
      );
    }
    await this.publishReputation(event.agentId, event);
  }

  private async judge(event: TaskCompleted): Promise<Judgement> {
    const inspection = inspectOutput(event.capability, event.output, {
      minChars: this.config.EVAL_MIN_OUTPUT_CHARS,
      maxChars: this.config.EVAL_MAX_OUTPUT_CHARS,
    });
    const checks: Check[] = [...inspection.checks];
    if (inspection.citations.length > 0) {
      const citationCheck = checkCitations(
        inspection.citations,
        await this.citedItems(
          event,
          inspection.citations.map((c) => c.itemId),
        ),
      );
      if (citationCheck) checks.push(citationCheck);
    }
    // The model call is bounded by the judge's own timeout (LLM_TIMEOUT_MS), since this runs
    // inside the TaskCompleted consumer callback.
    return judgeWithModel(
      checks,
      inspection.output && { capability: event.capability, output: inspection.output },
      {
        judge: this.modelJudge,
        weight: this.config.EVAL_JUDGE_WEIGHT,
        threshold: this.config.EVAL_ACCEPT_THRESHOLD,
        logger: this.logger,
        ids: {
          goalId: event.envelope.goalId,
          taskId: event.taskId,
          attempt: event.attempt,
          agentId: event.agentId,
        },
      },
    );
  }

  private async citedItems(event: TaskCompleted, itemIds: string[]): Promise<Map<string, string>> {
    try {
      const hits = await this.memory.getItems(
        [...new Set(itemIds)],
        { requester: REQUESTER, goalId: event.envelope.goalId },
        this.config.EVAL_MEMORY_TIMEOUT_MS,
      );
      return new Map(hits.map((h) => [h.itemId, h.content]));
    } catch (error) {
      // Without memory the citations cannot be checked either way: try again later rather than
      // reject a good output or accept a fabricated one.
      throw new RetriableError(`could not fetch cited items from memory for task ${event.taskId}`, {
        cause: error,
      });
    }
  }

  private toEvent(e: EvaluationRecord): TaskEvaluated {
    return {
      envelope: {
        eventId: e.eventId,
        occurredAt: e.occurredAt,
        goalId: e.goalId,
        causationId: e.causationId,
        producer: this.messaging.options.producer,
      },
      taskId: e.taskId,
      attempt: e.attempt,
      agentId: e.agentId,
      capability: e.capability,
      verdict: e.verdict,
      score: e.score,
      feedback: e.feedback,
    };
  }

  private async publishReputation(
    agentId: string,
    cause: { eventId: string } | { envelope: Envelope },
  ) {
    const capabilities = await this.repository.reputationsOf(agentId);
    for (const c of capabilities)
      reputationGauge.set({ agent: agentId, capability: c.capability }, c.score);
    const causation =
      'envelope' in cause ? cause : { envelope: { eventId: cause.eventId } as Envelope };
    await this.messaging.publisher.publish('AgentReputation', {
      envelope: newEnvelope({ producer: this.messaging.options.producer, goalId: null, causation }),
      agentId,
      capabilities,
    });
  }
}
