export { EMBEDDER, type MemoryConfig } from './memory-config';
export { MemoryController } from './memory.controller';
export { MemoryEventsHandler } from './memory-events.handler';
export { MemoryFeatureModule } from './memory-feature.module';
export { MemoryService, type StoredDocument } from './memory.service';
export { createEmbedder, openEmbedder, selectEmbedder } from './memory-embedder';
