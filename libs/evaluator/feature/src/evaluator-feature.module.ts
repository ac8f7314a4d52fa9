import { AwardRepository, EvaluationRepository } from '@agora/evaluator/data-access';
import type { Judge } from '@agora/evaluator/domain';
import { MemorySearchClient } from '@agora/memory-client';
import { MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { OutboxModule } from '@agora/outbox';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { JUDGE, RELEVANCE_EMBEDDER, type EvaluatorConfig } from './evaluator-config';
import { EvaluationService } from './evaluation.service';
import { EvaluatorEventsHandler } from './evaluator-events.handler';
import { openRelevanceEmbedder } from './relevance-embedder';
import { ResultFence } from './result-fence.service';

/**
 * The evaluator: judges TaskCompleted outputs of the agents awarded their attempts (citations
 * checked against memory over Kafka), publishes TaskEvaluated and AgentReputation. Needs the service runtime with the evaluator's
 * entities and migrations. Relevance to the goal is judged with the offline MiniLM model when its
 * files are there (EVAL_RELEVANCE_EMBEDDER=auto), with the hashing embedder otherwise. Imported as is, it judges with the deterministic checks only;
 * {@link EvaluatorFeatureModule.withJudge} adds a model judge under JUDGE.
 */
@Module({
  imports: [
    OutboxModule.forFeature({ inject: [LOGGER], useFactory: (logger: Logger) => ({ logger }) }),
  ],
  providers: [
    AwardRepository,
    EvaluationRepository,
    EvaluationService,
    ResultFence,
    EvaluatorEventsHandler,
    {
      provide: RELEVANCE_EMBEDDER,
      inject: [SERVICE_CONFIG, LOGGER],
      useFactory: async (config: EvaluatorConfig, logger: Logger) => {
        const relevance = await openRelevanceEmbedder(config);
        logger.info(
          { embedder: relevance.name, id: relevance.embedder.id },
          'relevance judged with this embedder',
        );
        return relevance;
      },
    },
    {
      provide: MemorySearchClient,
      inject: [MessagingClient, SERVICE_CONFIG],
      useFactory: (messaging: MessagingClient, config: EvaluatorConfig) =>
        new MemorySearchClient(messaging, {
          groupPrefix: `${config.KAFKA_TOPIC_PREFIX}agora.evaluator.`,
          defaultTimeoutMs: config.EVAL_MEMORY_TIMEOUT_MS,
        }),
    },
  ],
})
export class EvaluatorFeatureModule {
  /**
   * The module with `judge` provided under JUDGE; with undefined (e.g. LLM_PROVIDER none) it is
   * the plain module.
   */
  static withJudge(judge: Judge | undefined): DynamicModule {
    return {
      module: EvaluatorFeatureModule,
      providers: judge ? [{ provide: JUDGE, useValue: judge }] : [],
    };
  }
}
