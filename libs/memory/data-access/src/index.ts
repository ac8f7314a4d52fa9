export { AddItemEmbedder1764000000000 } from './add-item-embedder.migration';
export { AddItemVisibility1768000000000 } from './add-item-visibility.migration';
export { addPgvectorMigration, PGVECTOR_INDEX_MAX_DIMENSIONS } from './add-pgvector.migration';
export { CreateMemoryItems1732420000000 } from './create-memory-items.migration';
export { MemoryItemEntity } from './memory-item.entity';
export {
  MemoryItemRepository,
  type CandidateQuery,
  type ItemCandidate,
  type ReadItem,
  type StoredItem,
} from './memory-item.repository';
export { memoryEntities, memoryMigrations, memoryMigrationsFor } from './memory-schema';
export {
  candidatesSql,
  toVectorLiteral,
  upsertSql,
  vectorPathFor,
  type VectorPath,
} from './vector-sql';
