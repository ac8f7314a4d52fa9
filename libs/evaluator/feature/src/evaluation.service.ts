import {
  DEFAULT_VISIBILITY,
  newEnvelope,
  outputKinds,
  type Envelope,
  type TaskCompleted,
  type TaskEvaluated,
  type TaskFailed,
} from '@agora/contracts';
import {
  EvaluationRepository,
  type AwardTerms,
  type EvaluationRecord,
  type EvaluationTransaction,
} from '@agora/evaluator/data-access';
import {
  afterEvaluation,
  afterFailure,
  AGENT_FAULT_CODES,
  checkCitations,
  checkUndocumentedReply,
  inspectOutput,
  relevanceCheck,
  relevanceThreshold,
  relevanceTo,
  type Check,
  type CitedItem,
  type Judge,
  type Judgement,
  type RelevanceEmbedder,
} from '@agora/evaluator/domain';
import { MemorySearchClient } from '@agora/memory-client';
import { MessagingClient, RetriableError, type OutgoingEvent } from '@agora/messaging';
import { counter, gauge, histogram, type Logger } from '@agora/observability';
import { Outbox } from '@agora/outbox';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { JUDGE, RELEVANCE_EMBEDDER, type EvaluatorConfig } from './evaluator-config';
import { judgeWithModel } from './model-judge';
import { relevanceThresholds } from './relevance-embedder';

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
 * Judges completed attempts and keeps reputations, a batch at a time. Judging is idempotent per
 * (task, attempt): the first verdict, its reputation moves and the TaskEvaluated and
 * AgentReputation that announce them commit in one transaction (the outbox) and are published
 * after it; a redelivery finds the verdict stored and does nothing, since its events are already
 * committed and the outbox relay publishes any that a crash kept from going out.
 */
@Injectable()
export class EvaluationService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: EvaluationRepository,
    private readonly memory: MemorySearchClient,
    private readonly messaging: MessagingClient,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: EvaluatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RELEVANCE_EMBEDDER) private readonly relevanceEmbedder: RelevanceEmbedder,
    @Optional() @Inject(JUDGE) private readonly modelJudge?: Judge,
  ) {}

  /** Joins the memory reply group now rather than on the first citation check. */
  async onApplicationBootstrap(): Promise<void> {
    await this.memory.start();
  }

  /**
   * Judges a batch of results: verdicts already stored (redeliveries) are skipped; the others
   * are judged concurrently and stored with their reputation moves and their events (one
   * TaskEvaluated each, one AgentReputation per agent) in one transaction, then published.
   */
  async evaluateAll(
    events: readonly TaskCompleted[],
    terms: ReadonlyMap<string, AwardTerms | undefined> = new Map(),
  ): Promise<void> {
    const known = new Set(
      (await this.repository.findEvaluations(events)).map((e) => `${e.taskId}#${e.attempt}`),
    );
    const fresh = events.filter((e) => !known.has(`${e.taskId}#${e.attempt}`));
    if (fresh.length === 0) return;
    const records = await Promise.all(
      fresh.map((event) =>
        this.judgeToRecord(event, terms.get(`${event.taskId}#${event.attempt}`)),
      ),
    );
    let outgoing: OutgoingEvent[] = [];
    const { created } = await this.repository.recordEvaluations(
      records,
      (r, record) => afterEvaluation(r, record.score, this.config.EVAL_REPUTATION_ALPHA),
      async (tx, created) => {
        outgoing = [
          ...created.map((e) => ({ type: 'TaskEvaluated' as const, event: this.toEvent(e) })),
          ...(await this.reputationEvents(
            tx,
            created.map((e) => ({ agentId: e.agentId, cause: { eventId: e.eventId } })),
          )),
        ];
        await this.outbox.stage(tx.manager, outgoing);
      },
    );
    for (const e of created) {
      verdicts.inc({ verdict: e.verdict, capability: e.capability });
      scores.observe({ capability: e.capability }, e.score);
      this.logger.info(
        {
          goalId: e.goalId,
          taskId: e.taskId,
          attempt: e.attempt,
          agentId: e.agentId,
          verdict: e.verdict,
          score: e.score,
        },
        'task evaluated',
      );
    }
    await this.outbox.publishOrRelay(outgoing);
  }

  /** Counts failures at the agent's fault against its reputation; other failures are not its doing. */
  async recordFailures(events: readonly TaskFailed[]): Promise<void> {
    const counted = events.filter(
      (e): e is TaskFailed & { agentId: string } =>
        e.agentId !== null && AGENT_FAULT_CODES.has(e.code),
    );
    if (counted.length === 0) return;
    let outgoing: OutgoingEvent[] = [];
    const created = await this.repository.recordFailures(
      counted.map((e) => ({
        taskId: e.taskId,
        attempt: e.attempt,
        agentId: e.agentId,
        capability: e.capability,
        code: e.code,
      })),
      (r) => afterFailure(r, this.config.EVAL_REPUTATION_ALPHA),
      async (tx, created) => {
        const isNew = new Set(created.map((f) => `${f.taskId}#${f.attempt}`));
        outgoing = await this.reputationEvents(
          tx,
          counted
            .filter((e) => isNew.has(`${e.taskId}#${e.attempt}`))
            .map((e) => ({ agentId: e.agentId, cause: e })),
        );
        await this.outbox.stage(tx.manager, outgoing);
      },
    );
    for (const f of created) {
      this.logger.info(
        { taskId: f.taskId, attempt: f.attempt, agentId: f.agentId, code: f.code },
        'failure counted against the agent',
      );
    }
    await this.outbox.publishOrRelay(outgoing);
  }

  private async judgeToRecord(
    event: TaskCompleted,
    terms: AwardTerms | undefined,
  ): Promise<EvaluationRecord> {
    const judgement = await tracer.startActiveSpan('evaluator.judge', async (span) => {
      span.setAttributes({ 'agora.task_id': event.taskId, 'agora.capability': event.capability });
      try {
        return await this.judge(event, terms);
      } finally {
        span.end();
      }
    });
    const envelope = newEnvelope({ producer: this.messaging.options.producer, causation: event });
    return {
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
  }

  private async judge(event: TaskCompleted, terms: AwardTerms | undefined): Promise<Judgement> {
    const inspection = inspectOutput(
      event.capability,
      event.output,
      {
        minChars: this.config.EVAL_MIN_OUTPUT_CHARS,
        maxChars: this.config.EVAL_MAX_OUTPUT_CHARS,
      },
      terms?.outputKind,
      { mayFindNothing: terms?.mayFindNothing ?? false },
    );
    const checks: Check[] = [...inspection.checks];
    const relevance = await this.relevance(inspection.output, terms);
    if (relevance) checks.push(relevance);
    if (terms?.undocumented && inspection.output) {
      const text = outputKinds.mainText(inspection.output);
      if (text !== undefined && text.trim()) checks.push(checkUndocumentedReply(text));
    }
    if (inspection.citations.length > 0) {
      const citationCheck = checkCitations(
        inspection.citations,
        await this.citedItems(
          event,
          inspection.citations.map((c) => c.itemId),
        ),
        terms?.quote ?? DEFAULT_VISIBILITY,
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

  /** Whether the output's main text is about the goal; none for a kind without main text. */
  private async relevance(
    output: unknown,
    terms: AwardTerms | undefined,
  ): Promise<Check | undefined> {
    const goal = terms?.goal;
    if (output === undefined || !goal) return undefined;
    const embedder = this.relevanceEmbedder.name;
    const threshold = relevanceThreshold(
      embedder,
      relevanceThresholds(this.config),
      terms.minRelevance,
    );
    const text = outputKinds.mainText(output);
    if (threshold <= 0 || text === undefined || !text.trim()) return undefined;
    const similarity = await relevanceTo(this.relevanceEmbedder, goal, text);
    return relevanceCheck(similarity, goal, { threshold, embedder });
  }

  /**
   * The cited items, whatever their visibility: the evaluator quotes them to nobody, and must tell
   * an item above the step's level (which the step may not quote) from one that does not exist.
   */
  private async citedItems(
    event: TaskCompleted,
    itemIds: string[],
  ): Promise<Map<string, CitedItem>> {
    try {
      const hits = await this.memory.getItems([...new Set(itemIds)], {
        requester: REQUESTER,
        goalId: event.envelope.goalId,
        timeoutMs: this.config.EVAL_MEMORY_TIMEOUT_MS,
        maxVisibility: 'restricted',
      });
      return new Map(
        hits.map((h) => [
          h.itemId,
          { content: h.content, visibility: h.visibility, title: h.title },
        ]),
      );
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

  /**
   * One AgentReputation per agent, with all its capabilities as the transaction left them,
   * caused by its latest event.
   */
  private async reputationEvents(
    tx: EvaluationTransaction,
    items: readonly { agentId: string; cause: { eventId: string } | { envelope: Envelope } }[],
  ): Promise<OutgoingEvent[]> {
    const latest = new Map(items.map((i) => [i.agentId, i.cause]));
    if (latest.size === 0) return [];
    const figures = await tx.reputationsOfAgents([...latest.keys()]);
    return [...latest].map(([agentId, cause]) => {
      const capabilities = figures.get(agentId) ?? [];
      // The gauge may run ahead of a commit that then fails; the next move corrects it.
      for (const c of capabilities)
        reputationGauge.set({ agent: agentId, capability: c.capability }, c.score);
      const causation =
        'envelope' in cause ? cause : { envelope: { eventId: cause.eventId } as Envelope };
      return {
        type: 'AgentReputation' as const,
        event: {
          envelope: newEnvelope({
            producer: this.messaging.options.producer,
            goalId: null,
            causation,
          }),
          agentId,
          capabilities,
        },
      };
    });
  }
}
