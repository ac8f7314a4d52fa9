import { EvaluationRepository } from '@agora/evaluator/data-access';
import { MemorySearchClient } from '@agora/memory-client';
import { MessagingClient } from '@agora/messaging';
import { SERVICE_CONFIG } from '@agora/runtime';
import { Module } from '@nestjs/common';
import type { EvaluatorConfig } from './evaluator-config';
import { EvaluationService } from './evaluation.service';
import { EvaluatorEventsHandler } from './evaluator-events.handler';

/**
 * The evaluator: judges TaskCompleted outputs (citations checked against memory over Kafka),
 * publishes TaskEvaluated and AgentReputation. Needs the service runtime with the evaluator's
 * entities and migrations. A model judge is used only when a module provides one under JUDGE.
 */
@Module({
  providers: [
    EvaluationRepository,
    EvaluationService,
    EvaluatorEventsHandler,
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
export class EvaluatorFeatureModule {}
