import { MemoryItemRepository } from '@agora/memory/data-access';
import type { Logger } from '@agora/observability';
import { OutboxModule } from '@agora/outbox';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Module } from '@nestjs/common';
import { MemoryEventsHandler, MemorySearchResponder } from './memory-events.handler';
import { EMBEDDER, type MemoryConfig } from './memory-config';
import { MemoryController } from './memory.controller';
import { MemoryService } from './memory.service';
import { MemoryOpenApiController } from './openapi.controller';
import { openEmbedder } from './memory-embedder';

/**
 * The memory: stores swarm events and knowledge, serves search over HTTP and Kafka. Needs the
 * service runtime (SERVICE_CONFIG with {@link MemoryConfig}, LOGGER, messaging, the database
 * with the memory's entities and migrations).
 *
 * Embeddings come from the configured provider (EMBEDDING_PROVIDER=openai), the offline MiniLM
 * model (MEMORY_EMBEDDER=minilm, or auto with its files present) or the built-in hashing
 * embedder. Each item records its embedder's id and a search compares only vectors of the
 * query's embedder, so after switching embedders items are found by vector again only once
 * they are stored anew (re-posting documents re-embeds them).
 */
@Module({
  imports: [
    OutboxModule.forFeature({ inject: [LOGGER], useFactory: (logger: Logger) => ({ logger }) }),
  ],
  controllers: [MemoryController, MemoryOpenApiController],
  providers: [
    MemoryItemRepository,
    MemoryService,
    MemoryEventsHandler,
    MemorySearchResponder,
    {
      provide: EMBEDDER,
      inject: [SERVICE_CONFIG],
      useFactory: (config: MemoryConfig) => openEmbedder(config),
    },
  ],
  exports: [MemoryService],
})
export class MemoryFeatureModule {}
