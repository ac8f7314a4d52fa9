import { MemoryItemRepository } from '@agora/memory/data-access';
import { HashingEmbedder } from '@agora/memory/domain';
import { Module } from '@nestjs/common';
import { MemoryEventsHandler } from './memory-events.handler';
import { EMBEDDER } from './memory-config';
import { MemoryController } from './memory.controller';
import { MemoryService } from './memory.service';

/**
 * The memory: stores swarm events and knowledge, serves search over HTTP and Kafka. Needs the
 * service runtime (SERVICE_CONFIG with {@link MemoryConfig}, LOGGER, messaging, the database
 * with the memory's entities and migrations).
 *
 * Embeddings come from the built-in hashing embedder. A model-backed one plugs in by providing
 * another {@link Embedder} under EMBEDDER; the stored vectors must then be recomputed, since
 * vectors of two embedders are not comparable.
 */
@Module({
  controllers: [MemoryController],
  providers: [
    MemoryItemRepository,
    MemoryService,
    MemoryEventsHandler,
    { provide: EMBEDDER, useValue: new HashingEmbedder() },
  ],
  exports: [MemoryService],
})
export class MemoryFeatureModule {}
